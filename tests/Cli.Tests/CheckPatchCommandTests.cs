using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Folint.Tests.Doubles;
using static Folint.Cli.Tests.CliRunner;

namespace Folint.Cli.Tests;

/// <summary>
/// <c>folint check-patch</c> end to end with the real frontend and rules, on the patch fixtures of
/// tests/CSource.Tests/Patches/Fixtures (a small kernel-shaped tree and patches made against it with git).
/// </summary>
public sealed class CheckPatchCommandTests
{
    private static readonly string Fixtures = Path.Combine(RepositoryPaths.Root, "tests", "CSource.Tests", "Patches", "Fixtures");

    private static CliRun CheckPatch(params string[] arguments) =>
        Run(Fixtures, Composition.Default, null, new[] { "check-patch" }.Concat(arguments).ToArray());

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void FormatPatch_OnTheTree_ReportsTheNonAtomicUpdatesItAdds_Exit1()
    {
        var run = CheckPatch("format-patch.patch", "--tree", "tree");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(new[] { "mm/sample.c:18:3", "mm/sample.c:28:2" }, Lines(run.Out).Where(l => l.Contains(": warning: ")).Select(l => string.Join(":", l.Split(':').Take(3))));
        Assert.All(Lines(run.Out).Where(l => l.Contains(": warning: ")), l => Assert.EndsWith("[FOL000]", l));
        Assert.Contains("folint: 2 findings on what the series changes; 1 patch, 2 hunk(s), 3 added line(s); checked 1 file", run.Error);
    }

    [Fact]
    public void MboxSeries_OnTheTree_ReportsTheAddedLinesOfEveryPatch_AndNothingFromTheReply()
    {
        var run = CheckPatch("series.mbox", "--tree", "tree", "--format", "json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray().Select(f => (f.GetProperty("line").GetInt32(), f.GetProperty("function").GetString()!)).ToArray();
        Assert.Equal(new[] { (18, "sample_queue"), (28, "sample_dequeue"), (42, "sample_scan") }, findings);
    }

    [Fact]
    public void PlainDiff_WithoutATree_ChecksTheHunks_AndSaysThePhaseReasoningWasLimited()
    {
        var run = CheckPatch("plain.diff");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(new[] { "mm/sample.c:18:3", "mm/sample.c:28:2", "mm/sample.c:42:3" }, Lines(run.Out).Where(l => l.Contains(": warning: ")).Select(l => string.Join(":", l.Split(':').Take(3))));
        Assert.Contains("folint: note: no --tree: checked the 3 hunk(s) of the series on their own; exclusive-phase reasoning was limited", run.Error);
    }

    [Fact]
    public void QuotedPrintableMail_WithoutATree_ReportsTheDecodedAddedLine()
    {
        var run = CheckPatch("quoted-printable.eml");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("mm/sample.c:11:2: warning: open-coded non-atomic __set_bit(PG_locked) on folio->flags", run.Out);
    }

    [Fact]
    public void PatchThatDoesNotApply_FallsBackToItsHunks_SayingWhichHunkAndWhy()
    {
        var run = CheckPatch("does-not-apply.patch", "--tree", "tree");

        // an older or already merged series is still checked, on its own hunks, as without --tree
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(new[] { "mm/sample.c:18:3", "mm/sample.c:28:2" }, Lines(run.Out).Where(l => l.Contains(": warning: ")).Select(l => string.Join(":", l.Split(':').Take(3))));
        Assert.Contains("folint: note: the series does not apply to", run.Error);
        Assert.Contains("mm/sample.c: hunk 2 of 2 (@@ -24,6 +25,7 @@ void sample_dequeue(struct folio *folio)) does not apply", run.Error);
        Assert.Contains("so it was checked on its own hunks instead", run.Error);
        Assert.Contains("check that --tree is the tree the series was written against", run.Error);
    }

    [Fact]
    public void TextWithoutAPatch_Exits2_WithNoPatchFound()
    {
        using var scratch = new TempTree(kernelTree: false);
        scratch.Write("reply.txt", "On Monday Ada wrote:\n> +\t__set_bit(PG_reclaim, &folio->flags);\n\nThis is racy.\n");

        var run = Run(scratch.Root, Composition.Default, null, "check-patch", "reply.txt");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Contains("folint: reply.txt: no patch found: ", run.Error);
        Assert.EndsWith("folint: no patch found in the input\n", run.Error);
    }

    [Fact]
    public void Sarif_OfAPatchWithoutATree_PointsAtThePostImageLines()
    {
        var run = CheckPatch("plain.diff", "--format", "sarif");

        using var json = JsonDocument.Parse(run.Out);
        var results = json.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(new[] { 18, 28, 42 }, results.Select(r => r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32()));
        Assert.All(results, r => Assert.Equal("mm/sample.c", r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()));
    }

    [Fact]
    public void NotAKernelTree_Exits2()
    {
        var run = CheckPatch("format-patch.patch", "--tree", ".");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not a kernel tree", run.Error);
    }

    [Fact]
    public void PatchWithReplies_WithoutATree_ReportsTheAddedAccessorCalls_AndNothingFromTheQuotedReplies()
    {
        var run = Run(RepositoryPaths.Root, Composition.Default, null, "check-patch", RepositoryPaths.Thread("patch-with-replies.txt"), "--format", "json");

        Assert.Equal(1, run.ExitCode);
        var findings = RuleFileLineAndCallee(run.Out);
        // The patch's own hunks: the clear in split_huge_page_to_list_to_order(), the set in deferred_split_folio().
        // The replies quote them, once and twice over.
        Assert.Equal(new (string?, string?, int, string)[]
        {
            ("FOL001", "mm/huge_memory.c", 3505, "__folio_clear_split_queued"),
            ("FOL001", "mm/huge_memory.c", 3607, "__folio_set_split_queued"),
        }, findings);
        Assert.Contains("exclusive-phase reasoning was limited", run.Error);
    }

    [Theory]
    [InlineData("review-without-diff.txt")]
    [InlineData("squashed-mail.txt")]
    [InlineData("quoted-only-thread.txt")]
    public void OtherThreads_SayNoPatchFound_WithTheReason(string thread)
    {
        var run = Run(RepositoryPaths.Root, Composition.Default, null, "check-patch", RepositoryPaths.Thread(thread));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Matches($"folint: .*{thread}: no patch found: .+\n", run.Error);
        Assert.EndsWith("folint: no patch found in the input\n", run.Error);
    }

    [SkippableFact]
    public void Seed000_WithoutATree_ReportsTheAddedPartiallyMappedAccessorCalls_AndNothingFromTheQuotedReplies()
    {
        var seed = RepositoryPaths.Seed("000_e84798dfff902c30.txt");

        var run = Run(RepositoryPaths.Root, Composition.Default, null, "check-patch", seed, "--format", "json");

        Assert.Equal(1, run.ExitCode);
        var findings = RuleFileLineAndCallee(run.Out);
        // The v5 patch's own hunks: the clear in split_huge_page_to_list_to_order(), __folio_undo_large_rmappable()
        // and deferred_split_scan(), the set in deferred_split_folio(). The replies quote them twice over.
        Assert.Equal(new (string?, string?, int, string)[]
        {
            ("FOL001", "mm/huge_memory.c", 3507, "__folio_clear_partially_mapped"),
            ("FOL001", "mm/huge_memory.c", 3578, "__folio_clear_partially_mapped"),
            ("FOL001", "mm/huge_memory.c", 3619, "__folio_set_partially_mapped"),
            ("FOL001", "mm/huge_memory.c", 3679, "__folio_clear_partially_mapped"),
        }, findings);
        Assert.Contains("exclusive-phase reasoning was limited", run.Error);
    }

    [SkippableTheory]
    [InlineData("001_5d3cb9f5c0c3457e.txt")]
    [InlineData("002_824f90a3c3d00924.txt")]
    [InlineData("003_c580c30b24d7da11.txt")]
    [InlineData("004_6447d6cf653aa85c.txt")]
    public void OtherSeeds_SayNoPatchFound_WithTheReason(string seed)
    {
        var run = Run(RepositoryPaths.Root, Composition.Default, null, "check-patch", RepositoryPaths.Seed(seed));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Matches($"folint: .*{seed}: no patch found: .+\n", run.Error);
        Assert.EndsWith("folint: no patch found in the input\n", run.Error);
    }

    /// <summary>Each finding of a JSON report as rule, file, line and the message up to its first parenthesis (the accessor called).</summary>
    private static (string?, string?, int, string)[] RuleFileLineAndCallee(string report)
    {
        using var json = JsonDocument.Parse(report);
        return json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (f.GetProperty("ruleId").GetString(), f.GetProperty("file").GetString(), f.GetProperty("line").GetInt32(), f.GetProperty("message").GetString()!.Split('(')[0]))
            .ToArray();
    }
}
