using System;
using System.Linq;

namespace Folint.Corpus.Tests;

/// <summary>
/// FOL004's count-down forms on shapes from kernel history put back into scratch copies of Debian's 6.12 files
/// (never the fixtures' own shapes): the rmap loops that rely on a signed count, filemap's fault-around loop respelled
/// with the decrement as a statement, and the seed-003 helper as the review's first reply would have respelled it.
/// </summary>
public sealed class CountDownFormsCorpusTests
{
    private const string Linux612 = "linux-source-6.12";

    [Fact]
    public void Linux612_RmapAddLoop_SilentOnItsSignedCount_ReportedOnceTheCountIsUnsigned()
    {
        var tree = KernelCorpus.Tree(Linux612);
        using var scratch = KernelCorpus.Scratch(tree, "mm/rmap.c", "include/linux/page-flags.h");

        var unmodified = KernelCorpus.Check(scratch.Root, new[] { "mm/rmap.c" }, "FOL004");
        // `do { ... } while (page++, --nr_pages > 0)` stops at -1 only because nr_pages is an int (mm/rmap.c).
        scratch.Edit("mm/rmap.c",
            "\t\tstruct page *page, int nr_pages, enum rmap_level level,\n\t\tint *nr_pmdmapped)",
            "\t\tstruct page *page, unsigned int nr_pages, enum rmap_level level,\n\t\tint *nr_pmdmapped)");
        var unsigned = KernelCorpus.Check(scratch.Root, new[] { "mm/rmap.c" }, "FOL004");

        Assert.Empty(unmodified.Findings);
        var finding = Assert.Single(unsigned.Findings);
        Assert.Equal("__folio_add_rmap", finding.Function);
        Assert.Contains("the unsigned count wraps", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Linux612_FilemapFaultAround_RespelledWithADecrementStatement_IsStillReported_AtTheStatement()
    {
        var tree = KernelCorpus.Tree(Linux612);
        using var scratch = KernelCorpus.Scratch(tree, "mm/filemap.c", "include/linux/page-flags.h");

        scratch.Edit("mm/filemap.c",
            "\t\tcount = 0;\n\t} while (--nr_pages > 0);\n",
            "\t\tcount = 0;\n\t\tnr_pages--;\n\t} while (nr_pages > 0);\n");
        var result = KernelCorpus.Check(scratch.Root, new[] { "mm/filemap.c" }, "FOL004");

        var finding = Assert.Single(result.Findings);
        Assert.Equal("filemap_map_folio_range", finding.Function);
        Assert.Equal(scratch.LineOf("mm/filemap.c", "\t\tnr_pages--;"), finding.Evidence[0].Location.Line);
    }

    [Fact]
    public void Linux612_Seed003Helper_RespelledWithADecrementStatement_IsReported_AndTheReviewedOneIsNot()
    {
        var tree = KernelCorpus.Tree(Linux612);
        using var scratch = KernelCorpus.Scratch(tree, "include/linux/page-flags.h");
        const string anchor = "#ifdef CONFIG_MMU\n#define __PG_MLOCKED";

        scratch.Edit("include/linux/page-flags.h", anchor,
            "static __always_inline void ClearPagesAnonExclusive(struct page *page,\n\t\tunsigned int nr)\n{\n" +
            "\tdo {\n\t\tClearPageAnonExclusive(page);\n\t\tnr--;\n\t\tpage++;\n\t} while (nr);\n}\n\n" +
            "static inline void folio_clear_pages_anon_exclusive(struct page *page,\n\t\tunsigned int nr_pages)\n{\n" +
            "\tif (VM_WARN_ON_ONCE(!nr_pages))\n\t\treturn;\n\tdo {\n\t\tClearPageAnonExclusive(page++);\n\t\tnr_pages--;\n\t} while (nr_pages);\n}\n\n" + anchor);
        var result = KernelCorpus.Check(scratch.Root, new[] { "include/linux/page-flags.h" }, "FOL004");

        var finding = Assert.Single(result.Findings);
        Assert.Equal("ClearPagesAnonExclusive", finding.Function);
        Assert.Equal(scratch.LineOf("include/linux/page-flags.h", "\t\tnr--;"), finding.Evidence[0].Location.Line);
    }
}
