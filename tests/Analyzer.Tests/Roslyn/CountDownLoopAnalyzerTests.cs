using System.Threading.Tasks;
using Folint.Analyzer.Roslyn;
using Microsoft.CodeAnalysis.Testing;
using Verify = Folint.Analyzer.Tests.Roslyn.AnalyzerVerifier<Folint.Analyzer.Roslyn.CountDownLoopAnalyzer>;

namespace Folint.Analyzer.Tests.Roslyn;

public sealed class CountDownLoopAnalyzerTests
{
    public static TheoryData<string> Cases() => new(FixtureCases.Of("FOL004"));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Fixture_ReportsExactlyAtItsMarkers(string name)
    {
        var source = FixtureCases.Read("FOL004", name);
        var expected = Verify.ExpectedAtMarkers(source, CountDownLoopAnalyzer.Rule);
        Assert.Equal(name.StartsWith("Reports_", System.StringComparison.Ordinal), expected.Length > 0);

        await Verify.VerifyAsync(source, expected);
    }

    [Fact]
    public async Task SeedThreeLoop_NamesTheCountAndPointsAtTheDecrement()
    {
        var source = @"
using Folint.Simulation.Mm;

public static class AnonExclusive
{
    public static void Clear(MemMap map, Page page, uint nr_pages)
    {
        {|#0:for|} (;;)
        {
            page.ClearAnonExclusive();
            if ({|#1:--nr_pages|} == 0)
                break;
            page = map.PfnToPage(page.Pfn + 1);
        }
    }
}";
        var expected = new DiagnosticResult(CountDownLoopAnalyzer.Rule).WithLocation(0).WithLocation(1).WithArguments("nr_pages");

        await Verify.VerifyAsync(source, new[] { expected });
    }

    [Fact]
    public async Task SignedCount_MessageSaysItRunsThroughTheNegatives_NotThatAnUnsignedCountWraps()
    {
        var source = FixtureCases.Read("FOL004", "Reports_SignedCountEqualityTest");
        var expected = new DiagnosticResult(CountDownLoopAnalyzer.SignedRule).WithLocation(0).WithArguments("nr").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

        await Verify.VerifyAsync(source, new[] { expected });
        Assert.DoesNotContain("unsigned", CountDownLoopAnalyzer.SignedRule.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }
}
