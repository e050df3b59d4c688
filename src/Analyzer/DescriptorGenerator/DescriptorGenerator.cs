using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Folint.DescriptorGenerator;

/// <summary>
/// Writes <c>FolintDiagnostics.Rows</c> (Folint.Roslyn) from the rules/FOL*.yaml files the project passes as
/// AdditionalFiles: for each rule that is not retired, its title, category, default severity, message and message
/// variants, as Roslynator generates its descriptors from its metadata. The YAML is validated in full by
/// Folint.CSource's RuleCatalogLoader (and its tests); this reads only what a descriptor needs and stops the build
/// with FOLGEN001 when that is missing, rather than generating a row that drifts.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DescriptorGenerator : IIncrementalGenerator
{
    private static readonly Regex RuleFile = new(@"^FOL[0-9]+\.yaml$", RegexOptions.CultureInvariant);

    private static readonly DiagnosticDescriptor Unreadable = new(
        "FOLGEN001",
        "A rule file cannot give a descriptor",
        "{0}: {1}",
        "Folint.Build",
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var rows = context.AdditionalTextsProvider
            .Where(file => RuleFile.IsMatch(Path.GetFileName(file.Path)))
            .Select((file, cancellationToken) => Read(file.Path, file.GetText(cancellationToken)?.ToString() ?? ""))
            .Collect();
        context.RegisterSourceOutput(rows, (output, read) =>
        {
            foreach (var problem in read.Where(r => r.Problem is not null))
                output.ReportDiagnostic(Diagnostic.Create(Unreadable, Location.Create(problem.File, default, new LinePositionSpan(new LinePosition(problem.Line, 0), new LinePosition(problem.Line, 0))), Path.GetFileName(problem.File), problem.Problem));
            if (read.Any(r => r.Problem is not null))
                return;
            output.AddSource("FolintDiagnostics.Rows.g.cs", SourceText.From(Write(read.Where(r => !r.Retired).OrderBy(r => r.Id, StringComparer.Ordinal)), Encoding.UTF8));
        });
    }

    /// <summary>What one rule file gives a descriptor, or why it cannot (<see cref="Problem"/>, at <see cref="Line"/>, 0-based).</summary>
    private sealed record RuleRow(string File, string Id, string Title, string Category, string Severity, string Message, ImmutableArray<(string Name, string Format)> Variants, bool Retired)
    {
        public string? Problem { get; init; }

        public int Line { get; init; }

        // Value equality for the incremental pipeline: ImmutableArray compares by reference.
        public bool Equals(RuleRow? other) =>
            other is not null && File == other.File && Id == other.Id && Title == other.Title && Category == other.Category && Severity == other.Severity &&
            Message == other.Message && Variants.SequenceEqual(other.Variants) && Retired == other.Retired && Problem == other.Problem && Line == other.Line;

        public override int GetHashCode() => (File, Id, Message).GetHashCode();
    }

    private static RuleRow Read(string file, string text)
    {
        RuleRow Fail(string problem, int line = 0) =>
            new(file, "", "", "", "", "", ImmutableArray<(string, string)>.Empty, false) { Problem = problem, Line = line };

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            return Fail("not valid YAML: " + e.Message, (int)e.Start.Line - 1);
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            return Fail("expected one YAML document, a mapping of the rule's fields");

        string? Scalar(string key) =>
            root.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode { Value: { Length: > 0 } value } ? value.TrimEnd() : null;

        var missing = new[] { "id", "title", "category", "severity", "message" }.FirstOrDefault(key => Scalar(key) is null);
        if (missing is not null)
            return Fail($"'{missing}' is missing or not a string");
        if (Scalar("severity") is not ("note" or "warning" or "error"))
            return Fail($"severity '{Scalar("severity")}' is not note, warning or error");

        var variants = ImmutableArray.CreateBuilder<(string, string)>();
        if (root.Children.TryGetValue(new YamlScalarNode("variants"), out var variantsNode))
        {
            if (variantsNode is not YamlMappingNode map)
                return Fail("'variants' is not a mapping of names to messages", (int)variantsNode.Start.Line - 1);
            foreach (var entry in map.Children)
            {
                if (entry.Key is not YamlScalarNode { Value: { Length: > 0 } name } || entry.Value is not YamlScalarNode { Value: { Length: > 0 } format })
                    return Fail("each variant is a name and a message", (int)entry.Key.Start.Line - 1);
                variants.Add((name, format.TrimEnd()));
            }
        }
        return new RuleRow(file, Scalar("id")!, Scalar("title")!, Scalar("category")!, Scalar("severity")!, Scalar("message")!, variants.ToImmutable(), Scalar("retired") == "true");
    }

    private static string Write(IEnumerable<RuleRow> rules)
    {
        var text = new StringBuilder();
        text.AppendLine("// <auto-generated/>");
        text.AppendLine("// Folint.DescriptorGenerator wrote this from rules/FOL*.yaml: change the YAML, not this file.");
        text.AppendLine("#nullable enable");
        text.AppendLine("using System.Collections.Generic;");
        text.AppendLine("using Microsoft.CodeAnalysis;");
        text.AppendLine();
        text.AppendLine("namespace Folint.Analyzer.Roslyn;");
        text.AppendLine();
        text.AppendLine("public static partial class FolintDiagnostics");
        text.AppendLine("{");
        text.AppendLine("    internal static readonly IReadOnlyDictionary<string, Row> Rows = new Dictionary<string, Row>");
        text.AppendLine("    {");
        foreach (var rule in rules)
        {
            text.Append("        [").Append(Literal(rule.Id)).AppendLine("] = new Row(");
            text.Append("            ").Append(Literal(rule.Title)).AppendLine(",");
            text.Append("            ").Append(Literal(rule.Category)).AppendLine(",");
            text.Append("            DiagnosticSeverity.").Append(rule.Severity switch { "note" => "Info", "error" => "Error", _ => "Warning" }).AppendLine(",");
            text.Append("            ").Append(Literal(rule.Message)).AppendLine(",");
            text.AppendLine("            new Dictionary<string, string>");
            text.AppendLine("            {");
            foreach (var (name, format) in rule.Variants)
                text.Append("                [").Append(Literal(name)).Append("] = ").Append(Literal(format)).AppendLine(",");
            text.AppendLine("            }),");
        }
        text.AppendLine("    };");
        text.AppendLine("}");
        return text.ToString();
    }

    private static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);
}
