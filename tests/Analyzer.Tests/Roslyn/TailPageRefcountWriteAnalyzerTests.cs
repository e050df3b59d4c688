using System.Threading.Tasks;
using Folint.Analyzer.Roslyn;
using Microsoft.CodeAnalysis.Testing;
using Verify = Folint.Analyzer.Tests.Roslyn.AnalyzerVerifier<Folint.Analyzer.Roslyn.TailPageRefcountWriteAnalyzer>;

namespace Folint.Analyzer.Tests.Roslyn;

public sealed class TailPageRefcountWriteAnalyzerTests
{
    public static TheoryData<string> Cases() => new(FixtureCases.Of("FOL002"));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Fixture_ReportsExactlyAtItsMarkers(string name)
    {
        var source = FixtureCases.Read("FOL002", name);
        var expected = Verify.ExpectedAtMarkers(source, TailPageRefcountWriteAnalyzer.Rule);
        Assert.Equal(name.StartsWith("Reports_", System.StringComparison.Ordinal), expected.Length > 0);

        await Verify.VerifyAsync(source, expected);
    }

    [Fact]
    public async Task SubpageReference_NamesTheWriteAndThePage()
    {
        var source = @"
using Folint.Simulation.Mm;

public static class Gup
{
    public static void Get(Folio folio) => {|#0:folio.Page(1).PageRefAdd(1)|};
}";
        var expected = new DiagnosticResult(TailPageRefcountWriteAnalyzer.Rule).WithLocation(0).WithArguments("PageRefAdd()", "folio.Page(1)");

        await Verify.VerifyAsync(source, new[] { expected });
    }

    [Fact]
    public async Task HelperWritingItsParameter_NamesTheHelperAndTheTailPassed()
    {
        var source = FixtureCases.Read("FOL002", "Reports_HelperWritesItsParameterRefcount");
        var expected = new DiagnosticResult(TailPageRefcountWriteAnalyzer.Rule).WithLocation(0).WithArguments("Pin()", "folio.Page(2)");

        await Verify.VerifyAsync(source, new[] { expected });
    }
}
