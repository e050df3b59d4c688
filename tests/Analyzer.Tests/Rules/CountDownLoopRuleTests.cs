using System.Linq;

namespace Folint.Analyzer.Tests.Rules;

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

        Assert.Equal("count-down loop over nr decrements before it tests: when nr is 0 the unsigned count wraps and the loop runs about 4 billion times over pages that are not there", finding.Message);
        Assert.Equal("ClearPagesAnonExclusive", finding.Function);
        Assert.Equal(new[] { 9, 8 }, finding.Evidence.Select(e => e.Location.Line));
        Assert.Contains("VM_WARN_ON_ONCE(!nr)", finding.FixHint);
    }
}
