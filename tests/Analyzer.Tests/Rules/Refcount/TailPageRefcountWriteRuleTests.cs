using System.Linq;

namespace Folint.Analyzer.Tests.Rules.Refcount;

public sealed class TailPageRefcountWriteRuleTests
{
    public static TheoryData<string> Fixtures() => new(RuleFixtures.Cases("FOL002").Select(c => (string)c[0]));

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_FindingsMatchItsMarkers(string fixture)
    {
        var outcome = RuleFixtures.Run("FOL002", fixture);
        Assert.True(outcome.Missing.Count == 0 && outcome.Noisy.Count == 0, outcome.Describe());
    }

    [Fact]
    public void TailWrite_NamesTheOperationAndThePage_AndShowsWhereThePageBecameATail()
    {
        var finding = RuleFixtures.Run("FOL002", "total_mapcount_in_second_page.c").Findings.Single();

        Assert.StartsWith("set_page_count() writes the refcount of second, which may be a tail page", finding.Message);
        Assert.Equal("sample_store_total_mapcount", finding.Function);
        var origin = Assert.Single(finding.Evidence);
        Assert.Equal(6, origin.Location.Line);
        Assert.Contains("folio_page(folio, 1) is page 1 of folio", origin.Message);
        Assert.Contains("folio_ref_add()", finding.FixHint);
    }

    [Fact]
    public void LayoutOverlap_IsReportedAtTheMember_WithTheOffsetsThatMakeIt()
    {
        var finding = RuleFixtures.Run("FOL002", "layout_total_mapcount_over_refcount.c").Findings.Single();

        Assert.Equal("struct folio member _total_mapcount overlays the _refcount of tail page 1: a speculative folio_try_get() on a freed and reused head would corrupt it", finding.Message);
        Assert.Null(finding.Function);
        var slot = Assert.Single(finding.Evidence);
        Assert.Equal("include/linux/mm_types.h", slot.Location.File);
        Assert.Contains("struct page is 64 bytes with _refcount at offset 52, so tail page 1's _refcount is bytes 116-119 of struct folio; _total_mapcount is bytes 116-119", slot.Message);
    }

    [Fact]
    public void LayoutWithATypeOfUnknownSize_IsAProblemOfThatFile_SayingWhatToAdd()
    {
        var error = Assert.Throws<System.InvalidOperationException>(() => RuleFixtures.Run("FOL002-problems", "layout_unknown_type.c"));

        Assert.Contains("mm/layout_unknown_type.c: internal error in rule FOL002: struct folio: no size for type 'frob_t' of member frob; add it to 'sizes' in rules/kernel/layout.yaml", error.Message);
    }
}
