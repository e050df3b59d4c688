using System.Threading.Tasks;
using Folint.Analyzer.CodeFixes;
using Folint.Analyzer.Roslyn;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = Folint.Analyzer.Tests.Roslyn.AnalyzerVerifier<Folint.Analyzer.Roslyn.NonAtomicFlagAccessorAnalyzer>;

namespace Folint.Analyzer.Tests.Roslyn;

public sealed class NonAtomicFlagAccessorAnalyzerTests
{
    public static TheoryData<string> Cases() => new(FixtureCases.Of("FOL001"));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Fixture_ReportsExactlyAtItsMarkers(string name)
    {
        var source = FixtureCases.Read("FOL001", name);
        var expected = Verify.ExpectedAtMarkers(source, NonAtomicFlagAccessorAnalyzer.Rule);
        Assert.Equal(name.StartsWith("Reports_", System.StringComparison.Ordinal), expected.Length > 0);

        await Verify.VerifyAsync(source, expected);
    }

    private const string SeedZero = @"
using Folint.Simulation.Mm;

public sealed class DeferredSplit
{
    private readonly object _lock = new object();

    public void Queue(Folio folio)
    {
        lock (_lock)
        {
            {|#0:folio.SetPartiallyMappedNonAtomic()|};
        }
    }
}";

    [Fact]
    public async Task SecondPageFlag_SetNonAtomicallyUnderLock_ReportsAccessorFlagAndWord()
    {
        var expected = new DiagnosticResult(NonAtomicFlagAccessorAnalyzer.Rule)
            .WithLocation(0)
            .WithArguments("SetPartiallyMappedNonAtomic", "PG_partially_mapped", "the second page's flags word (_flags_1)")
            .WithSeverity(DiagnosticSeverity.Warning);

        await Verify.VerifyAsync(SeedZero, new[] { expected });
    }

    [Fact]
    public async Task EditorConfig_SeverityNone_Silences()
    {
        await Verify.VerifyAsync(SeedZero.Replace("{|#0:", "").Replace("|}", ""), System.Array.Empty<DiagnosticResult>(), "root = true\n[*]\ndotnet_diagnostic.FOL001.severity = none\n");
    }

    [Fact]
    public async Task CodeFix_NonAtomicSetter_BecomesTheAtomicOne()
    {
        var expected = new DiagnosticResult(NonAtomicFlagAccessorAnalyzer.Rule).WithLocation(0)
            .WithArguments("SetPartiallyMappedNonAtomic", "PG_partially_mapped", "the second page's flags word (_flags_1)");
        var fixedSource = SeedZero.Replace("{|#0:folio.SetPartiallyMappedNonAtomic()|}", "folio.SetPartiallyMapped()");

        await CodeFixVerifier<NonAtomicFlagAccessorAnalyzer, UseAtomicFlagAccessorCodeFix>.VerifyAsync(SeedZero, new[] { expected }, fixedSource);
    }

    [Fact]
    public async Task CodeFix_AccessorWithoutAtomicTwin_OffersNothing()
    {
        var source = @"
using Folint.Simulation.Mm;

public static class Locking
{
    public static void Lock(Folio folio) => {|#0:folio.SetLockedNonAtomic()|};
}";
        var expected = new DiagnosticResult(NonAtomicFlagAccessorAnalyzer.Rule).WithLocation(0)
            .WithArguments("SetLockedNonAtomic", "PG_locked", "the head page's flags word");

        await CodeFixVerifier<NonAtomicFlagAccessorAnalyzer, UseAtomicFlagAccessorCodeFix>.VerifyAsync(source, new[] { expected }, source);
    }
}
