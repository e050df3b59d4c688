using System;
using System.Linq;

namespace Folint.Corpus.Tests;

/// <summary>
/// FOL003's value domains on Debian's trees: the helpers' domains come from each tree's own headers, and a
/// historical-style confusion put back into a scratch copy (a mapcount handed to the raw-word test) is reported.
/// </summary>
public sealed class MapcountDomainsCorpusTests
{
    [Fact]
    public void Linux612_PreciseMapcount_WithTheRawWordTest_IsReported_WithTheHelperAsEvidence()
    {
        var tree = KernelCorpus.Tree("linux-source-6.12");
        using var scratch = KernelCorpus.Scratch(tree, "fs/proc/internal.h", "include/linux/page-flags.h", "include/linux/mm.h");

        var unmodified = KernelCorpus.Check(scratch.Root, new[] { "fs/proc/internal.h" }, "FOL003");
        // seed 004's fix spelled with the other helper: mapcount is _mapcount + 1, page_type_has_type() takes the raw word
        scratch.Edit("fs/proc/internal.h",
            "\tint mapcount = atomic_read(&page->_mapcount) + 1;\n\n\tif (page_mapcount_is_type(mapcount))",
            "\tint mapcount = atomic_read(&page->_mapcount) + 1;\n\n\tif (page_type_has_type(mapcount))");
        var confused = KernelCorpus.Check(scratch.Root, new[] { "fs/proc/internal.h" }, "FOL003");

        Assert.Empty(unmodified.Findings);
        var finding = Assert.Single(confused.Findings);
        Assert.Equal("folio_precise_page_mapcount", finding.Function);
        Assert.StartsWith("page_type_has_type(mapcount) passes mapcount, the mapcount (_mapcount + 1), where page_type_has_type() takes the raw _mapcount/page_type word", finding.Message, StringComparison.Ordinal);
        Assert.Equal("include/linux/page-flags.h", finding.Evidence.Single().Location.File);
    }

    [Fact]
    public void Linux61_HasNoDomainHelpers_AndItsRawComparisonIsNotReported()
    {
        var tree = KernelCorpus.Tree("linux-source-6.1");

        var result = KernelCorpus.Check(tree, new[] { "include/linux/page-flags.h", "include/linux/mm.h", "mm/debug.c" }, "FOL003");

        Assert.Empty(result.Findings); // page_has_type() compares (int)page->page_type with PAGE_MAPCOUNT_RESERVE: raw with raw
    }
}
