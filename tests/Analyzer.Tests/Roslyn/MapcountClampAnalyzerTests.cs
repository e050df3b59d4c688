using System.Threading.Tasks;
using Folint.Analyzer.CodeFixes;
using Folint.Analyzer.Roslyn;
using Microsoft.CodeAnalysis.Testing;
using Verify = Folint.Analyzer.Tests.Roslyn.AnalyzerVerifier<Folint.Analyzer.Roslyn.MapcountClampAnalyzer>;
using Fix = Folint.Analyzer.Tests.Roslyn.CodeFixVerifier<Folint.Analyzer.Roslyn.MapcountClampAnalyzer, Folint.Analyzer.CodeFixes.UseTypeAwareMapcountReadCodeFix>;

namespace Folint.Analyzer.Tests.Roslyn;

public sealed class MapcountClampAnalyzerTests
{
    public static TheoryData<string> Cases() => new(FixtureCases.Of("FOL003"));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Fixture_ReportsExactlyAtItsMarkers(string name)
    {
        var source = FixtureCases.Read("FOL003", name);
        var expected = Verify.ExpectedAtMarkers(source, MapcountClampAnalyzer.Rule);
        Assert.Equal(name.StartsWith("Reports_", System.StringComparison.Ordinal), expected.Length > 0);

        await Verify.VerifyAsync(source, expected);
    }

    [Fact]
    public async Task Clamp_PointsAtTheClampAndTheRawRead()
    {
        var source = @"
using Folint.Simulation.Mm;

public static class Mapcount
{
    public static int Read(Page page)
    {
        int mapcount = {|#1:page.RawMapcount()|} + 1;
        {|#0:if (mapcount < 0) mapcount = 0;|}
        return mapcount;
    }
}";
        var expected = new DiagnosticResult(MapcountClampAnalyzer.Rule).WithLocation(0).WithLocation(1)
            .WithArguments("if (mapcount < 0) mapcount = 0;", "page.RawMapcount()");

        await Verify.VerifyAsync(source, new[] { expected });
    }

    [Fact]
    public async Task CodeFix_IfClampOfRawPlusOne_BecomesTheTypeAwareRead()
    {
        var source = @"
using Folint.Simulation.Mm;

public static class Mapcount
{
    public static int Read(Page page)
    {
        int mapcount = page.RawMapcount() + 1;
        {|#0:if (mapcount < 0)
            mapcount = 0;|}
        return mapcount;
    }
}";
        var fixedSource = @"
using Folint.Simulation.Mm;

public static class Mapcount
{
    public static int Read(Page page)
    {
        int mapcount = page.Mapcount();
        return mapcount;
    }
}";
        await Fix.VerifyAsync(source, new[] { Expected() }, fixedSource);
    }

    [Fact]
    public async Task CodeFix_MaxOfRawPlusOne_BecomesTheTypeAwareRead()
    {
        var source = @"
using System;
using Folint.Simulation.Mm;

public static class Mapcount
{
    public static int Read(Page page) => {|#0:Math.Max(page.RawMapcount() + 1, 0)|};
}";
        var fixedSource = @"
using System;
using Folint.Simulation.Mm;

public static class Mapcount
{
    public static int Read(Page page) => page.Mapcount();
}";
        await Fix.VerifyAsync(source, new[] { Expected() }, fixedSource);
    }

    [Fact]
    public async Task CodeFix_ConditionalOverVariable_ReadsTypeAwareAndDropsTheClamp()
    {
        var source = @"
using Folint.Simulation.Mm;

public static class Mapcount
{
    public static int Read(Page page)
    {
        var mapcount = page.RawMapcount() + 1;
        return {|#0:mapcount < 0 ? 0 : mapcount|};
    }
}";
        var fixedSource = @"
using Folint.Simulation.Mm;

public static class Mapcount
{
    public static int Read(Page page)
    {
        var mapcount = page.Mapcount();
        return mapcount;
    }
}";
        await Fix.VerifyAsync(source, new[] { Expected() }, fixedSource);
    }

    [Fact]
    public async Task CodeFix_ClampOfAnotherDerivation_OffersNothing()
    {
        var source = @"
using Folint.Simulation.Mm;

public static class Mapcount
{
    public static int Total(Page page, int entire)
    {
        int total = page.RawMapcount() + 1 + entire;
        {|#0:if (total < 0) total = 0;|}
        return total;
    }
}";
        await Fix.VerifyAsync(source, new[] { Expected() }, source);
    }

    private static DiagnosticResult Expected() =>
        new DiagnosticResult(MapcountClampAnalyzer.Id, MapcountClampAnalyzer.Rule.DefaultSeverity).WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);
}
