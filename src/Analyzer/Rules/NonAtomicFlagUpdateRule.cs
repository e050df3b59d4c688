using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Folint.Analyzer.Model;
using Folint.Analyzer.Rules.Flags;

namespace Folint.Analyzer.Rules;

/// <summary>
/// FOL001: a non-atomic read-modify-write of a page flags word (a <c>__folio_set_*</c>/<c>__SetPage*</c> accessor, an
/// inline wrapper of one, or an open-coded <c>__set_bit()</c>/<c>|=</c>) where other CPUs can still change the word.
/// Seed 000: PG_partially_mapped was set with <c>__folio_set_partially_mapped()</c> "because split_queue_lock protects
/// it", while memory_failure() sets PG_has_hwpoisoned in the same second-page word atomically without that lock.
/// Silent where the update is safe: on a folio this function allocated and has not published, under a frozen
/// refcount or after the last reference was dropped, on a parameter every caller hands over exclusively, and in
/// functions reachable only from allocation, initialisation or free paths.
/// </summary>
public sealed class NonAtomicFlagUpdateRule : ISourceRule
{
    public const string RuleId = "FOL001";

    public string Id => RuleId;

    public void Analyze(SourceRuleContext context)
    {
        var analysis = FlagAnalysis.For(context.Program, context.Knowledge, context.CancellationToken);
        var unit = context.Unit;
        if (unit.Path == analysis.Header.Path)
            return; // the accessors themselves: whether a call is safe is decided at the call
        foreach (var function in unit.Functions)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (function.Body.Statements.Length == 0)
                continue;
            var symbol = new FunctionSymbol(unit.Path, function);
            var expressions = new PageExpressions(function, analysis.Vocabulary, name => analysis.Effects.WordReturning(name, unit.Path, unit));
            var sites = new List<(Node Node, ImmutableArray<FlagEffect> Effects)>();
            foreach (var node in ModelWalker.DescendantsAndSelf(function.Body))
            {
                if (node is not (CallExpr or AssignExpr))
                    continue;
                var effects = analysis.Effects.AtNode(node, expressions, unit.Path, unit).Where(e => e.IsNonAtomicWrite).ToImmutableArray();
                if (!effects.IsEmpty)
                    sites.Add((node, effects));
            }
            if (sites.Count == 0)
                continue;
            // an inline wrapper that updates only what its caller passes in is judged at each of its calls
            if (function.IsInline && sites.All(s => s.Effects.All(e => e.Parameter >= 0)))
                continue;

            var flow = analysis.FlowOf(symbol, unit);
            ExclusivePhase? phase = null;
            foreach (var (node, effects) in sites)
            {
                flow.States.TryGetValue(node, out var state);
                var unsafeEffects = effects.Where(e => !IsExclusive(e, state, symbol, analysis)).ToList();
                if (unsafeEffects.Count == 0)
                    continue;
                phase ??= analysis.Phases.PhaseOf(symbol);
                if (phase != ExclusivePhase.None)
                    break;
                Report(context, analysis, function, node, unsafeEffects, state);
            }
        }
    }

    private static bool IsExclusive(FlagEffect effect, FlowState? state, FunctionSymbol function, FlagAnalysis analysis)
    {
        if (state is null)
            return false;
        var objectState = state.StateOf(effect.Root);
        if (objectState == ObjectState.Frozen)
        {
            // a freeze keeps out everyone who needs a reference, not memory_failure() (seed 000)
            var word = WordOf(effect);
            return !analysis.HasReferenceFreeWriter(word, effect.Flag is null ? null : analysis.Header.BitOf(effect.Flag));
        }
        if (ObjectStates.IsExclusive(objectState))
            return true;
        return effect.Parameter >= 0
            && state.ObjectOf(effect.Root) == effect.Root
            && state.StateOf(effect.Root) == ObjectState.Unknown
            && analysis.Phases.ParameterExclusive(function, effect.Parameter);
    }

    private static void Report(SourceRuleContext context, FlagAnalysis analysis, FunctionDef function, Node node, List<FlagEffect> effects, FlowState? state)
    {
        var first = effects[0];
        var accessor = node is CallExpr { CalleeName: { } callee } && !analysis.Vocabulary.TryBitop(callee, out _, out _)
            ? callee + "()"
            : first.Operation;
        var accessorName = node is CallExpr { CalleeName: { } name } ? name : first.Operation;
        var word = WordOf(first);
        var flags = effects.Select(e => e.Flag).Where(f => f is not null).Select(f => f!).Distinct(StringComparer.Ordinal).ToList();
        var flagText = flags.Count == 0
            ? "several flags"
            : string.Join(", ", flags.Select(f => analysis.Header.BitOf(f) is var bit && bit != f ? $"{f} (bit {bit})" : f));
        var bitOfFirst = first.Flag is null ? null : analysis.Header.BitOf(first.Flag);

        var writers = analysis.WritersOf(word, bitOfFirst, context.Unit.Path);
        var locks = state?.Locks ?? ImmutableDictionary<string, LockHeld>.Empty;
        var lockText = locks.Count == 0 ? null : string.Join(" and ", locks.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Value.Text));
        var evidence = new List<RawEvidence>();
        if (lockText is not null)
        {
            var outside = writers.Where(w => !locks.Keys.Any(w.Locks.Contains)).Select(w => w.Site.Caller + "()").Distinct(StringComparer.Ordinal).ToList();
            foreach (var held in locks.OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                evidence.Add(new RawEvidence(context.Unit.Path, held.Value.TakenAt,
                    $"{held.Value.Text} is taken here; it does not serialize the other writers of {FlagWords.Describe(word)}" +
                        (outside.Count > 0 ? $" ({string.Join(", ", outside)} change it without it)" : ""),
                    function.Name));
            }
        }
        evidence.AddRange(writers.Select(w => new RawEvidence(
            w.Site.File,
            w.Site.Span,
            $"{w.Site.Caller}() changes {w.Accessor.FlagText} in {FlagWords.Describe(w.Accessor.Word)} atomically ({w.Accessor.Name}())" +
                (w.Locks.IsDefaultOrEmpty ? " without holding a lock" : " holding " + string.Join(" and ", w.Locks)) +
                (lockText is not null && !locks.Keys.Any(w.Locks.Contains) ? $", not {lockText}" : ""),
            w.Site.Caller)));
        var isOperator = node is AssignExpr;
        var variant = (isOperator, lockText is not null) switch
        {
            (false, false) => null,
            (false, true) => "locked",
            (true, false) => "operator",
            (true, true) => "operator-locked",
        };
        var shownAccessor = node is AssignExpr assign ? $"{assign.Operator}' on '{ExprPrinter.Print(assign.Target)}" : accessor.TrimEnd('(', ')');

        context.Report(
            RuleId,
            node.Span,
            function.Name,
            key: accessorName + " " + string.Join(",", flags),
            messageArguments: new object?[] { shownAccessor, flagText, FlagWords.Describe(word) },
            evidence: evidence,
            fixHint: FixHint(analysis, first, accessorName, word),
            messageVariant: variant);
    }

    internal static FlagWord WordOf(FlagEffect effect) => effect.Position switch
    {
        PagePosition.Second => FlagWord.Second,
        PagePosition.Head => FlagWord.Head,
        PagePosition.Self => effect.RootIsFolio ? FlagWord.Head : FlagWord.AnyPage,
        _ => FlagWord.AnyPage,
    };

    private static string FixHint(FlagAnalysis analysis, FlagEffect effect, string accessorName, FlagWord word)
    {
        const string Keep = "keep the non-atomic form only where no other CPU can reach the folio (allocation before it is published, freeing after the last reference, frozen refcount)";
        if (effect.Flag is null)
            return "use the flags' atomic accessors or set_bit()/clear_bit(); " + Keep;
        var bit = analysis.Header.BitOf(effect.Flag);
        var op = effect.Op switch { FlagOp.TestAndSet => FlagOp.Set, FlagOp.TestAndClear => FlagOp.Clear, _ => effect.Op };
        var atomic = analysis.Header.Accessors
            .Where(a => a.Atomic && a.Flag == effect.Flag && a.Op == op && FlagWords.MayShare(a.Word, word))
            .OrderBy(a => a.Name == accessorName.TrimStart('_') ? 0 : 1)
            .ThenBy(a => a.Word == word ? 0 : 1)
            .ThenBy(a => a.TakesFolio == effect.RootIsFolio ? 0 : 1)
            .ThenBy(a => a.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        if (atomic is not null)
            return $"use {atomic.Name}() instead; " + Keep;
        var flagName = effect.Flag.StartsWith(analysis.Vocabulary.FlagPrefix, StringComparison.Ordinal) ? effect.Flag.Substring(analysis.Vocabulary.FlagPrefix.Length) : effect.Flag;
        return $"{analysis.Header.Path} has no atomic accessor to {(op == FlagOp.Clear ? "clear" : "set")} {effect.Flag}" + (bit != effect.Flag ? $" (bit {bit})" : "") +
            $": generate one (FOLIO_FLAG({flagName}, ...) instead of __FOLIO_SET_FLAG()/__FOLIO_CLEAR_FLAG()) and use it; " + Keep;
    }
}
