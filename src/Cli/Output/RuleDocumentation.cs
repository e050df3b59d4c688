using System;
using System.IO;
using System.Linq;
using Folint.Analyzer.Catalog;

namespace Folint.Cli.Output;

/// <summary>A rule's documentation as plain text, from its rules/FOLnnn.yaml (what <c>folint explain</c> prints).</summary>
public static class RuleDocumentation
{
    public static void WriteList(TextWriter writer, RuleCatalog catalog)
    {
        var rules = catalog.Rules.Where(r => !r.Retired).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        var width = rules.Select(r => ToolInfo.SeverityWord(r.Severity).Length).DefaultIfEmpty(0).Max();
        foreach (var rule in rules)
            writer.WriteLine($"{rule.Id}  {ToolInfo.SeverityWord(rule.Severity).PadRight(width)}  {rule.Title}");
        writer.WriteLine();
        writer.WriteLine("Run 'folint explain <ID>' for a rule's rationale, fix and examples.");
    }

    public static void Write(TextWriter writer, RuleDescriptor rule)
    {
        writer.WriteLine($"{rule.Id}: {rule.Title}{(rule.Retired ? " (retired)" : "")}");
        writer.WriteLine($"severity: {ToolInfo.SeverityWord(rule.Severity)}   category: {rule.Category}");
        writer.WriteLine();
        Paragraph(writer, rule.Summary);

        Section(writer, "Why");
        Paragraph(writer, rule.Rationale);

        if (!rule.Seeds.IsDefaultOrEmpty)
        {
            Section(writer, "Learned from");
            foreach (var seed in rule.Seeds)
            {
                writer.WriteLine($"  {seed.File}");
                Paragraph(writer, seed.Summary, "    ");
            }
        }

        Section(writer, "Fix");
        Paragraph(writer, rule.Fix);

        Examples(writer, "Bad", rule.BadExamples);
        Examples(writer, "Good", rule.GoodExamples);
    }

    /// <summary>The rule's page as Markdown: what docs/rules/FOLnnn.md holds (kept equal to the catalog by a test).</summary>
    public static string Markdown(RuleDescriptor rule) =>
        $"# {rule.Id}: {rule.Title}\n\nSeverity: {ToolInfo.SeverityWord(rule.Severity)}. Category: {rule.Category}. Generated from `rules/{rule.Id}.yaml` by `folint explain --markdown {rule.Id}`.\n\n" + MarkdownBody(rule);

    /// <summary>Summary, rationale, fix, examples and seeds in Markdown: the SARIF help and the body of the rule's page.</summary>
    public static string MarkdownBody(RuleDescriptor rule)
    {
        var text = new System.Text.StringBuilder();
        text.Append(rule.Summary).Append("\n\n## Why\n\n").Append(rule.Rationale.TrimEnd()).Append("\n\n## Fix\n\n").Append(rule.Fix.TrimEnd()).Append('\n');
        foreach (var (heading, examples) in new[] { ("Bad", rule.BadExamples), ("Good", rule.GoodExamples) })
        {
            if (examples.IsDefaultOrEmpty)
                continue;
            foreach (var example in examples)
                text.Append("\n### ").Append(heading).Append(": ").Append(example.Title).Append("\n\n```c\n").Append(example.Code.TrimEnd()).Append("\n```\n");
        }
        if (!rule.Seeds.IsDefaultOrEmpty)
        {
            text.Append("\n## Learned from\n\n");
            foreach (var seed in rule.Seeds)
                text.Append("- `").Append(seed.File).Append("`: ").Append(seed.Summary).Append('\n');
        }
        return text.ToString();
    }

    private static void Examples(TextWriter writer, string heading, System.Collections.Immutable.ImmutableArray<RuleExample> examples)
    {
        if (examples.IsDefaultOrEmpty)
            return;
        foreach (var example in examples)
        {
            Section(writer, $"{heading}: {example.Title}");
            foreach (var line in Lines(example.Code.TrimEnd()))
                writer.WriteLine(line.Length == 0 ? "" : "    " + line);
        }
    }

    private static void Section(TextWriter writer, string title)
    {
        writer.WriteLine();
        writer.WriteLine(title);
    }

    private static void Paragraph(TextWriter writer, string text, string indent = "  ")
    {
        foreach (var line in Lines(text.TrimEnd()))
            writer.WriteLine(line.Length == 0 ? "" : indent + line);
    }

    private static string[] Lines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
}
