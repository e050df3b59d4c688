using System.Linq;

namespace Folint.Analyzer.Tests.Rules.Mapcount;

public sealed class MapcountUnderflowRuleTests
{
    public static TheoryData<string> Fixtures() => new(RuleFixtures.Cases("FOL003").Select(c => (string)c[0]));

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_FindingsMatchItsMarkers(string fixture)
    {
        var outcome = RuleFixtures.Run("FOL003", fixture);
        Assert.True(outcome.Missing.Count == 0 && outcome.Noisy.Count == 0, outcome.Describe());
    }

    [Fact]
    public void RawWordToMapcountHelper_NamesBothDomains_WithTheHelpersDefinitionAsEvidence()
    {
        var finding = RuleFixtures.Run("FOL003", "domain_raw_word_to_mapcount_helper.c").Findings.Single();

        Assert.StartsWith("page_mapcount_is_type(mapcount) passes mapcount, the raw _mapcount/page_type word, where page_mapcount_is_type() takes the mapcount (_mapcount + 1) as its mapcount:", finding.Message);
        var evidence = Assert.Single(finding.Evidence);
        Assert.Equal("include/linux/mm.h", evidence.Location.File);
        Assert.Equal(21, evidence.Location.Line); // return page_type_has_type(mapcount - 1);
        Assert.Equal("page_mapcount_is_type() passes mapcount - 1 to page_type_has_type(), so mapcount is the mapcount (_mapcount + 1)", evidence.Message);
    }

    [Fact]
    public void OffsetAddedTwice_SaysSo()
    {
        var finding = RuleFixtures.Run("FOL003", "domain_offset_added_twice.c").Findings.Single();

        Assert.Contains("passes mapcount + 1, _mapcount + 2 (the +1 offset added 2 times),", finding.Message);
    }

    [Fact]
    public void Clamp_IsReportedAtTheClamp_AndNamesTheReadItCameFrom()
    {
        var finding = RuleFixtures.Run("FOL003", "seed004_page_mapcount_before_fix.c").Findings.Single();

        Assert.Equal("'if (mapcount < 0) mapcount = 0' clamps a value derived from atomic_read(&page->_mapcount) to 0 without the page-type test: a mapcount underflow then reads as 0 and the zap paths' underflow checks never fire", finding.Message);
        Assert.Equal((9, 2), (finding.Primary.Line, finding.Primary.Column));
        var read = Assert.Single(finding.Evidence);
        Assert.Equal((6, 17), (read.Location.Line, read.Location.Column));
    }

    [Fact]
    public void RawRead_NamesTheAccessorsTheTreeDefinesForThatField()
    {
        var findings = RuleFixtures.Run("FOL003", "raw_reads_outside_accessors.c").Findings;

        Assert.Contains(findings, f => f.Message.StartsWith("raw read of folio->_mapcount outside the mapcount accessors the tree defines (folio_mapcount())", System.StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Message.StartsWith("raw read of folio->_nr_pages_mapped outside the mapcount accessors the tree defines (folio_nr_pages_mapped())", System.StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Message.StartsWith("raw read of folio->_entire_mapcount outside the mapcount accessors the tree defines (folio_entire_mapcount())", System.StringComparison.Ordinal));
    }
}
