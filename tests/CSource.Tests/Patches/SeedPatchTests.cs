using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Folint.CSource.Patches;
using static Folint.CSource.Tests.Patches.PatchFixtures;

namespace Folint.CSource.Tests.Patches;

/// <summary>
/// The seed threads as patch inputs: only seed 000 carries a patch of its own; the others explain why they do not.
/// Skipped where the seeds are not beside the checkout; <see cref="ThreadPatchTests"/> checks the same shapes on
/// threads of the project's own.
/// </summary>
public sealed class SeedPatchTests
{
    [SkippableFact]
    public void Seed000_IsTheV5Patch_WithItsEightFiles_AndNothingFromTheRepliesThatQuoteIt()
    {
        var path = Seed("000_e84798dfff902c30.txt");
        var text = File.ReadAllText(path);

        var input = PatchInput.Read("000_e84798dfff902c30.txt", File.ReadAllBytes(path));

        var patch = Assert.Single(input.Patches);
        Assert.Equal("[PATCH v5 4/6] mm: Introduce a pageflag for partially mapped folios", patch.Label);
        Assert.Equal(new[] { "include/linux/huge_mm.h", "include/linux/page-flags.h", "mm/huge_memory.c", "mm/memcontrol.c", "mm/migrate.c", "mm/page_alloc.c", "mm/rmap.c", "mm/vmscan.c" },
            patch.Files.Select(f => f.Path));
        // Every hunk header at the start of a line is the patch's own; the quoted copies ("> @@", ">> @@") are not read.
        var ownHunks = Regex.Matches(text, "^@@ ", RegexOptions.Multiline).Count;
        Assert.Equal(ownHunks, patch.Files.Sum(f => f.Hunks.Length));
        Assert.True(Regex.Matches(text, "^>+ *@@ ", RegexOptions.Multiline).Count > 0);
        // The diffstat says 56 insertions and 21 deletions.
        var lines = patch.Files.SelectMany(f => f.Hunks).SelectMany(h => h.Lines).ToList();
        Assert.Equal((56, 21), (lines.Count(l => l.Kind == HunkLineKind.Added), lines.Count(l => l.Kind == HunkLineKind.Removed)));
        Assert.Contains(lines, l => l.Kind == HunkLineKind.Added && l.Text == "__FOLIO_SET_FLAG(partially_mapped, FOLIO_SECOND_PAGE)");
    }

    [SkippableTheory]
    [InlineData("001_5d3cb9f5c0c3457e.txt", "no unified diff in it")]
    [InlineData("002_824f90a3c3d00924.txt", "no line breaks")]
    [InlineData("003_c580c30b24d7da11.txt", "only quotes a patch")]
    [InlineData("004_6447d6cf653aa85c.txt", "no line breaks")]
    public void OtherSeeds_HoldNoPatchOfTheirOwn_AndSayWhy(string seed, string reason)
    {
        var input = PatchInput.Read(seed, File.ReadAllBytes(Seed(seed)));

        Assert.False(input.HasPatch);
        Assert.Contains(reason, input.NoPatchReason);
    }
}
