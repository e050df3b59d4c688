using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Folint.CSource.Patches;
using static Folint.CSource.Tests.Patches.PatchFixtures;

namespace Folint.CSource.Tests.Patches;

/// <summary>
/// Review threads of the seeds' shapes, written for folint (Fixtures/threads): a patch followed by replies that quote
/// it, a mail squashed onto one line, a thread that only quotes a patch, a review with no diff at all.
/// </summary>
public sealed class ThreadPatchTests
{
    [Fact]
    public void PatchWithReplies_IsThePatch_WithItsTwoFiles_AndNothingFromTheRepliesThatQuoteIt()
    {
        var path = Thread("patch-with-replies.txt");
        var text = File.ReadAllText(path);

        var input = PatchInput.Read("patch-with-replies.txt", File.ReadAllBytes(path));

        var patch = Assert.Single(input.Patches);
        Assert.Equal("[PATCH v3 2/4] mm: keep the deferred split state of a folio in a page flag", patch.Label);
        Assert.Equal(new[] { "include/linux/page-flags.h", "mm/huge_memory.c" }, patch.Files.Select(f => f.Path));
        // Every hunk header at the start of a line is the patch's own; the quoted copies ("> @@", ">> @@") are not read.
        var ownHunks = Regex.Matches(text, "^@@ ", RegexOptions.Multiline).Count;
        Assert.Equal(ownHunks, patch.Files.Sum(f => f.Hunks.Length));
        Assert.Equal(3, Regex.Matches(text, "^>+ *@@ ", RegexOptions.Multiline).Count);
        // The diffstat says 8 insertions and 1 deletion.
        var lines = patch.Files.SelectMany(f => f.Hunks).SelectMany(h => h.Lines).ToList();
        Assert.Equal((8, 1), (lines.Count(l => l.Kind == HunkLineKind.Added), lines.Count(l => l.Kind == HunkLineKind.Removed)));
        Assert.Contains(lines, l => l.Kind == HunkLineKind.Added && l.Text == "__FOLIO_SET_FLAG(split_queued, FOLIO_SECOND_PAGE)");
    }

    [Theory]
    [InlineData("review-without-diff.txt", "no unified diff in it")]
    [InlineData("squashed-mail.txt", "no line breaks")]
    [InlineData("quoted-only-thread.txt", "only quotes a patch")]
    public void OtherThreads_HoldNoPatchOfTheirOwn_AndSayWhy(string thread, string reason)
    {
        var input = PatchInput.Read(thread, File.ReadAllBytes(Thread(thread)));

        Assert.False(input.HasPatch);
        Assert.Contains(reason, input.NoPatchReason);
    }
}
