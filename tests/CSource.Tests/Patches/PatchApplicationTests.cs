using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Folint.CSource.Patches;
using static Folint.CSource.Tests.Patches.PatchFixtures;

namespace Folint.CSource.Tests.Patches;

public sealed class PatchApplicationTests
{
    private static PatchSeries Series(string fixture) => new(PatchInput.Read(fixture, Read(fixture)).Patches);

    private static string[] Lines(PatchedFile file) => Encoding.UTF8.GetString(file.Content).Split('\n');

    [Fact]
    public void MboxSeries_GivesTheSameFileAndAddedLinesAsTheSquashedDiff()
    {
        var series = PatchApplication.Apply(Series("series.mbox"), ReadTree);
        var squashed = PatchApplication.Apply(Series("plain.diff"), ReadTree);

        var file = series.Files["mm/sample.c"];
        Assert.Equal(Encoding.UTF8.GetString(squashed.Files["mm/sample.c"].Content), Encoding.UTF8.GetString(file.Content));
        Assert.Equal(squashed.Files["mm/sample.c"].AddedLines.Order(), file.AddedLines.Order());
        Assert.Empty(series.Notes);
    }

    [Fact]
    public void MboxSeries_ALineAddedByPatch1AndKeptAsContextByPatch2_StaysAdded()
    {
        var file = PatchApplication.Apply(Series("series.mbox"), ReadTree).Files["mm/sample.c"];

        var lines = Lines(file);
        var added = file.AddedLines.Order().Select(n => lines[n - 1].Trim()).ToArray();
        Assert.Equal(new[]
        {
            "/* the queue lock protects PG_reclaim here, so a plain update is enough */",
            "if (partial && !test_bit(PG_reclaim, &folio->flags))",
            "__set_bit(PG_reclaim, &folio->flags);",
            "__clear_bit(PG_reclaim, &folio->flags);",
            "__clear_bit(PG_reclaim, &folio->flags);",
        }, added);
        Assert.Equal("mm/sample.c", file.TreePath);
    }

    [Fact]
    public void PatchThatDoesNotApply_NamesThePatchTheFileTheHunkAndTheLineThatDiffers()
    {
        var error = Assert.Throws<PatchDoesNotApplyError>(() => PatchApplication.Apply(Series("does-not-apply.patch"), ReadTree));

        var headerLine = System.IO.File.ReadAllLines(PathOf("does-not-apply.patch")).ToList().FindIndex(l => l.StartsWith("@@ -24,6 +25,7 @@")) + 1;
        Assert.Equal($"does-not-apply.patch:{headerLine}", error.Subject);
        Assert.Contains("patch '[PATCH v2 1/2] mm: sample: track partially queued folios with PG_reclaim': mm/sample.c: hunk 2 of 2 (@@ -24,6 +25,7 @@ void sample_dequeue(struct folio *folio)) does not apply", error.Message);
        Assert.Contains("line 27 of mm/sample.c is 'sample_queue_len--;' where the hunk expects 'sample_queue_count--;'", error.Message);
    }

    [Fact]
    public void HunkWhoseLinesMoved_AppliesAtTheNearestPlace_WithANote()
    {
        // The header says line 20; the lines are at line 24 (as when an earlier patch of another series added four).
        var text = "--- a/mm/sample.c\n+++ b/mm/sample.c\n@@ -20,3 +20,4 @@\n {\n \tspin_lock(&sample_lock);\n \tlist_del_init(&folio->lru);\n+\t__clear_bit(PG_reclaim, &folio->flags);\n";

        var post = PatchApplication.Apply(new PatchSeries(ImmutableArray.Create(new Patch("fix", "fix.diff", UnifiedDiffReader.Read(text, "fix.diff")))), ReadTree);

        var file = post.Files["mm/sample.c"];
        Assert.Equal(new[] { 27 }, file.AddedLines);
        Assert.Equal("\t__clear_bit(PG_reclaim, &folio->flags);", Lines(file)[26]);
        Assert.Equal("patch 'fix': mm/sample.c: hunk 1 (@@ -20,3 +20,4 @@) applied at line 24, 4 line(s) later than its header says", Assert.Single(post.Notes));
    }

    [Fact]
    public void ModifyingAFileTheTreeDoesNotHave_SaysSo()
    {
        var text = "--- a/mm/absent.c\n+++ b/mm/absent.c\n@@ -1 +1 @@\n-int a;\n+int b;\n";

        var error = Assert.Throws<PatchDoesNotApplyError>(() => PatchApplication.Apply(new PatchSeries(ImmutableArray.Create(new Patch("p", "p.diff", UnifiedDiffReader.Read(text, "p.diff")))), ReadTree));

        Assert.Contains("mm/absent.c: no such file in the tree", error.Message);
    }

    [Fact]
    public void NewFile_DeletedFile_AndRename_EndUpWhereThePatchSays()
    {
        var text =
            "diff --git a/mm/fresh.c b/mm/fresh.c\nnew file mode 100644\n--- /dev/null\n+++ b/mm/fresh.c\n@@ -0,0 +1,2 @@\n+int x;\n+int y;\n" +
            "diff --git a/include/linux/page-flags.h b/include/linux/moved.h\nsimilarity index 100%\nrename from include/linux/page-flags.h\nrename to include/linux/moved.h\n";

        var post = PatchApplication.Apply(new PatchSeries(ImmutableArray.Create(new Patch("p", "p.diff", UnifiedDiffReader.Read(text, "p.diff")))), ReadTree);

        Assert.Equal("int x;\nint y;\n", Encoding.UTF8.GetString(post.Files["mm/fresh.c"].Content));
        Assert.Equal(new[] { 1, 2 }, post.Files["mm/fresh.c"].AddedLines.Order());
        Assert.Null(post.Files["mm/fresh.c"].TreePath);
        Assert.Equal(ReadTree("include/linux/page-flags.h"), post.Files["include/linux/moved.h"].Content);
        Assert.Equal("include/linux/page-flags.h", post.Files["include/linux/moved.h"].TreePath);
        Assert.Contains("include/linux/page-flags.h", post.Deleted);
    }

    [Fact]
    public void PathThatLeavesTheTree_IsRefused()
    {
        var text = "--- a/../etc/passwd\n+++ b/../etc/passwd\n@@ -1 +1 @@\n-a\n+b\n";

        var error = Assert.Throws<PatchDoesNotApplyError>(() => PatchApplication.Apply(new PatchSeries(ImmutableArray.Create(new Patch("p", "p.diff", UnifiedDiffReader.Read(text, "p.diff")))), ReadTree));

        Assert.Contains("'../etc/passwd' is not a path inside the tree", error.Message);
    }
}
