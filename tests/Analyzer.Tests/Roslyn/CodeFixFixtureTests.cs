using System.Threading.Tasks;
using Folint.Analyzer.CodeFixes;
using Folint.Analyzer.Roslyn;

namespace Folint.Analyzer.Tests.Roslyn;

/// <summary>
/// Every Fixtures/Fixes case: the diagnostics sit exactly at the markers, the fix turns the file into Name.fixed.cs,
/// and the testing library applies the Fix All provider in document, project and solution scope to the same result.
/// </summary>
public sealed class CodeFixFixtureTests
{
    public static TheoryData<string> Cases() => new(FixtureCases.Fixes());

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Fix_TurnsTheCaseIntoItsFixedFile(string name)
    {
        var (source, fixedSource) = FixtureCases.ReadFix(name);
        if (name.StartsWith("FOL001/", System.StringComparison.Ordinal))
        {
            var expected = AnalyzerVerifier<NonAtomicFlagAccessorAnalyzer>.ExpectedAtMarkers(source, NonAtomicFlagAccessorAnalyzer.Rule);
            await CodeFixVerifier<NonAtomicFlagAccessorAnalyzer, UseAtomicFlagAccessorCodeFix>.VerifyAsync(source, expected, fixedSource, compilationEnd: source.Contains("private static void", System.StringComparison.Ordinal));
        }
        else
        {
            var expected = AnalyzerVerifier<MapcountClampAnalyzer>.ExpectedAtMarkers(source, MapcountClampAnalyzer.Rule);
            await CodeFixVerifier<MapcountClampAnalyzer, UseTypeAwareMapcountReadCodeFix>.VerifyAsync(source, expected, fixedSource);
        }
    }
}
