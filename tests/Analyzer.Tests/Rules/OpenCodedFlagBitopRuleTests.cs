using System.Linq;
using Folint.Analyzer.Findings;

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
    public void UnderTheCallersFrozenRefcount_OnlyMemoryFailureIsEvidence_ConfidenceMedium()
    {
        var findings = RuleFixtures.Run("FOL000", "split_tail_under_callers_freeze.c").Findings.Where(f => f.RuleId == "FOL000").ToList();
        Assert.Equal(2, findings.Count);
        Assert.All(findings, finding =>
        {
            Assert.Equal(FindingConfidence.Medium, finding.Confidence);
            Assert.Contains("under a frozen refcount", finding.Message);
            var writer = Assert.Single(finding.Evidence);
            Assert.Equal("memory_failure", writer.Function);
            Assert.Contains("TestSetPageHWPoison()", writer.Message);
        });
    }

    [Fact]
    public void Finding_NamesTheOperationAndTheWord_AndGivesAFix()
    {
        var finding = RuleFixtures.Run("FOL000", "clear_mask_second_page.c").Findings.Single(f => f.RuleId == "FOL000");
        Assert.Equal("open-coded non-atomic '&=' on page[1].flags: a plain read-modify-write of a page flags word loses the concurrent atomic updates of every other flag in that word", finding.Message);
        Assert.Equal("drop_second_flags", finding.Function);
        Assert.Contains("set_bit()/clear_bit()", finding.FixHint);
        Assert.Equal(4, finding.Primary.Line);
        Assert.Equal(2, finding.Primary.Column);
    }

    [Fact]
    public void NonAtomicBitop_OffersItsAtomicTwin_AsAnEditOfTheCallee()
    {
        var finding = RuleFixtures.Run("FOL000", "set_bit_on_page_flags.c").Findings.Single(f => f.RuleId == "FOL000");

        var fix = Assert.IsType<SuggestedFix>(finding.Fix);
        Assert.Equal("Use set_bit(), which is atomic", fix.Title);
        var edit = Assert.Single(fix.Edits);
        Assert.Equal(new Location("mm/set_bit_on_page_flags.c", 5, 2, 5, 11), edit.Location);
        Assert.Equal("set_bit", edit.NewText);
    }

    [Fact]
    public void OpenCodedOperator_HasNoMechanicalFix()
    {
        // '&= ~mask' may clear several flags at once: which accessors replace it is a decision, not an edit.
        var finding = RuleFixtures.Run("FOL000", "clear_mask_second_page.c").Findings.Single(f => f.RuleId == "FOL000");

        Assert.Null(finding.Fix);
    }
}
