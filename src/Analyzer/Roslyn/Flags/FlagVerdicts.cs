using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Folint.Analyzer.Roslyn.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Folint.Analyzer.Roslyn.Flags;

/// <summary>
/// Turns FOL001's summaries into diagnostics. What one body decides by itself is reported while that body is
/// analysed (editors show it as you type): an update after the body published the folio, an update in code that
/// runs later, and every update of a method visible outside the compilation that needs an exclusive phase it does
/// not have. What depends on callers waits for the whole compilation: a private helper's update is wrong when a
/// call path from outside any exclusive phase reaches it, or a caller hands it a folio already published; the
/// diagnostic stays on the update and names the path ("Split.Unqueue() -> ClearFlags() -> ...").
/// </summary>
internal sealed class FlagVerdicts
{
    private readonly FlagFacts _facts;
    private readonly ConcurrentDictionary<IMethodSymbol, byte> _methods = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<Location, byte> _reported = new();

    public FlagVerdicts(FlagFacts facts) => _facts = facts;

    public void AnalyzeBlock(OperationBlockAnalysisContext context)
    {
        foreach (var root in context.OperationBlocks)
        {
            if (FlowGraphs.Of(context, root) is not { } graph)
                continue;
            FlagSummary summary;
            var method = context.OwningSymbol as IMethodSymbol;
            if (method is not null && _facts.IsOwnMethod(method))
            {
                _methods.TryAdd(method.OriginalDefinition, 0);
                summary = _facts.SummaryOf(method, context.CancellationToken);
            }
            else
            {
                // A field or property initializer: it runs in a constructor, but what it stores runs whenever.
                var flow = new OwnershipFlow(_facts, method, context.CancellationToken);
                flow.Run(graph);
                summary = flow.Summary();
            }

            foreach (var violation in summary.Violations.Where(v => Inside(v.Site, context.OwningSymbol)).OrderBy(v => v.Site.Location.SourceSpan.Start))
                Report(context.ReportDiagnostic, violation.Site, violation.Variant, Chain(violation.Via, violation.Site), atEnd: false);

            var open = method is null || !FlagFacts.IsClosed(method);
            if (!open || method is not null && _facts.Symbols.IsExclusivePhase(method))
                continue;
            foreach (var requirement in summary.Requirements.Where(r => Inside(r.Site, context.OwningSymbol)).OrderBy(r => r.Site.Location.SourceSpan.Start))
                Report(context.ReportDiagnostic, requirement.Site, requirement.Site.Locked ? "locked" : "unlocked", Chain(requirement.Via, requirement.Site), atEnd: false);
        }
    }

    public void ReportAtEnd(CompilationAnalysisContext context)
    {
        var methods = _methods.Keys.OrderBy(m => m.ToDisplayString(), StringComparer.Ordinal).ToList();
        var summaries = methods.ToDictionary(m => m, m => _facts.SummaryOf(m, context.CancellationToken), SymbolEqualityComparer.Default);
        var called = new HashSet<IMethodSymbol>(summaries.Values.SelectMany(s => s.Callees), SymbolEqualityComparer.Default);
        var escaped = new HashSet<IMethodSymbol>(summaries.Values.SelectMany(s => s.Escaped), SymbolEqualityComparer.Default);

        foreach (var method in methods)
        {
            var summary = summaries[method];
            // A violation found in this method's summary at an update elsewhere: a helper given a published folio here.
            foreach (var violation in summary.Violations.Where(v => !Inside(v.Site, method)))
                Report(context.ReportDiagnostic, violation.Site, violation.Variant, Chain(violation.Via.Insert(0, FlagFacts.NameOf(method)), violation.Site), atEnd: true);

            if (_facts.Symbols.IsExclusivePhase(method))
                continue;
            var closed = FlagFacts.IsClosed(method);
            var entry = !closed || !called.Contains(method) || escaped.Contains(method);
            if (!entry)
                continue;
            foreach (var requirement in summary.Requirements.OrderBy(r => r.Site.Location.SourceSpan.Start))
            {
                if (!closed && Inside(requirement.Site, method))
                    continue; // reported with the method itself
                Report(context.ReportDiagnostic, requirement.Site, "reachable", Chain(requirement.Via.Insert(0, FlagFacts.NameOf(method)), requirement.Site), atEnd: true);
            }
        }
    }

    private void Report(Action<Diagnostic> report, FlagSite site, string variant, string chain, bool atEnd)
    {
        if (!_reported.TryAdd(site.Location, 0))
            return;
        var properties = ImmutableDictionary<string, string?>.Empty;
        if (site.AtomicCounterpart is { } atomic)
            properties = properties.Add(NonAtomicFlagAccessorAnalyzer.AtomicCounterpartProperty, atomic);
        report(Diagnostic.Create(NonAtomicFlagAccessorAnalyzer.Descriptor(variant, atEnd), site.Location, properties, chain, site.Flag, site.Word));
    }

    /// <summary>The path to the update for the message's first hole: "Split.Unqueue() -> ClearFlags() -> ClearAnonExclusiveNonAtomic".</summary>
    private static string Chain(ImmutableArray<string> via, FlagSite site) =>
        via.IsEmpty ? site.Accessor : string.Join("() -> ", via) + "() -> " + site.Accessor;

    /// <summary>Whether the update is in the declaration of <paramref name="owner"/> (its lambdas and local functions included).</summary>
    private static bool Inside(FlagSite site, ISymbol? owner)
    {
        if (owner is null)
            return false;
        foreach (var reference in owner.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == site.Location.SourceTree && reference.Span.Contains(site.Location.SourceSpan))
                return true;
        }
        return false;
    }
}
