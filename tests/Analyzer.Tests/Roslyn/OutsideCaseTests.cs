using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Folint.Analyzer.Roslyn;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Folint.Analyzer.Tests.Roslyn;

/// <summary>
/// Fixtures/Outside: cases written as another C# developer would, from the simulation's public API and the README
/// alone, in a style unlike the per-rule fixtures. Each marks what it expects with the testing library's
/// <c>{|FOL00n:...|}</c> markup; every analyzer must report exactly its own markers and nothing else.
/// </summary>
public sealed class OutsideCaseTests
{
    public static TheoryData<string> Cases() => new(FixtureCases.Of("Outside"));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task OutsideCase_EveryAnalyzerReportsExactlyItsMarkers(string name)
    {
        var source = FixtureCases.Read("Outside", name);

        await AnalyzerVerifier<NonAtomicFlagAccessorAnalyzer>.VerifyAsync(Only(source, NonAtomicFlagAccessorAnalyzer.Id), System.Array.Empty<Microsoft.CodeAnalysis.Testing.DiagnosticResult>());
        await AnalyzerVerifier<TailPageRefcountWriteAnalyzer>.VerifyAsync(Only(source, TailPageRefcountWriteAnalyzer.Id), System.Array.Empty<Microsoft.CodeAnalysis.Testing.DiagnosticResult>());
        await AnalyzerVerifier<MapcountClampAnalyzer>.VerifyAsync(Only(source, MapcountClampAnalyzer.Id), System.Array.Empty<Microsoft.CodeAnalysis.Testing.DiagnosticResult>());
        await AnalyzerVerifier<CountDownLoopAnalyzer>.VerifyAsync(Only(source, CountDownLoopAnalyzer.Id), System.Array.Empty<Microsoft.CodeAnalysis.Testing.DiagnosticResult>());
    }

    /// <summary>The source with the markers of rule <paramref name="id"/> kept and every other rule's markers removed.</summary>
    private static string Only(string source, string id) =>
        Regex.Replace(source, @"\{\|(FOL\d{3}):(.*?)\|\}", m => m.Groups[1].Value == id ? m.Value : m.Groups[2].Value, RegexOptions.Singleline);
}
