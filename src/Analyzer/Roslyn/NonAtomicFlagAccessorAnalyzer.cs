using System.Collections.Immutable;
using Folint.Analyzer.Roslyn.Flags;
using Folint.Analyzer.Roslyn.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Folint.Analyzer.Roslyn;

/// <summary>
/// FOL001: a call to a non-atomic flag accessor ([FlagAccessor(Atomic = false)]) where another CPU may change the
/// same flags word (seed 000: the non-atomic store writes back a stale word over memory_failure()'s atomic update).
/// Safe: an object this code created and has not published, in the order the statements run
/// (<see cref="OwnershipFlow"/>); code that runs only inside an exclusive phase ([AllocationPath], [FreePath],
/// [FrozenRefcount], or a private method reachable only from such methods); a private helper's parameter when every
/// caller passes a folio it owns. Verdicts that need the callers come at compilation end (<see cref="FlagVerdicts"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NonAtomicFlagAccessorAnalyzer : DiagnosticAnalyzer
{
    public const string Id = "FOL001";

    /// <summary>Diagnostic property: the atomic accessor to call instead (the code fix's target).</summary>
    public const string AtomicCounterpartProperty = "AtomicCounterpart";

    /// <summary>The update needs an exclusive phase and the method, visible outside the compilation, is none; no lock held.</summary>
    internal static readonly DiagnosticDescriptor Rule = FolintDiagnostics.Create(Id, "unlocked");

    /// <summary>The same under a lock the other writers of the word do not take (seed 000's split_queue_lock).</summary>
    internal static readonly DiagnosticDescriptor LockedRule = FolintDiagnostics.Create(Id, "locked");

    internal static readonly DiagnosticDescriptor PublishedRule = FolintDiagnostics.Create(Id, "published");

    internal static readonly DiagnosticDescriptor DeferredRule = FolintDiagnostics.Create(Id, "deferred");

    /// <summary>A private helper's update reached from outside any exclusive phase: known once every caller is seen.</summary>
    internal static readonly DiagnosticDescriptor ReachableAtEndRule = FolintDiagnostics.Create(Id, "reachable", compilationEnd: true);

    internal static readonly DiagnosticDescriptor PublishedAtEndRule = FolintDiagnostics.Create(Id, "published", compilationEnd: true);

    internal static readonly DiagnosticDescriptor DeferredAtEndRule = FolintDiagnostics.Create(Id, "deferred", compilationEnd: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics =>
        ImmutableArray.Create(Rule, LockedRule, PublishedRule, DeferredRule, ReachableAtEndRule, PublishedAtEndRule, DeferredAtEndRule);

    internal static DiagnosticDescriptor Descriptor(string variant, bool atEnd) => (variant, atEnd) switch
    {
        ("locked", _) => LockedRule,
        ("published", false) => PublishedRule,
        ("published", true) => PublishedAtEndRule,
        ("deferred", false) => DeferredRule,
        ("deferred", true) => DeferredAtEndRule,
        ("reachable", _) => ReachableAtEndRule,
        _ => Rule,
    };

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var flow = CompilationFlow.For(start.Compilation);
            if (flow.Symbols.FlagAccessor is null)
                return;
            var verdicts = new FlagVerdicts(new FlagFacts(flow, start.Compilation));
            start.RegisterOperationBlockAction(verdicts.AnalyzeBlock);
            start.RegisterCompilationEndAction(verdicts.ReportAtEnd);
        });
    }
}
