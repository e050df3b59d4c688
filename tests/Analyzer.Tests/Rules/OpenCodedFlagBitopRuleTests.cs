using System.Linq;

namespace Folint.Analyzer.Tests.Rules;

public sealed class OpenCodedFlagBitopRuleTests
{
    public static TheoryData<string> Fixtures() => new(RuleFixtures.Cases("FOL000").Select(c => (string)c[0]));

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_FindingsMatchItsMarkers(string fixture)
    {
        var outcome = RuleFixtures.Run("FOL000", fixture);
        Assert.True(outcome.Missing.Count == 0 && outcome.Noisy.Count == 0, outcome.Describe());
    }

    [Fact]
    public void Finding_NamesTheOperationAndTheWord_AndGivesAFix()
    {
        var finding = RuleFixtures.Run("FOL000", "clear_mask_second_page.c").Findings.Single();
        Assert.Equal("open-coded non-atomic '&=' on page[1].flags: a plain read-modify-write of a page flags word loses the concurrent atomic updates of every other flag in that word", finding.Message);
        Assert.Equal("drop_second_flags", finding.Function);
        Assert.Contains("set_bit()/clear_bit()", finding.FixHint);
        Assert.Equal(4, finding.Primary.Line);
        Assert.Equal(2, finding.Primary.Column);
    }
}
