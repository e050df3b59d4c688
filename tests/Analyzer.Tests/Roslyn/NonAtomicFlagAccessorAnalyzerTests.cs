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
        var expected = new DiagnosticResult(NonAtomicFlagAccessorAnalyzer.LockedRule)
            .WithLocation(0)
            .WithArguments("SetPartiallyMappedNonAtomic", "PG_partially_mapped", "the second page's flags word (_flags_1)")
            .WithSeverity(DiagnosticSeverity.Warning);

        await Verify.VerifyAsync(SeedZero, new[] { expected });
    }

    [Fact]
    public async Task NoLockHeld_MessageSaysOutsideAnExclusivePath_NotThisFunctionsLocks()
    {
        var source = @"
using Folint.Simulation.Mm;

public static class Rmap
{
    public static void Unmap(Page page) => {|#0:page.ClearAnonExclusiveNonAtomic()|};
}";
        var expected = new DiagnosticResult(NonAtomicFlagAccessorAnalyzer.Rule).WithLocation(0)
            .WithArguments("ClearAnonExclusiveNonAtomic", "PG_anon_exclusive", "the flags word of the page given");

        await Verify.VerifyAsync(source, new[] { expected });
        Assert.DoesNotContain("this function's locks", NonAtomicFlagAccessorAnalyzer.Rule.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrivateHelper_CompilationEndWarning_NamesThePublicCallerAndThePath()
    {
        var source = FixtureCases.Read("FOL001", "Reports_ParameterPassedThroughTwoHelpers");
        var expected = new DiagnosticResult(NonAtomicFlagAccessorAnalyzer.ReachableAtEndRule).WithLocation(0)
            .WithArguments("Migrate.Move() -> Migrate.Prepare() -> Migrate.MarkLocked() -> SetLockedNonAtomic", "PG_locked", "the head page's flags word");

        await Verify.VerifyAsync(source, new[] { expected });
    }

    [Fact]
    public async Task HelperInAnotherFile_CallerPublishedTheFolio_ReportedOnTheHelperNamingTheCaller()
    {
        var caller = @"
using System.Collections.Generic;
using Folint.Simulation.Mm;

public sealed partial class Swap
{
    private readonly List<Folio> _cache = new();

    public void In(MemMap map)
    {
        var folio = map.AllocFolio(3, 0);
        _cache.Add(folio);
        Lock(folio);
    }
}";
        var helper = @"
using Folint.Simulation.Mm;

public sealed partial class Swap
{
    private static void Lock(Folio folio) => {|#0:folio.SetLockedNonAtomic()|};
}";
        var expected = new DiagnosticResult(NonAtomicFlagAccessorAnalyzer.PublishedAtEndRule).WithLocation("/0/Test1.cs", 6, 46)
            .WithArguments("Swap.In() -> Swap.Lock() -> SetLockedNonAtomic", "PG_locked", "the head page's flags word");

        await Verify.VerifyAsync(new[] { caller, helper.Replace("{|#0:", "").Replace("|}", "") }, new[] { expected });
    }

    [Fact]
    public async Task EditorConfig_SeverityNone_Silences()
    {
        await Verify.VerifyAsync(SeedZero.Replace("{|#0:", "").Replace("|}", ""), System.Array.Empty<DiagnosticResult>(), "root = true\n[*]\ndotnet_diagnostic.FOL001.severity = none\n");
    }

    [Fact]
    public async Task CodeFix_NonAtomicSetter_BecomesTheAtomicOne()
    {
        var expected = new DiagnosticResult(NonAtomicFlagAccessorAnalyzer.LockedRule).WithLocation(0)
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
