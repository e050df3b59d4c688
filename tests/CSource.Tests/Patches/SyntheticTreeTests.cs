using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Folint.Analyzer.Model;
using Folint.CSource.Engine;
using Folint.CSource.Knowledge;
using Folint.CSource.Patches;
using static Folint.CSource.Tests.Patches.PatchFixtures;

namespace Folint.CSource.Tests.Patches;

/// <summary>The hunks of a series, checked without a tree: they must parse into the functions git named, at their real lines.</summary>
public sealed class SyntheticTreeTests
{
    private static readonly string Rules = Path.Combine(RepositoryRoot, "rules");

    private static SyntheticTree Build(string path, string name) =>
        SyntheticTree.Build(new PatchSeries(PatchInput.Read(name, File.ReadAllBytes(path)).Patches), HunkKnowledge.Load(Rules, FrontendKnowledge.Load(Rules).Patches));

    private static SourceUnit Parse(SyntheticFile file)
    {
        using var frontend = CFrontend.ForKernel(Rules);
        return frontend.Build(new SourceFile(file.Path, file.Content), CancellationToken.None);
    }

    /// <summary>The <c>__folio_*</c> calls of a synthetic file: the function holding each, the callee, and the line in the real file, in line order.</summary>
    private static List<(string Function, string? Callee, int Line)> FolioAccessorCalls(SyntheticFile file)
    {
        var unit = Parse(file);
        return unit.Functions
            .SelectMany(f => ModelWalker.Calls(f).Where(c => c.CalleeName is { } n && n.StartsWith("__folio_")).Select(c => (Function: f.Name, Callee: c.CalleeName, Line: file.RealLine(unit.Position(c.Span.Start).Line))))
            .OrderBy(c => c.Line)
            .ToList();
    }

    [Fact]
    public void PatchWithReplies_TheAddedAccessorCallsLandInTheFunctionsGitNamed_AtTheirRealLines()
    {
        var tree = Build(Thread("patch-with-replies.txt"), "patch-with-replies.txt");
        var file = tree.Files["mm/huge_memory.c"];
        var calls = FolioAccessorCalls(file);
        Assert.Equal(new[]
        {
            ("split_huge_page_to_list_to_order", "__folio_clear_split_queued", 3505),
            ("deferred_split_folio", "__folio_set_split_queued", 3607),
        }, calls.Select(c => (c.Function, c.Callee!, c.Line)));
        Assert.All(calls, c => Assert.Contains(c.Line, file.AddedLines));
    }

    [Fact]
    public void PatchWithReplies_TheGeneratorMacrosItAdds_StandAtFileScopeOfTheSyntheticPageFlagsHeader()
    {
        var tree = Build(Thread("patch-with-replies.txt"), "patch-with-replies.txt");
        var file = tree.Files["include/linux/page-flags.h"];
        var lines = System.Text.Encoding.UTF8.GetString(file.Content).Split('\n');
        var unit = Parse(file);

        int SyntheticLine(int real) => file.RealLines.IndexOf(real) + 1;
        Assert.Equal("__FOLIO_SET_FLAG(split_queued, FOLIO_SECOND_PAGE)", lines[SyntheticLine(864) - 1]);
        Assert.Equal("__FOLIO_CLEAR_FLAG(split_queued, FOLIO_SECOND_PAGE)", lines[SyntheticLine(865) - 1]);
        Assert.Contains(864, file.AddedLines);
        // At file scope: the wrapper opened for the hunk's first lines (the end of ClearPageCompound()) is closed before.
        Assert.DoesNotContain(unit.Functions, f => unit.Position(f.Span.Start).Line <= SyntheticLine(864) && SyntheticLine(864) <= unit.Position(f.Span.End).Line);
    }

    [SkippableFact]
    public void Seed000_TheAddedAccessorCallsLandInTheFunctionsGitNamed_AtTheirRealLines()
    {
        var tree = Build(Seed("000_e84798dfff902c30.txt"), "000_e84798dfff902c30.txt");
        var file = tree.Files["mm/huge_memory.c"];
        var calls = FolioAccessorCalls(file);
        Assert.Equal(new[]
        {
            ("split_huge_page_to_list_to_order", "__folio_clear_partially_mapped", 3507),
            ("__folio_undo_large_rmappable", "__folio_clear_partially_mapped", 3578),
            ("deferred_split_folio", "__folio_set_partially_mapped", 3619),
            ("deferred_split_scan", "__folio_clear_partially_mapped", 3679),
        }, calls.Select(c => (c.Function, c.Callee!, c.Line)));
        Assert.All(calls, c => Assert.Contains(c.Line, file.AddedLines));
    }

    [SkippableFact]
    public void Seed000_TheGeneratorMacrosThePatchAdds_StandAtFileScopeOfTheSyntheticPageFlagsHeader()
    {
        var tree = Build(Seed("000_e84798dfff902c30.txt"), "000_e84798dfff902c30.txt");
        var file = tree.Files["include/linux/page-flags.h"];
        var lines = System.Text.Encoding.UTF8.GetString(file.Content).Split('\n');
        var unit = Parse(file);

        int SyntheticLine(int real) => file.RealLines.IndexOf(real) + 1;
        Assert.Equal("__FOLIO_SET_FLAG(partially_mapped, FOLIO_SECOND_PAGE)", lines[SyntheticLine(868) - 1]);
        Assert.Equal("__FOLIO_CLEAR_FLAG(partially_mapped, FOLIO_SECOND_PAGE)", lines[SyntheticLine(869) - 1]);
        Assert.Contains(868, file.AddedLines);
        // At file scope: the wrapper opened for the hunk's first lines (the end of ClearPageCompound()) is closed before.
        Assert.DoesNotContain(unit.Functions, f => unit.Position(f.Span.Start).Line <= SyntheticLine(868) && SyntheticLine(868) <= unit.Position(f.Span.End).Line);
        // The generator macros come first, from rules/kernel/hunk-preludes: lines folint wrote, never findings.
        var generator = System.Array.FindIndex(lines, l => l.StartsWith("#define __FOLIO_SET_FLAG(name, page)", System.StringComparison.Ordinal)) + 1;
        Assert.True(generator > 0 && generator < SyntheticLine(868));
        Assert.True(file.IsWritten(generator));
        Assert.False(file.IsWritten(SyntheticLine(868)));
        // The #else branch of the CONFIG_TRANSPARENT_HUGEPAGE conditional (the no-op variants) is not kept.
        Assert.DoesNotContain(lines, l => l.Contains("__FOLIO_SET_FLAG_NOOP"));
        Assert.Equal("", lines[SyntheticLine(872) - 1]);
    }

    [Fact]
    public void AHunkThatStartsBelowTheDeclarations_GetsTheConventionalTypeOfTheNamesItUses()
    {
        var tree = Build(PathOf("series.mbox"), "series.mbox");
        var unit = Parse(tree.Files["mm/sample.c"]);

        var scan = Assert.Single(unit.Functions, f => f.Name == "sample_scan");
        var parameter = Assert.Single(scan.Parameters);
        Assert.Equal(("folio", "folio"), (parameter.Name, parameter.Type.RecordTag));
        Assert.Equal(new[] { "sample_queue", "sample_dequeue", "sample_scan" }, unit.Functions.Select(f => f.Name));
        Assert.DoesNotContain(unit.Functions, f => f.HasParseErrors);
    }

    [Fact]
    public void LaterPatchesApplyOverEarlierOnes_SoOnlyTheLastVersionOfALineIsThere()
    {
        var tree = Build(PathOf("series.mbox"), "series.mbox");
        var text = System.Text.Encoding.UTF8.GetString(tree.Files["mm/sample.c"].Content);

        Assert.Contains("if (partial && !test_bit(PG_reclaim, &folio->flags))", text);
        Assert.DoesNotContain("if (partial)\n", text);
        Assert.Equal(new[] { 16, 17, 18, 28, 42 }, tree.Files["mm/sample.c"].AddedLines.Order());
    }
}
