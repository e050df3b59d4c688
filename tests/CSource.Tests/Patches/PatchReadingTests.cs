using System;
using System.IO;
using System.Linq;
using System.Text;
using Folint.CSource.Patches;
using static Folint.CSource.Tests.Patches.PatchFixtures;

namespace Folint.CSource.Tests.Patches;

public sealed class PatchReadingTests
{
    [Fact]
    public void FormatPatch_IsOneMailWithItsSubject_AndHunksEndAtTheirCounts_NotAtTheSignature()
    {
        var input = PatchInput.Read("format-patch.patch", Read("format-patch.patch"));

        var patch = Assert.Single(input.Patches);
        Assert.Equal("[PATCH v2 1/2] mm: sample: track partially queued folios with PG_reclaim", patch.Label);
        var file = Assert.Single(patch.Files);
        Assert.Equal(("mm/sample.c", "mm/sample.c", FileChange.Modified), (file.OldPath, file.NewPath, file.Change));
        Assert.Equal(new[] { (13, 8, 13, 9), (24, 6, 25, 7) }, file.Hunks.Select(h => (h.OldStart, h.OldCount, h.NewStart, h.NewCount)));
        Assert.Equal("static void sample_prepare(struct folio *folio)", file.Hunks[0].Section);
        // The last hunk ends with its seventh new line; "-- " (the signature) is not read as a removed line.
        var last = file.Hunks[1].Lines;
        Assert.Equal(7, last.Length);
        Assert.Equal((HunkLineKind.Context, "}"), (last[^1].Kind, last[^1].Text));
        Assert.Equal(new[] { "\t/* the queue lock protects PG_reclaim here, so a plain update is enough */", "\t\t__set_bit(PG_reclaim, &folio->flags);", "\t__clear_bit(PG_reclaim, &folio->flags);" },
            file.Hunks.SelectMany(h => h.Lines).Where(l => l.Kind == HunkLineKind.Added).Select(l => l.Text));
    }

    [Fact]
    public void FormatPatch_HunksKnowTheirLineInTheFile()
    {
        var lines = File.ReadAllLines(PathOf("format-patch.patch"));

        var file = PatchInput.Read("format-patch.patch", Read("format-patch.patch")).Patches[0].Files[0];

        foreach (var hunk in file.Hunks)
            Assert.StartsWith(hunk.Header.Substring(0, hunk.Header.IndexOf(" @@", StringComparison.Ordinal)), lines[hunk.InputLine - 1]);
        Assert.Equal("diff --git a/mm/sample.c b/mm/sample.c", lines[file.InputLine - 1]);
    }

    [Fact]
    public void PlainDiff_LosesTheDirectoryEachSideWasDiffedFrom_AndItsTimestamps()
    {
        var input = PatchInput.Read("plain.diff", Read("plain.diff"));

        var file = Assert.Single(Assert.Single(input.Patches).Files);
        Assert.Equal(("mm/sample.c", "mm/sample.c"), (file.OldPath, file.NewPath));
        Assert.Equal(3, file.Hunks.Length);
        Assert.Equal("plain.diff, patch at line 2", input.Patches[0].Label);
    }

    [Fact]
    public void MboxSeries_ReadsThePatchesInOrder_SkippingTheCoverLetterAndTheReplyThatQuotesPatch1()
    {
        var input = PatchInput.Read("series.mbox", Read("series.mbox"));

        Assert.Equal(4, input.Messages);
        Assert.Equal(new[] { "[PATCH v2 1/2] mm: sample: track partially queued folios with PG_reclaim", "[PATCH v2 2/2] mm: sample: clear PG_reclaim in the scanner too" },
            input.Patches.Select(p => p.Label));
        Assert.Equal(new[] { 2, 2 }, input.Patches.Select(p => p.Files.Single().Hunks.Length));
        // Lines are counted in the mbox itself: the header of patch 2's first hunk is where the file has it.
        var lines = File.ReadAllLines(PathOf("series.mbox"));
        var hunk = input.Patches[1].Files[0].Hunks[0];
        Assert.StartsWith("@@ -14,7 +14,7 @@", lines[hunk.InputLine - 1]);
    }

    [Fact]
    public void QuotedPrintableMail_IsDecodedBeforeTheDiffIsRead()
    {
        var input = PatchInput.Read("quoted-printable.eml", Read("quoted-printable.eml"));

        var hunk = Assert.Single(Assert.Single(Assert.Single(input.Patches).Files).Hunks);
        Assert.Contains(hunk.Lines, l => l.Kind == HunkLineKind.Added && l.Text == "\tfolio->mapping = NULL; /* not yet visible to anyone: this CPU allocated it moments ago */");
        Assert.Contains(hunk.Lines, l => l.Kind == HunkLineKind.Context && l.Text == "\tfolio->private = NULL;");
        // The body was encoded: its lines are not the file's, so positions are not claimed.
        Assert.Equal(0, hunk.InputLine);
    }

    [Fact]
    public void EmptyLineInAHunk_IsAnEmptyContextLine_WhoseSpaceAnArchiveDropped()
    {
        var text = "--- a/mm/x.c\n+++ b/mm/x.c\n@@ -1,3 +1,4 @@\n int a;\n\n+int b;\n int c;\n";

        var hunk = UnifiedDiffReader.Read(text, "x.diff").Single().Hunks.Single();

        Assert.Equal(new[] { HunkLineKind.Context, HunkLineKind.Context, HunkLineKind.Added, HunkLineKind.Context }, hunk.Lines.Select(l => l.Kind));
        Assert.Equal("", hunk.Lines[1].Text);
    }

    [Fact]
    public void HunkCutShort_NamesTheInputLineTheFileAndTheHunk()
    {
        var text = "diff --git a/mm/x.c b/mm/x.c\n--- a/mm/x.c\n+++ b/mm/x.c\n@@ -10,4 +10,5 @@ void f(void)\n int a;\n+int b;\nthanks for the patch\n";

        var error = Assert.Throws<MalformedPatchError>(() => UnifiedDiffReader.Read(text, "mail.txt"));

        Assert.Equal("mail.txt:4", error.Subject);
        Assert.Contains("mm/x.c: hunk '@@ -10,4 +10,5 @@ void f(void)' is cut short: line 7 ('thanks for the patch') is not a hunk line while it still owes 3 old and 3 new line(s)", error.Message);
    }

    // Found by fuzz/run (patch): int.Parse overflowed on a mangled header and escaped as an internal error.
    [Fact]
    public void HunkHeaderWithANumberPastAnyFile_IsAMalformedPatch_NamingTheHunk()
    {
        var text = "diff --git a/mm/x.c b/mm/x.c\n--- a/mm/x.c\n+++ b/mm/x.c\n@@ -77777777777777777,8 +7,8 @@\n-a\n+b\n";

        var error = Assert.Throws<MalformedPatchError>(() => UnifiedDiffReader.Read(text, "mail.txt"));

        Assert.Equal("mail.txt:4", error.Subject);
        Assert.Contains("mm/x.c: hunk '@@ -77777777777777777,8 +7,8 @@' has a line number or count too large for any file (77777777777777777)", error.Message);
    }

    [Fact]
    public void NoNewlineMarker_BelongsToTheLineBeforeIt()
    {
        var text = "--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-int a;\n\\ No newline at end of file\n+int b;\n\\ No newline at end of file\n";

        var lines = UnifiedDiffReader.Read(text, "x.diff").Single().Hunks.Single().Lines;

        Assert.Equal(new[] { true, true }, lines.Select(l => l.NoNewlineAtEnd));
    }

    [Fact]
    public void GitRenameAndNewFile_KeepTheirNamesAndKinds()
    {
        var text =
            "diff --git a/mm/old.c b/mm/new.c\nsimilarity index 90%\nrename from mm/old.c\nrename to mm/new.c\n" +
            "diff --git a/mm/fresh.c b/mm/fresh.c\nnew file mode 100644\nindex 0000000..1111111\n--- /dev/null\n+++ b/mm/fresh.c\n@@ -0,0 +1 @@\n+int x;\n";

        var files = UnifiedDiffReader.Read(text, "x.patch");

        Assert.Equal(new[] { ("mm/old.c", "mm/new.c", FileChange.Renamed), ((string?)null, "mm/fresh.c", FileChange.Added) }.Select(t => (t.Item1, (string?)t.Item2, t.Item3)),
            files.Select(f => (f.OldPath, f.NewPath, f.Change)));
        Assert.Empty(files[0].Hunks);
    }

    [Fact]
    public void ReplyThatOnlyQuotesAPatch_HasNoPatch_AndSaysSo()
    {
        var reply = "On Mon, Ada wrote:\n> diff --git a/mm/x.c b/mm/x.c\n> --- a/mm/x.c\n> +++ b/mm/x.c\n> @@ -1,2 +1,3 @@\n>  int a;\n> +int b;\n\nLooks wrong to me.\n";

        var input = PatchInput.Read("reply.txt", Encoding.UTF8.GetBytes(reply));

        Assert.False(input.HasPatch);
        Assert.Contains("only quotes a patch", input.NoPatchReason);
    }

    [Fact]
    public void MailSquashedOntoOneLine_HasNoPatch_AndSaysTheLineBreaksAreGone()
    {
        var squashed = "Subject-less copy --- a/mm/x.c~fix +++ a/mm/x.c @@ -1,2 +1,3 @@ int a; +int b; int c;";

        var input = PatchInput.Read("squashed.txt", Encoding.UTF8.GetBytes(squashed));

        Assert.False(input.HasPatch);
        Assert.Contains("no line breaks", input.NoPatchReason);
    }

    private const string Header = "diff --git a/mm/x.c b/mm/x.c\n--- a/mm/x.c\n+++ b/mm/x.c\n";

    [Theory]
    [InlineData("@@ -0,0 +0,0 @@\n+void f(struct page *page) { __set_bit(PG_dirty, &page->flags); }\n", "x.patch:4: mm/x.c: hunk '@@ -0,0 +0,0 @@' says it holds no line; a hunk removes, adds or shows at least one")]
    [InlineData("@@ -1,-1 +1,-5 @@\n+void f(void) {}\n", "x.patch:4: mm/x.c: hunk header '@@ -1,-1 +1,-5 @@' is not '@@ -START[,COUNT] +START[,COUNT] @@' with counts of 0 or more")]
    [InlineData("@@ -1,1 +1,2 @@\n int a;\n+int b;\n+void f(struct page *page) { __set_bit(PG_dirty, &page->flags); }\n", "x.patch:7: mm/x.c: line 7 ('+void f(struct page *page) { __set_bit(PG_dirty, &page->flags); }') is an added line after hunk '@@ -1 +1,2 @@' has all the lines its header counts: the header's counts are wrong")]
    [InlineData("@@ -1,2 +1,1 @@\n int a;\n-int b;\n-int c;\n", "x.patch:7: mm/x.c: line 7 ('-int c;') is a removed line after hunk '@@ -1,2 +1 @@' has all the lines its header counts: the header's counts are wrong")]
    public void HunkWhoseCountsDoNotMatchItsLines_IsMalformed_NotSilentlyShortened(string hunk, string message)
    {
        var error = Assert.Throws<MalformedPatchError>(() => PatchInput.Read("x.patch", Encoding.UTF8.GetBytes(Header + hunk)));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void SignatureAfterTheLastHunk_IsNotARemovedLine_EvenWithoutItsTrailingSpace()
    {
        var text = Header + "@@ -1 +1,2 @@\n int a;\n+int b;\n--\n2.43.0\n";

        var file = Assert.Single(Assert.Single(PatchInput.Read("x.patch", Encoding.UTF8.GetBytes(text)).Patches).Files);

        Assert.Equal(2, Assert.Single(file.Hunks).Lines.Length);
    }
}
