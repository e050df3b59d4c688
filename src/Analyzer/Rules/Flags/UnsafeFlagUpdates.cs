using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Findings;
using Folint.Analyzer.Model;
using Folint.Analyzer.Rules.Kernel;

namespace Folint.Analyzer.Rules.Flags;

/// <summary>Who can change a flags word while a non-atomic update of it is in flight, from the state the page is in there.</summary>
internal enum Exposure
{
    /// <summary>Nobody: the function or its callers own the page (an exclusive phase).</summary>
    None,

    /// <summary>
    /// Only the writers that take no reference (phases.yaml reference_free_writers: memory_failure()'s
    /// TestSetPageHWPoison()): the page is held by a frozen refcount alone.
    /// </summary>
    ReferenceFreeWriters,

    /// <summary>Every writer of the word: the page is in use and reachable.</summary>
    Everyone,
}

/// <summary>
/// One non-atomic read-modify-write of a page flags word that other CPUs can still reach: the finding of FOL001
/// (through an accessor or wrapper call) or FOL000 (open-coded). Carries what both report: the word, the flags,
/// the concurrent atomic writers of the word found in the tree, the locks held and the atomic accessor to use.
/// </summary>
internal sealed class UnsafeFlagUpdate
{
    private readonly FlagAnalysis _analysis;
    private readonly FlowState? _state;

    internal UnsafeFlagUpdate(FlagAnalysis analysis, FunctionDef function, Node node, IReadOnlyList<FlagEffect> effects, FlowState? state, Exposure exposure)
    {
        _analysis = analysis;
        _state = state;
        Exposure = exposure;
        Function = function;
        Node = node;
        Effects = effects;
        Word = WordOf(effects[0]);
        Flags = effects.Select(e => e.Flag).Where(f => f is not null).Select(f => f!).Distinct(StringComparer.Ordinal).ToImmutableArray();
        IsOpenCoded = node is AssignExpr || node is CallExpr { CalleeName: { } callee } && analysis.Vocabulary.TryBitop(callee, out _, out _);
    }

    public FunctionDef Function { get; }

    /// <summary>Who can change the word meanwhile: every writer, or only the writers that take no reference (frozen refcount).</summary>
    public Exposure Exposure { get; }

    /// <summary>Certain enough to gate on (high), or exposed only to writers that race with everything (medium).</summary>
    public FindingConfidence Confidence => Exposure == Exposure.Everyone ? FindingConfidence.High : FindingConfidence.Medium;

    /// <summary>The call or compound assignment that performs the update.</summary>
    public Node Node { get; }

    public IReadOnlyList<FlagEffect> Effects { get; }

    public FlagWord Word { get; }

    public ImmutableArray<string> Flags { get; }

    /// <summary>A bit operation or <c>|=</c>/<c>&amp;=</c> written in the function itself, not a call of an accessor.</summary>
    public bool IsOpenCoded { get; }

    /// <summary>"PG_partially_mapped (bit PG_reclaim)", or "several flags" for a mask.</summary>
    public string FlagText => Flags.IsEmpty
        ? "several flags"
        : string.Join(", ", Flags.Select(f => _analysis.Header.BitOf(f) is var bit && bit != f ? $"{f} (bit {bit})" : f));

    /// <summary>
    /// Evidence: each lock held at the site and why it does not help, then the concurrent atomic writers of the same
    /// word. Also the text of the locks held (null when none), for the message variant that names them.
    /// </summary>
    public (List<RawEvidence> Evidence, string? LockText) Evidence(string unitPath, CancellationToken cancellationToken)
    {
        var first = Effects[0];
        var bit = first.Flag is null ? null : _analysis.Header.BitOf(first.Flag);
        var locks = _state?.Locks ?? ImmutableDictionary<string, LockHeld>.Empty;
        var lockText = locks.Count == 0 ? null : string.Join(" and ", locks.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Value.Text));
        var evidence = new List<RawEvidence>();
        if (Exposure == Exposure.ReferenceFreeWriters)
        {
            // under a frozen refcount only a writer that needs no reference can reach the page: name that one, not the
            // writers the freeze keeps out
            evidence.AddRange(_analysis.ReferenceFreeWritesOf(Word, bit, cancellationToken).Select(w => new RawEvidence(
                w.File,
                w.Span,
                $"{w.Function}() changes {w.Flag} in {FlagWords.Describe(w.Word)} atomically ({w.Operation}) before it holds a reference, so the frozen refcount does not keep it out",
                w.Function)));
            return (evidence, lockText);
        }
        // memory_failure()'s reference-free write reaches the page whatever state it is in: it leads; then the writers
        // that hold a reference (or wait for the folio lock) found in the tree
        var referenceFree = _analysis.ReferenceFreeWritesOf(Word, bit, cancellationToken).Take(1).ToList();
        var writers = _analysis.WritersOf(Word, bit, unitPath, cancellationToken).Where(w => !referenceFree.Any(r => r.File == w.Site.File && r.Span == w.Site.Span)).ToList();
        if (lockText is not null)
        {
            var outside = referenceFree.Select(r => r.Function + "()")
                .Concat(writers.Where(w => !locks.Keys.Any(w.Locks.Contains)).Select(w => w.Site.Caller + "()"))
                .Distinct(StringComparer.Ordinal).ToList();
            foreach (var held in locks.OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                evidence.Add(new RawEvidence(unitPath, held.Value.TakenAt,
                    $"{held.Value.Text} is taken here; it does not serialize the other writers of {FlagWords.Describe(Word)}" +
                        (outside.Count > 0 ? $" ({string.Join(", ", outside)} change it without it)" : ""),
                    Function.Name));
            }
        }
        evidence.AddRange(referenceFree.Select(w => new RawEvidence(
            w.File,
            w.Span,
            $"{w.Function}() changes {w.Flag} in {FlagWords.Describe(w.Word)} atomically ({w.Operation}) on any page, before it holds a reference or a lock",
            w.Function)));
        evidence.AddRange(writers.Take(3 - referenceFree.Count).Select(w => new RawEvidence(
            w.Site.File,
            w.Site.Span,
            $"{w.Site.Caller}() changes {w.Accessor.FlagText} in {FlagWords.Describe(w.Accessor.Word)} atomically ({w.Accessor.Name}())" +
                (w.Locks.IsDefaultOrEmpty ? " without holding a lock" : " holding " + string.Join(" and ", w.Locks)) +
                (lockText is not null && !locks.Keys.Any(w.Locks.Contains) ? $", not {lockText}" : ""),
            w.Site.Caller)));
        return (evidence, lockText);
    }

    /// <summary>The atomic accessor to use instead (found in the tree's header), or how to get one.</summary>
    public string FixHint(string accessorName)
    {
        const string Keep = "keep the non-atomic form only where no other CPU can reach the page (on the allocation path before it is published, on the freeing path after the last reference; a frozen refcount does not keep out memory_failure())";
        var effect = Effects[0];
        if (effect.Flag is null || effect.Flag.Contains(','))
            return "use the flags' atomic accessors or set_bit()/clear_bit(), one flag at a time; " + Keep;
        var bit = _analysis.Header.BitOf(effect.Flag);
        var vocabulary = _analysis.Vocabulary;
        // PG_locked is the folio lock: nothing ever sets or clears it atomically as a flag, it is taken and released
        if (vocabulary.LockFlags.TryGetValue(bit, out var lockApi))
            return $"{effect.Flag} is the folio lock: take it with {string.Join("() or ", lockApi.Take)}() and release it with {lockApi.Release}(); " +
                $"{accessorName}() is only for a folio nobody else can see yet (just allocated, before it is added to the page cache or mapped)";
        var op = effect.Op switch { FlagOp.TestAndSet => FlagOp.Set, FlagOp.TestAndClear => FlagOp.Clear, _ => effect.Op };
        var atomic = _analysis.Header.Accessors
            .Where(a => a.Atomic && a.Flag == effect.Flag && a.Op == op && FlagWords.MayShare(a.Word, Word))
            .OrderBy(a => a.Name == accessorName.TrimStart('_') ? 0 : 1)
            .ThenBy(a => a.Word == Word ? 0 : 1)
            .ThenBy(a => a.TakesFolio == effect.RootIsFolio ? 0 : 1)
            .ThenBy(a => a.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        if (atomic is not null)
            return $"use {atomic.Name}() instead; " + Keep;
        var flagName = effect.Flag.StartsWith(vocabulary.FlagPrefix, StringComparison.Ordinal) ? effect.Flag.Substring(vocabulary.FlagPrefix.Length) : effect.Flag;
        return $"{_analysis.Header.Path} has no atomic accessor to {(op == FlagOp.Clear ? "clear" : "set")} {effect.Flag}" + (bit != effect.Flag ? $" (bit {bit})" : "") +
            $": generate one (FOLIO_FLAG({flagName}, ...) instead of __FOLIO_SET_FLAG()/__FOLIO_CLEAR_FLAG()) and use it; " + Keep;
    }

    internal static FlagWord WordOf(FlagEffect effect) => effect.Position switch
    {
        PagePosition.Second => FlagWord.Second,
        PagePosition.Head => FlagWord.Head,
        PagePosition.Self => effect.RootIsFolio ? FlagWord.Head : FlagWord.AnyPage,
        _ => FlagWord.AnyPage,
    };
}

/// <summary>
/// Finds the non-atomic flag-word updates of a unit that happen outside every exclusive phase: not on a folio
/// this function allocated and has not published, not on a page an allocator owns, not after the last reference
/// was dropped, not on a parameter every caller hands over exclusively, and not in functions reachable only from
/// allocation, initialisation or free paths; under a frozen refcount only when a writer that takes no reference
/// (memory_failure()) writes the same word.
/// Found once per unit (<see cref="FlagAnalysis.UpdatesIn"/>) and shared by FOL000 and FOL001.
/// </summary>
internal static class UnsafeFlagUpdates
{
    /// <summary>
    /// What a file must show to hold an unsafe update (FOL000 and FOL001): a non-atomic bit operation, a compound
    /// assignment to a flags word, or a call of a page-flags.h function or an inline wrapper that updates a flag
    /// non-atomically. An update through an inline function of the file itself ends in one of these in the same file.
    /// <paramref name="pageObjects"/> are the names that let a file hold a page or folio (<see cref="PageObjects.Evidence"/>).
    /// </summary>
    public static IEnumerable<FileTrigger> Triggers(FlagAnalysis analysis, IEnumerable<string> pageObjects, CancellationToken cancellationToken)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        // a bit operation updates a flags word only through &x->flags or a header function that returns one (folio_flags())
        var wordFunctions = new SortedSet<string>(StringComparer.Ordinal);
        names.UnionWith(analysis.Header.NonAtomicWriters());
        if (analysis.Header.Unit is { } header)
        {
            foreach (var function in header.Functions)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (analysis.Effects.Of(new FunctionSymbol(header.Path, function)).Any(e => e.IsNonAtomicWrite))
                    names.Add(function.Name);
                if (analysis.Effects.WordReturning(function.Name, header.Path, header) is not null)
                    wordFunctions.Add(function.Name);
            }
        }
        names.UnionWith(analysis.Effects.NonAtomicWrappers.Keys);
        foreach (var name in names)
            yield return FileTrigger.Identifier(name);

        // a flags member is a page's only when its owner is declared a page or folio (PageExpressions.WordLvalue), or
        // comes from a function that gives one
        var vocabulary = analysis.Vocabulary;
        var owners = pageObjects
            .Concat(vocabulary.HeadOf).Concat(vocabulary.PageOf).Concat(vocabulary.SamePage)
            .Concat(vocabulary.PolicyHead).Concat(vocabulary.PolicySecond).Concat(vocabulary.PolicyAny)
            .Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).Select(FileTrigger.Identifier).ToList();
        var flagsMembers = vocabulary.FlagsFields.OrderBy(f => f, StringComparer.Ordinal).Select(FileTrigger.Identifier).ToList();
        foreach (var bitop in vocabulary.NonAtomicBitops.Select(FileTrigger.Identifier))
        {
            foreach (var trigger in bitop.AndAnyOf(wordFunctions.Select(FileTrigger.Identifier)))
                yield return trigger;
            foreach (var trigger in bitop.AndAnyOf(flagsMembers).SelectMany(onFlags => onFlags.AndAnyOf(owners)))
                yield return trigger;
        }
        // page->flags |= m, folio->flags.f &= ~m, and one the scan could not read back
        foreach (var field in vocabulary.FlagsFields.Concat(new[] { "f", ")" }).OrderBy(f => f, StringComparer.Ordinal))
        {
            foreach (var trigger in new FileTrigger(FileFactKind.CompoundAssignmentTo, field).AndAnyOf(owners))
                yield return trigger;
        }
    }

    internal static IReadOnlyList<UnsafeFlagUpdate> Find(FlagAnalysis analysis, SourceUnit unit, CancellationToken cancellationToken)
    {
        var results = new List<UnsafeFlagUpdate>();
        if (unit.Path == analysis.Header.Path)
            return results; // the accessors themselves: whether a call is safe is decided at the call
        foreach (var function in unit.Functions)
        {
            cancellationToken.ThrowIfCancellationRequested();
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

            var flow = analysis.FlowOf(symbol, unit, cancellationToken);
            ExclusivePhase? phase = null;
            foreach (var (node, effects) in sites)
            {
                // a site the flow never reaches (after an endless loop, on a branch its own tests rule out) updates nothing
                if (!flow.States.TryGetValue(node, out var state))
                    continue;
                var exposed = effects.Select(e => (Effect: e, Exposure: ExposureOf(e, state, symbol, analysis, cancellationToken))).Where(e => e.Exposure != Exposure.None).ToList();
                if (exposed.Count == 0)
                    continue;
                phase ??= analysis.Phases.PhaseOf(symbol, cancellationToken);
                if (phase != ExclusivePhase.None)
                    break;
                var exposure = exposed.Any(e => e.Exposure == Exposure.Everyone) ? Exposure.Everyone : Exposure.ReferenceFreeWriters;
                results.Add(new UnsafeFlagUpdate(analysis, function, node, exposed.Select(e => e.Effect).ToList(), state, exposure));
            }
        }
        return results;
    }

    /// <summary>
    /// Who else can reach the page at the update, from the state it is in there (phases.yaml, reference_free_writers):
    /// nobody when this function or every caller owns it (allocated and unpublished, last reference dropped, an
    /// allocator's free-list or slab page); only the writers that take no reference when it is held by a frozen
    /// refcount alone; every writer of the word otherwise.
    /// </summary>
    private static Exposure ExposureOf(FlagEffect effect, FlowState state, FunctionSymbol function, FlagAnalysis analysis, CancellationToken cancellationToken)
    {
        var held = state.StateOf(effect.Root);
        if (held == ObjectState.Unknown && effect.Parameter >= 0 && state.ObjectOf(effect.Root) == effect.Root)
            held = analysis.Phases.ParameterState(function, effect.Parameter, cancellationToken);
        if (held == ObjectState.Frozen)
        {
            // a freeze keeps out everyone who needs a reference, not memory_failure()'s TestSetPageHWPoison() (seed 000)
            var word = UnsafeFlagUpdate.WordOf(effect);
            return analysis.ReferenceFreeWritesOf(word, effect.Flag is null ? null : analysis.Header.BitOf(effect.Flag), cancellationToken).IsEmpty ? Exposure.None : Exposure.ReferenceFreeWriters;
        }
        return ObjectStates.IsExclusive(held) ? Exposure.None : Exposure.Everyone;
    }
}

/// <summary>
/// The per-run analyzer of FOL000 and FOL001: the run's one flag analysis, and the triggers both rules share (an
/// unsafe update is one or the other); each rule reports its half of every unit's updates.
/// </summary>
internal sealed class FlagUpdateAnalyzer(FlagAnalysis analysis, IEnumerable<string> pageObjects, Action<SourceRuleContext, UnsafeFlagUpdate> report) : SourceRuleAnalyzer
{
    public override IEnumerable<FileTrigger> Triggers(CancellationToken cancellationToken) =>
        UnsafeFlagUpdates.Triggers(analysis, pageObjects, cancellationToken);

    public override void Analyze(SourceRuleContext context)
    {
        foreach (var update in analysis.UpdatesIn(context.Unit, context.CancellationToken))
            report(context, update);
    }
}
