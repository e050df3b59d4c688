using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Folint.Tests.Doubles;
using static Folint.Cli.Tests.CliRunner;

namespace Folint.Cli.Tests;

/// <summary>
/// The CI gate: a baseline of accepted findings (matched by fingerprint, never by line), suppressions in the
/// source, and the exit codes a pipeline acts on. Real frontend and rules (FOL000).
/// </summary>
public sealed class GateTests
{
    private const string Known =
        "void sample_attach_private(struct page *page, unsigned long data)\n" +
        "{\n" +
        "\tpage->private = data;\n" +
        "\t__set_bit(PG_private, &page->flags);\n" +
        "}\n";

    private const string Fresh =
        "\n" +
        "void sample_detach_private(struct page *page)\n" +
        "{\n" +
        "\t__clear_bit(PG_private, &page->flags);\n" +
        "}\n";

    private static CliRun Check(TempTree tree, params string[] arguments) =>
        Run(tree.Root, Composition.Default, null, new[] { "check" }.Concat(arguments).Concat(new[] { "mm" }).ToArray());

    private static string FiftyUnrelatedLines()
    {
        var text = new StringBuilder("/*\n");
        for (var i = 0; i < 47; i++)
            text.Append(" * unrelated documentation line ").Append(i).Append('\n');
        text.Append(" */\n\n");
        return text.ToString();
    }

    private static (string Fingerprint, int Line) OnlyFinding(CliRun run)
    {
        using var json = JsonDocument.Parse(run.Out);
        var finding = Assert.Single(json.RootElement.GetProperty("findings").EnumerateArray());
        return (finding.GetProperty("fingerprint").GetString()!, finding.GetProperty("line").GetInt32());
    }

    [Fact]
    public void AFindingThatMoves50Lines_KeepsItsFingerprint_AndTheBaselineKeepsTheGateGreen()
    {
        using var tree = new TempTree();
        tree.Write("mm/private.c", Known);
        var before = OnlyFinding(Check(tree, "--format", "json"));
        Assert.Equal(0, Check(tree, "--write-baseline", "folint-baseline.json").ExitCode);

        tree.Write("mm/private.c", FiftyUnrelatedLines() + Known);
        var moved = Check(tree, "--format", "json");
        var gate = Check(tree, "--baseline", "folint-baseline.json");

        var after = OnlyFinding(moved);
        Assert.Equal(before.Line + 50, after.Line);
        Assert.Equal(before.Fingerprint, after.Fingerprint);
        Assert.Equal(0, gate.ExitCode);
        Assert.Equal("", gate.Out);
        Assert.Contains("folint: no new findings (1 known from the baseline, 0 fixed)", gate.Error);
    }

    [Fact]
    public void ANewFinding_FailsTheGate_AndOnlyItIsPrinted()
    {
        using var tree = new TempTree();
        tree.Write("mm/private.c", Known);
        Check(tree, "--write-baseline", "folint-baseline.json");
        tree.Write("mm/private.c", Known + Fresh);

        var gate = Check(tree, "--baseline", "folint-baseline.json");
        var json = Check(tree, "--baseline", "folint-baseline.json", "--format", "json");

        Assert.Equal(1, gate.ExitCode);
        var printed = gate.Out.Split('\n').Where(l => l.Contains(": warning: ")).ToList();
        Assert.StartsWith("mm/private.c:9:2: warning: open-coded non-atomic __clear_bit(PG_private)", Assert.Single(printed));
        Assert.Contains("folint: 1 new finding in 1 file (1 known from the baseline, 0 fixed)", gate.Error);
        using var document = JsonDocument.Parse(json.Out);
        Assert.Equal(new[] { "unchanged", "new" }, document.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("baselineState").GetString()));
    }

    [Fact]
    public void AFindingThatDisappears_IsReportedAsFixed()
    {
        using var tree = new TempTree();
        tree.Write("mm/private.c", Known + Fresh);
        Check(tree, "--write-baseline", "folint-baseline.json");
        tree.Write("mm/private.c", Known);

        var gate = Check(tree, "--baseline", "folint-baseline.json");
        var json = Check(tree, "--baseline", "folint-baseline.json", "--format", "json");

        Assert.Equal(0, gate.ExitCode);
        Assert.Contains("folint: mm/private.c: fixed since the baseline: sample_detach_private(): open-coded non-atomic __clear_bit(PG_private) on page->flags", gate.Error);
        Assert.Contains("(1 known from the baseline, 1 fixed)", gate.Error);
        using var document = JsonDocument.Parse(json.Out);
        var fixedFinding = Assert.Single(document.RootElement.GetProperty("fixed").EnumerateArray());
        Assert.Equal("sample_detach_private", fixedFinding.GetProperty("function").GetString());
    }

    [Fact]
    public void WriteBaseline_RecordsTheFindingsInTheDocumentedShape_AtomicallyAndSorted()
    {
        using var tree = new TempTree();
        tree.Write("mm/private.c", Known + Fresh);
        tree.Write("folint-baseline.json", "stale");

        var run = Check(tree, "--write-baseline", "folint-baseline.json");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("folint: wrote 2 findings to the baseline folint-baseline.json", run.Error);
        using var json = JsonDocument.Parse(File.ReadAllText(tree["folint-baseline.json"]));
        Assert.Equal(1, json.RootElement.GetProperty("version").GetInt32());
        Assert.Equal("folint", json.RootElement.GetProperty("tool").GetProperty("name").GetString());
        var entries = json.RootElement.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(new[] { "sample_attach_private", "sample_detach_private" }, entries.Select(e => e.GetProperty("function").GetString()));
        Assert.All(entries, e => Assert.Equal(new[] { "fingerprint", "ruleId", "file", "function", "message" }, e.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(new[] { "folint-baseline.json" }, Directory.GetFiles(tree.Root).Select(Path.GetFileName));
    }

    [Fact]
    public void ABaselineThatIsNotOne_Exits2_NamingIt()
    {
        using var tree = new TempTree();
        tree.Write("mm/private.c", Known);
        tree.Write("broken.json", "{\"version\": 7}");

        var missing = Check(tree, "--baseline", "nothing.json");
        var broken = Check(tree, "--baseline", "broken.json");

        Assert.Equal(2, missing.ExitCode);
        Assert.StartsWith("folint: nothing.json: cannot use the baseline: no such file\nfolint: hint: write one with 'folint check --write-baseline FILE'", missing.Error);
        Assert.Equal(2, broken.ExitCode);
        Assert.StartsWith("folint: broken.json: cannot use the baseline: not a version 1 folint baseline", broken.Error);
    }

    [Fact]
    public void ListSuppressions_PrintsFileLineRuleAndReason_AndReasonlessOnesFailTheRun()
    {
        using var tree = new TempTree();
        tree.Write("mm/private.c",
            "void prep(struct page *page)\n{\n" +
            "\t/* folint: ignore FOL000 -- page allocated above, not yet visible */\n" +
            "\t__set_bit(PG_private, &page->flags);\n" +
            "\t__clear_bit(PG_lru, &page->flags); /* folint: ignore FOL000 */\n" +
            "}\n");

        var list = Check(tree, "--list-suppressions");
        var run = Check(tree);

        Assert.Equal(0, list.ExitCode);
        Assert.Equal("mm/private.c:3: FOL000 -- page allocated above, not yet visible\nmm/private.c:5: FOL000 -- (no reason given)\n", list.Out);
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("mm/private.c:5:37: warning: suppression of FOL000 gives no reason", run.Out);
        Assert.DoesNotContain("[FOL000]", run.Out);
        Assert.Contains("2 suppressed", run.Error);
    }
}
