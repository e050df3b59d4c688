using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using Folint.Analyzer.Model;
using Folint.Analyzer.Contracts;
using Folint.CSource.Engine;
using Folint.CSource.Knowledge;
using Folint.CSource.Patches;
using Folint.Tests.Doubles;

namespace Folint.CSource.Tests.Patches;

/// <summary>
/// Which findings check-patch keeps with a tree: those on added lines, and those the series makes appear
/// elsewhere by changing a function's exclusive-phase status; never the ones the tree had already.
/// </summary>
public sealed class PatchCheckTests
{
    private static readonly string Rules = Path.Combine(PatchFixtures.RepositoryRoot, "rules");

    /// <summary>
    /// A stand-in for FOL001's phase reasoning: __set_bit() is reported unless every caller of its function is an
    /// allocation root (alloc_*); a function nobody calls is reported.
    /// </summary>
    private sealed class PhaseRule : StatelessSourceRule
    {
        public override string Id => "FOL000";

        public override void Analyze(SourceRuleContext context)
        {
            foreach (var function in context.Unit.Functions)
            {
                var callers = context.Program.CallersOf(function.Name);
                if (callers.Count > 0 && callers.All(c => c.Caller.StartsWith("alloc_", System.StringComparison.Ordinal)))
                    continue;
                foreach (var call in ModelWalker.Calls(function).Where(c => c.CalleeName == "__set_bit"))
                    context.Report(Id, call.Span, function.Name, "__set_bit", new object?[] { "__set_bit()", "flags" });
            }
        }
    }

    private const string AllocC =
        "void prep_new(struct folio *folio)\n" +
        "{\n" +
        "\t__set_bit(PG_head, &folio->flags);\n" +
        "}\n" +
        "\n" +
        "void alloc_folio(struct folio *folio)\n" +
        "{\n" +
        "\tprep_new(folio);\n" +
        "}\n" +
        "\n" +
        "void orphan(struct folio *folio)\n" +
        "{\n" +
        "\t__set_bit(PG_lru, &folio->flags);\n" +
        "}\n";

    private static PatchCheckResult CheckOnTree(TempTree tree, string diff)
    {
        var catalog = RuleCatalogLoader.Load(Rules);
        var engine = new CheckEngine(new LineFrontend(), new ISourceRule[] { new PhaseRule() }, catalog);
        var series = new PatchSeries(ImmutableArray.Create(new Patch("p", "p.diff", UnifiedDiffReader.Read(diff, "p.diff"))));
        return new PatchCheck(engine, HunkKnowledge.Empty).Check(series, tree.Root, tree.Root, new CheckOptions(), ImmutableArray<InputProblem>.Empty);
    }

    [Fact]
    public void ANewCallerOutsideTheAllocationPath_MakesTheUntouchedNonAtomicUpdateInItsCalleeTheSeries()
    {
        using var tree = new TempTree();
        tree.Write("mm/alloc.c", AllocC);
        var diff =
            "--- a/mm/alloc.c\n+++ b/mm/alloc.c\n@@ -12,3 +12,8 @@ void orphan(struct folio *folio)\n {\n \t__set_bit(PG_lru, &folio->flags);\n }\n+\n+void requeue(struct folio *folio)\n+{\n+\tprep_new(folio);\n+}\n";

        var result = CheckOnTree(tree, diff).Result;

        // prep_new() was reached from alloc_folio() only; requeue() changes that. orphan()'s finding was there before.
        var finding = Assert.Single(result.Findings);
        Assert.Equal(("mm/alloc.c", 3, "prep_new"), (finding.Primary.File, finding.Primary.Line, finding.Function));
    }

    [Fact]
    public void AFindingOnAnAddedLine_IsReported_AndTheTreesOwnFindingsAreNot()
    {
        using var tree = new TempTree();
        tree.Write("mm/alloc.c", AllocC);
        var diff =
            "--- a/mm/alloc.c\n+++ b/mm/alloc.c\n@@ -11,4 +11,5 @@ void alloc_folio(struct folio *folio)\n void orphan(struct folio *folio)\n {\n \t__set_bit(PG_lru, &folio->flags);\n+\t__set_bit(PG_active, &folio->flags);\n }\n";

        var result = CheckOnTree(tree, diff).Result;

        var finding = Assert.Single(result.Findings);
        Assert.Equal(14, finding.Primary.Line);
    }

    [Fact]
    public void TheTreeIsNeverWritten()
    {
        using var tree = new TempTree();
        tree.Write("mm/alloc.c", AllocC);
        var before = File.GetLastWriteTimeUtc(tree["mm/alloc.c"]);
        var diff = "--- a/mm/alloc.c\n+++ b/mm/alloc.c\n@@ -1,2 +1,3 @@\n+/* changed */\n void prep_new(struct folio *folio)\n {\n";

        var checkedSeries = CheckOnTree(tree, diff);

        Assert.Equal(AllocC, File.ReadAllText(tree["mm/alloc.c"]));
        Assert.Equal(before, File.GetLastWriteTimeUtc(tree["mm/alloc.c"]));
        Assert.StartsWith("/* changed */\n", Encoding.UTF8.GetString(checkedSeries.ReadPostImage("mm/alloc.c")!));
        Assert.Equal(new[] { "include/linux/page-flags.h", "mm/alloc.c" }, Directory.GetFiles(tree.Root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(tree.Root, f)).Order());
    }

    [Fact]
    public void WithoutATree_OnlyAddedLinesReport_AndNeverTheLinesFolintWroteAroundTheHunks()
    {
        var catalog = RuleCatalogLoader.Load(Rules);
        var engine = new CheckEngine(new LineFrontend(), new ISourceRule[] { new CallRule("FOL000", "__set_bit") }, catalog);
        // The prelude (knowledge put before the hunks of mm/alloc.c) holds a call the rule reports: not the series'.
        var hunks = new HunkKnowledge(ImmutableArray<string>.Empty, ImmutableDictionary<string, string>.Empty.Add("mm/alloc.c", "void prelude(struct page *page)\n{\n\t__set_bit(PG_lru, &page->flags);\n}\n"));
        // The prelude's lines come just before line 40, which the series adds: mapped to it, they would report there.
        var diff = "--- a/mm/alloc.c\n+++ b/mm/alloc.c\n@@ -40,3 +40,7 @@\n+void fresh(struct folio *folio)\n+{\n+\t__set_bit(PG_active, &folio->flags);\n+}\n void orphan(struct folio *folio)\n {\n \t__set_bit(PG_lru, &folio->flags);\n";
        var series = new PatchSeries(ImmutableArray.Create(new Patch("p", "p.diff", UnifiedDiffReader.Read(diff, "p.diff"))));

        var result = new PatchCheck(engine, hunks).Check(series, null, Path.GetTempPath(), new CheckOptions(), ImmutableArray<InputProblem>.Empty);

        var finding = Assert.Single(result.Result.Findings);
        Assert.Equal(("mm/alloc.c", 42, "fresh"), (finding.Primary.File, finding.Primary.Line, finding.Function));
        Assert.False(result.WithTree);
    }
}
