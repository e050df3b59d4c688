using System.IO;
using System.Linq;
using System.Text.Json;
using static Folint.Cli.Tests.CliRunner;

namespace Folint.Cli.Tests;

/// <summary>
/// check-patch without a tree on the review shapes of tests/CSource.Tests/Patches/Fixtures/shapes (mails written for
/// folint): what a reviewer reading the mail must be told, from the hunks and rules/ alone.
/// </summary>
public sealed class CheckPatchShapesTests
{
    private static readonly string Shapes = Path.Combine(RepositoryPaths.Root, "tests", "CSource.Tests", "Patches", "Fixtures", "shapes");

    private sealed record Reported(string RuleId, string File, int Line, string Confidence, string Message, string[] Evidence, string? FixHint, string? Function = null, string?[]? EvidenceFunctions = null);

    private static (int ExitCode, Reported[] Findings) CheckPatch(string fixture)
    {
        var run = Run(Shapes, Composition.Default, null, "check-patch", "--format", "json", fixture);
        using var json = JsonDocument.Parse(run.Out);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => new Reported(
                f.GetProperty("ruleId").GetString()!,
                f.GetProperty("file").GetString()!,
                f.GetProperty("line").GetInt32(),
                f.GetProperty("confidence").GetString()!,
                f.GetProperty("message").GetString()!,
                f.GetProperty("evidence").EnumerateArray().Select(e => e.GetProperty("message").GetString()!).ToArray(),
                f.GetProperty("fixHint").GetString(),
                FunctionOf(f),
                f.GetProperty("evidence").EnumerateArray().Select(FunctionOf).ToArray()))
            .ToArray();
        return (run.ExitCode, findings);
    }

    private static string? FunctionOf(JsonElement element) =>
        element.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.String ? function.GetString() : null;

    [Fact]
    public void PolicyMacroAccessors_TheSeriesGenerates_AreLearnedAndTheirCallsReported()
    {
        var (exitCode, findings) = CheckPatch("policy-macro-accessors.mbox");

        // __PAGEFLAG(Isolated, isolated, PF_ANY) in patch 1 makes __SetPageIsolated()/__ClearPageIsolated() non-atomic
        Assert.Equal(1, exitCode);
        Assert.Equal(new[] { ("FOL001", 22), ("FOL001", 36) }, findings.Select(f => (f.RuleId, f.Line)));
        Assert.StartsWith("__SetPageIsolated() updates PG_isolated", findings[0].Message);
        Assert.StartsWith("__ClearPageIsolated() updates PG_isolated", findings[1].Message);
        Assert.All(findings, f => Assert.Equal("mm/sample_isolate.c", f.File));
    }

    [Fact]
    public void NarrowContextHunk_FindsWhatTheWideOneFinds_SayingItGuessedTheUndeclaredName()
    {
        var wide = Assert.Single(CheckPatch("split-head-wide-context.patch").Findings);
        var narrow = Assert.Single(CheckPatch("split-head-narrow-context.patch").Findings);

        Assert.Equal((wide.RuleId, wide.File, wide.Line, wide.Message), (narrow.RuleId, narrow.File, narrow.Line, narrow.Message));
        Assert.StartsWith("__ClearPageDirty() updates PG_dirty", wide.Message);
        // the wide hunk declares head; the narrow one leaves it to the name
        Assert.Equal("high", wide.Confidence);
        Assert.Equal("medium", narrow.Confidence);
        Assert.Contains(narrow.Evidence, e => e.StartsWith("the hunks do not declare head: folint takes it to be 'struct page *head'"));
        Assert.DoesNotContain(wide.Evidence, e => e.Contains("do not declare"));
    }

    [Fact]
    public void ThreeLineHunkOpeningInsideAComment_IsStillChecked_AsMediumWithTheFolioFromAboveIt()
    {
        var finding = Assert.Single(CheckPatch("hunk-opening-in-a-comment.patch").Findings);

        Assert.Equal(("FOL001", "mm/sample_uptodate.c", 20, "medium"), (finding.RuleId, finding.File, finding.Line, finding.Confidence));
        Assert.Contains(finding.Evidence, e => e.StartsWith("the hunks do not show where folio comes from"));
    }

    [Fact]
    public void HunkWhoseHeaderNamesNoFunction_IsChecked_AndTheFindingNamesNoMadeUpFunction()
    {
        // diff -u writes '@@ -17,7 +17,7 @@' with no section: folint wraps the lines in a function of its own, whose
        // name is no business of the reader's
        var git = Assert.Single(CheckPatch("hunk-opening-in-a-comment.patch").Findings);
        var gnu = Assert.Single(CheckPatch("gnu-diff-no-section.patch").Findings);

        Assert.Equal((git.RuleId, git.File, git.Line, git.Confidence, git.Message), (gnu.RuleId, gnu.File, gnu.Line, gnu.Confidence, gnu.Message));
        Assert.Equal("sample_fill_cached", git.Function);
        Assert.Null(gnu.Function);
        Assert.All(gnu.EvidenceFunctions!, Assert.Null);
    }

    [Fact]
    public void TailRefcountWrite_WhoseTailPageIsAssignedAboveTheHunk_IsReportedByTheName()
    {
        var (exitCode, findings) = CheckPatch("tail-refcount-declared-above-hunk.patch");

        Assert.Equal(1, exitCode);
        var finding = Assert.Single(findings);
        Assert.Equal(("FOL002", "mm/sample_tail.c", 23, "medium"), (finding.RuleId, finding.File, finding.Line, finding.Confidence));
        Assert.StartsWith("page_ref_inc() writes the refcount of page_tail, which may be a tail page", finding.Message);
        Assert.Contains(finding.Evidence, e => e.StartsWith("page_tail is taken to be a tail page by its name"));
    }

    [Fact]
    public void LockedFlagOnAFolioTheOnlyCallerJustAllocated_IsNotReported()
    {
        var (exitCode, findings) = CheckPatch("locked-fresh-folio-helper.patch");

        Assert.Equal(0, exitCode);
        Assert.Empty(findings);
    }

    [Fact]
    public void LockedFlagOnACachedFolio_FixPointsAtTheFolioLock_NeverAtAnAtomicAccessor()
    {
        var finding = Assert.Single(CheckPatch("locked-cached-folio.patch").Findings);

        Assert.StartsWith("__folio_set_locked() updates PG_locked", finding.Message);
        Assert.StartsWith("PG_locked is the folio lock: take it with folio_lock() or folio_trylock() and release it with folio_unlock()", finding.FixHint);
        Assert.DoesNotContain("FOLIO_FLAG", finding.FixHint);
        Assert.DoesNotContain("generate", finding.FixHint);
    }

    [Fact]
    public void CompactionDestination_InTheCallbacksTheSeriesRegistersWithMigratePages_IsNotReported()
    {
        var (exitCode, findings) = CheckPatch("compaction-destination-flags.patch");

        // the allocator and the free callback passed to migrate_pages() own the destinations they hand out and get back
        Assert.Equal(0, exitCode);
        Assert.Empty(findings);
    }
}
