using System.Collections.Immutable;
using System.Linq;
using System.Text.Json;
using Folint.Analyzer.Findings;
using Folint.Analyzer.Contracts;
using Folint.Tests.Doubles;
using static Folint.Cli.Tests.CliRunner;

namespace Folint.Cli.Tests;

/// <summary>Each finding's confidence in every format, and --min-confidence as a gate's first filter.</summary>
public sealed class ConfidenceTests
{
    // __set_bit() reported as certain, __clear_bit() as resting on an assumption
    private static readonly Composition Mixed = new(
        _ => new LineFrontend(),
        _ => ImmutableArray.Create<ISourceRule>(
            new CallRule("FOL000", "__set_bit"),
            new CallRule("FOL003", "__clear_bit") { Confidence = FindingConfidence.Medium }));

    private const string BothCalls =
        "void attach_private(struct page *page)\n" +
        "{\n" +
        "\t__set_bit(PG_private, &page->flags);\n" +
        "\t__clear_bit(PG_private, &page->flags);\n" +
        "}\n";

    [Fact]
    public void Json_GivesEachFindingItsConfidence()
    {
        using var tree = new TempTree();
        tree.Write("mm/both.c", BothCalls);

        var run = Run(tree.Root, Mixed, null, "check", "--format", "json", "mm");

        using var json = JsonDocument.Parse(run.Out);
        var confidences = json.RootElement.GetProperty("findings").EnumerateArray()
            .ToDictionary(f => f.GetProperty("ruleId").GetString()!, f => f.GetProperty("confidence").GetString());
        Assert.Equal("high", confidences["FOL000"]);
        Assert.Equal("medium", confidences["FOL003"]);
    }

    [Fact]
    public void Sarif_CarriesTheConfidenceInEachResultsPropertyBag()
    {
        using var tree = new TempTree();
        tree.Write("mm/both.c", BothCalls);

        var run = Run(tree.Root, Mixed, null, "check", "--format", "sarif", "mm");

        using var json = JsonDocument.Parse(run.Out);
        var results = json.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .ToDictionary(r => r.GetProperty("ruleId").GetString()!, r => r.GetProperty("properties").GetProperty("confidence").GetString());
        Assert.Equal("high", results["FOL000"]);
        Assert.Equal("medium", results["FOL003"]);
    }

    [Fact]
    public void Text_MarksOnlyTheMediumOnes()
    {
        using var tree = new TempTree();
        tree.Write("mm/both.c", BothCalls);

        var run = Run(tree.Root, Mixed, null, "check", "mm");

        var lines = run.Out.Split('\n').Where(l => l.Contains(": warning: ")).ToList();
        Assert.Equal(2, lines.Count);
        Assert.DoesNotContain("confidence", lines.Single(l => l.EndsWith("[FOL000]")));
        Assert.Contains("(confidence: medium) [FOL003]", lines.Single(l => l.EndsWith("[FOL003]")));
    }

    [Fact]
    public void MinConfidenceHigh_DropsTheMediumFindings_AndTheExitCodeFollows()
    {
        using var tree = new TempTree();
        tree.Write("mm/medium_only.c", "void detach_private(struct page *page)\n{\n\t__clear_bit(PG_private, &page->flags);\n}\n");

        var all = Run(tree.Root, Mixed, null, "check", "mm");
        var gated = Run(tree.Root, Mixed, null, "check", "--min-confidence", "high", "mm");

        Assert.Equal(1, all.ExitCode);
        Assert.Equal(0, gated.ExitCode);
        Assert.Equal("", gated.Out);
    }

    [Fact]
    public void MinConfidence_RejectsAnotherWord()
    {
        using var tree = new TempTree();
        tree.Write("mm/both.c", BothCalls);

        var run = Run(tree.Root, Mixed, null, "check", "--min-confidence", "low", "mm");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'low'", run.Error);
    }
}
