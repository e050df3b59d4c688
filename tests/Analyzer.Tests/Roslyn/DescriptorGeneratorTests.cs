using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Folint.Analyzer.Tests.Roslyn;

/// <summary>The generator that writes the descriptor rows from rule files, run on rule files written here.</summary>
public sealed class DescriptorGeneratorTests
{
    private sealed class RuleFile(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private static (string? Generated, ImmutableArray<Diagnostic> Diagnostics) Run(params (string Path, string Text)[] files)
    {
        var driver = CSharpGeneratorDriver.Create(
            new[] { new Folint.DescriptorGenerator.DescriptorGenerator().AsSourceGenerator() },
            files.Select(f => (AdditionalText)new RuleFile(f.Path, f.Text)));
        var result = driver.RunGenerators(CSharpCompilation.Create("probe")).GetRunResult().Results.Single();
        return (result.GeneratedSources.Select(s => s.SourceText.ToString()).SingleOrDefault(), result.Diagnostics);
    }

    private const string Rule =
        "id: FOL042\ntitle: A \"quoted\" title\nseverity: note\ncategory: Correctness\n" +
        "message: >-\n  {0} writes {1}\n  and more\nmessageArguments: [a, b]\nvariants:\n  raw: \"{0} reads {1}\"\n";

    [Fact]
    public void RuleFile_GivesARow_WithItsSeverityMessageAndVariants()
    {
        var (generated, diagnostics) = Run(("/repo/rules/FOL042.yaml", Rule), ("/repo/rules/kernel/phases.yaml", "allocation_roots: []\n"));

        Assert.Empty(diagnostics);
        Assert.Contains("[\"FOL042\"] = new Row(", generated);
        Assert.Contains("\"A \\\"quoted\\\" title\"", generated);
        Assert.Contains("DiagnosticSeverity.Info", generated);
        Assert.Contains("\"{0} writes {1} and more\"", generated);
        Assert.Contains("[\"raw\"] = \"{0} reads {1}\"", generated);
        Assert.DoesNotContain("phases", generated);
    }

    [Fact]
    public void RetiredRule_GetsNoRow()
    {
        var (generated, _) = Run(("/repo/rules/FOL042.yaml", Rule + "retired: true\n"), ("/repo/rules/FOL043.yaml", Rule.Replace("FOL042", "FOL043")));

        Assert.DoesNotContain("FOL042", generated);
        Assert.Contains("FOL043", generated);
    }

    [Fact]
    public void RuleFileWithoutAMessage_StopsTheBuild_NamingTheFile()
    {
        var (generated, diagnostics) = Run(("/repo/rules/FOL042.yaml", Rule.Replace("message:", "mesage:")));

        Assert.Null(generated);
        var error = Assert.Single(diagnostics);
        Assert.Equal(("FOLGEN001", DiagnosticSeverity.Error), (error.Id, error.Severity));
        Assert.Equal("FOL042.yaml: 'message' is missing or not a string", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}
