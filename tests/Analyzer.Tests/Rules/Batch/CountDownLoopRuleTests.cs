using System.Linq;

namespace Folint.Analyzer.Tests.Rules.Batch;

public sealed class CountDownLoopRuleTests
{
    public static TheoryData<string> Fixtures() => new(RuleFixtures.Cases("FOL004").Select(c => (string)c[0]));

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_FindingsMatchItsMarkers(string fixture)
    {
        var outcome = RuleFixtures.Run("FOL004", fixture);
        Assert.True(outcome.Missing.Count == 0 && outcome.Noisy.Count == 0, outcome.Describe());
    }

    [Fact]
    public void SeedHelper_IsReportedAtTheLoop_WithTheDecrementAndTheOperation()
    {
        var finding = RuleFixtures.Run("FOL004", "seed003_clear_pages_anon_exclusive.c").Findings.Single();

        Assert.Equal("count-down loop over nr decrements before it tests: when nr is 0 the unsigned count wraps to its largest value and the loop runs on (about 4 billion times for a 32-bit count, 65,535 for a u16) over pages that are not there", finding.Message);
        Assert.Equal("ClearPagesAnonExclusive", finding.Function);
        Assert.Equal(new[] { 9, 8 }, finding.Evidence.Select(e => e.Location.Line));
        Assert.Contains("VM_WARN_ON_ONCE(!nr)", finding.FixHint);
    }

    [Fact]
    public void SignedCount_SaysItGoesNegative_NeverThatAnUnsignedCountWraps()
    {
        var finding = RuleFixtures.Run("FOL004", "decrement_statement_signed.c").Findings.Single();

        Assert.StartsWith("count-down loop over nr decrements before it tests: when nr is 0 the signed count goes to -1", finding.Message);
        Assert.DoesNotContain("unsigned", finding.Message);
        Assert.Equal("nr is decremented before it is tested", finding.Evidence[0].Message);
        Assert.Equal(8, finding.Evidence[0].Location.Line); // the statement nr--, not the test
    }

    [Fact]
    public void DecrementedTwice_NamesTheBodysDecrement()
    {
        var finding = RuleFixtures.Run("FOL004", "decremented_twice.c").Findings.Single();

        Assert.StartsWith("loop over nr decrements it twice an iteration (in its body and in its update) but tests it once: when the body takes nr to 0 the update wraps", finding.Message);
        Assert.Equal("nr-- decrements nr a second time in the same iteration", finding.Evidence[0].Message);
        Assert.Equal(10, finding.Evidence[0].Location.Line);
    }

    [Fact]
    public void SteppedPastZero_NamesTheStep_AndSuggestsClampingIt()
    {
        var finding = RuleFixtures.Run("FOL004", "stepped_past_zero.c").Findings.Single();

        Assert.StartsWith("loop steps nr down by more than 1 and stops only at 0", finding.Message);
        Assert.Equal("nr -= step steps nr down by step, which nothing shows divides nr", finding.Evidence[0].Message);
        Assert.Contains("step = min(step, nr);", finding.FixHint);
    }

    [Fact]
    public void Caller_PassingZero_IsReportedAtTheCall_WithTheHelpersLoopAsEvidence()
    {
        var finding = RuleFixtures.Run("FOL004", "caller_passes_zero_in_its_branch.c").Findings.Single(f => f.Primary.Line == 14);

        Assert.StartsWith("sample_dirty_pages(page, nr) passes nr, which is 0 here, as nr to sample_dirty_pages(), whose count-down loop decrements that count before it tests it", finding.Message);
        var evidence = Assert.Single(finding.Evidence);
        Assert.Equal(6, evidence.Location.Line);
        Assert.Equal("sample_dirty_pages() decrements nr before it tests it in this loop", evidence.Message);
    }
}
