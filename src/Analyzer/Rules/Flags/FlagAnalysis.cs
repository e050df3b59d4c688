using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using CallSite = Folint.Analyzer.Contracts.CallSite;
using System.Threading;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Model;
using Folint.Analyzer.Rules.Knowledge;

namespace Folint.Analyzer.Rules.Flags;

/// <summary>
/// Everything FOL000 and FOL001 learn about one tree, shared by every unit of a run: the vocabulary, the page-flags
/// header and its accessors, the effect summaries, the exclusive phases, the flows of the functions asked about, the
/// concurrent writers found for each word, and each unit's unsafe updates. One per run (<see cref="For"/>).
/// </summary>
public sealed class FlagAnalysis : IFlowCalls
{
    private readonly ConditionalWeakTable<SourceUnit, IReadOnlyList<UnsafeFlagUpdate>> _updates = new();
    private readonly ConditionalWeakTable<FunctionDef, FunctionFlow> _flows = new();
    private readonly ConditionalWeakTable<FunctionDef, FunctionFlow> _flowsWithoutUnit = new();
    private readonly ConcurrentDictionary<string, bool> _returnsFresh = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _freshOut = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(FlagWord, string?, string), ImmutableArray<ConcurrentWriter>> _writers = new();

    /// <summary>Reads the tree's page-flags.h and finds the inline wrappers of its non-atomic accessors (the tree's part of the analysis).</summary>
    public FlagAnalysis(FlagVocabulary vocabulary, PageFlagsFallbackSection fallbackTable, IProgramIndex program, CancellationToken cancellationToken)
    {
        Program = program;
        Vocabulary = vocabulary;
        Header = new PageFlagsHeader(Vocabulary, program.UnitAt(Vocabulary.PageFlagsHeader, cancellationToken), fallbackTable);
        Effects = new FlagEffects(Vocabulary, program, Header);
        Header.Attach(Effects);
        Effects.FindWrappers(cancellationToken);
        Phases = new ExclusivePhases(Vocabulary, program, (f, token) => FlowOf(f, null, token));
    }

    /// <summary>The run's analysis, made by whichever of FOL000 and FOL001 starts first.</summary>
    public static FlagAnalysis For(SourceRun run, KernelKnowledge knowledge, CancellationToken cancellationToken) =>
        run.Shared(() => new FlagAnalysis(new FlagVocabulary(knowledge), knowledge.PageFlagsFallback, run.Program, cancellationToken));

    /// <summary>The unsafe updates of a unit, found once for FOL000 and FOL001 together.</summary>
    public IReadOnlyList<UnsafeFlagUpdate> UpdatesIn(SourceUnit unit, CancellationToken cancellationToken)
    {
        if (_updates.TryGetValue(unit, out var known))
            return known;
        var found = UnsafeFlagUpdates.Find(this, unit, cancellationToken);
        return _updates.GetValue(unit, _ => found);
    }

    public IProgramIndex Program { get; }

    public FlagVocabulary Vocabulary { get; }

    public PageFlagsHeader Header { get; }

    public FlagEffects Effects { get; }

    public ExclusivePhases Phases { get; }

    /// <summary>The flow of a function, the functions of the file being checked seeing their own file's helpers.</summary>
    /// <remarks>
    /// Flows computed with the function's own unit (its file's helpers read) and without it are kept apart, so an
    /// answer never depends on which question came first.
    /// </remarks>
    public FunctionFlow FlowOf(FunctionSymbol function, SourceUnit? unit, CancellationToken cancellationToken) =>
        (unit is null ? _flowsWithoutUnit : _flows).GetValue(function.Definition, _ =>
        {
            var context = new PageExpressions(function.Definition, Vocabulary, name => Effects.WordReturning(name, function.File, unit));
            var calls = new UnitCalls(this, function.File, unit, cancellationToken);
            return new FunctionFlow(context, new ObjectFlow(Vocabulary, context, calls).Run());
        });

    bool IFlowCalls.ReturnsFresh(string callee) => Vocabulary.Allocators.Contains(callee);

    int IFlowCalls.FreshOutParameter(string callee) => -1;

    bool IFlowCalls.MayPublish(string callee, int argument) => MayPublish(callee, argument, null, null);

    bool IFlowCalls.ParameterHoldsExclusive(FunctionDef function, int parameter) => false;

    /// <summary>
    /// Whether handing an object to <paramref name="callee"/> may publish it. Publication points do; known
    /// bookkeeping (flag accessors, bit operations, charging, statistics) does not; a function of the same file is
    /// read (it publishes when it passes the parameter on to something that may, or stores it); anything else may.
    /// </summary>
    private bool MayPublish(string callee, int argument, string? file, SourceUnit? unit)
    {
        if (Vocabulary.PublicationPoints.Contains(callee))
            return true;
        if (Vocabulary.IsKnownNonPublishing(callee) || Vocabulary.TryBitop(callee, out _, out _) || Vocabulary.LockAcquire.Contains(callee) || Vocabulary.LockRelease.Contains(callee))
            return false;
        if (!Header.Functions(callee).IsEmpty || Vocabulary.HeadOf.Contains(callee) || Vocabulary.PageOf.Contains(callee) || Vocabulary.SamePage.Contains(callee))
            return false;
        if (unit is not null && SameFile(callee, unit) is { } local && local.Body.Statements.Length > 0)
            return LocalMayPublish(new FunctionSymbol(unit.Path, local), argument, unit, 0);
        return true;
    }

    private readonly ConcurrentDictionary<(FunctionDef, int), bool> _localPublishes = new();

    private bool LocalMayPublish(FunctionSymbol function, int argument, SourceUnit unit, int depth)
    {
        if (depth > 3 || argument >= function.Definition.Parameters.Length || function.Definition.Parameters[argument].Name is not { } parameter)
            return true;
        var key = (function.Definition, argument);
        if (_localPublishes.TryGetValue(key, out var known))
            return known;
        _localPublishes[key] = true;
        var context = new PageExpressions(function.Definition, Vocabulary, _ => null);
        var publishes = false;
        foreach (var node in ModelWalker.DescendantsAndSelf(function.Definition.Body))
        {
            switch (node)
            {
                case CallExpr { CalleeName: { } callee } call:
                    for (var i = 0; i < call.Arguments.Length && !publishes; i++)
                    {
                        if (context.PageNoAlias(call.Arguments[i]) is { } page && page.Root == parameter)
                        {
                            publishes = SameFile(callee, unit) is { } inner && inner.Body.Statements.Length > 0 && !Vocabulary.PublicationPoints.Contains(callee)
                                ? LocalMayPublish(new FunctionSymbol(unit.Path, inner), i, unit, depth + 1)
                                : MayPublish(callee, i, null, null);
                        }
                    }
                    break;
                case AssignExpr { Operator: AssignOperator.Assign } assign when assign.Target is not NameExpr && context.PageNoAlias(assign.Value) is { } stored && stored.Root == parameter:
                    publishes = true;
                    break;
            }
            if (publishes)
                break;
        }
        _localPublishes[key] = publishes;
        return publishes;
    }

    private static FunctionDef? SameFile(string name, SourceUnit unit)
    {
        foreach (var function in unit.Functions)
        {
            if (function.Name == name && function.Body.Statements.Length > 0)
                return function;
        }
        return null;
    }

    /// <summary>
    /// A function of the checked file that returns what an allocator gave it and nothing published
    /// (<c>alloc_swap_folio()</c>, <c>shmem_alloc_folio()</c>), or stores it through a pointer parameter
    /// (<c>alloc_charge_folio(&amp;folio, ...)</c>).
    /// </summary>
    private bool LocalReturnsFresh(string callee, SourceUnit? unit, int depth, CancellationToken cancellationToken)
    {
        if (Vocabulary.Allocators.Contains(callee))
            return true;
        if (unit is null || depth > 2)
            return false;
        return _returnsFresh.GetOrAdd(unit.Path + "\0" + callee, _ =>
        {
            var local = SameFile(callee, unit);
            if (local is null || local.ReturnType.PointerDepth == 0)
                return false;
            var context = new PageExpressions(local, Vocabulary, _ => null);
            var flow = new ObjectFlow(Vocabulary, context, new UnitCalls(this, unit.Path, unit, cancellationToken, depth + 1));
            flow.Run();
            var values = flow.ReturnValues;
            var any = false;
            foreach (var (statement, state) in values)
            {
                var value = statement.Value;
                while (value is CastExpr cast)
                    value = cast.Operand;
                if (value is null || value is NameExpr { Identifier: "NULL" } || value is LiteralExpr || value is CallExpr { CalleeName: "ERR_PTR" })
                    continue;
                if (value is CallExpr { CalleeName: { } inner } && LocalReturnsFresh(inner, unit, depth + 1, cancellationToken))
                {
                    any = true;
                    continue;
                }
                if (value is NameExpr name && state.StateOf(name.Identifier) == ObjectState.Fresh)
                {
                    any = true;
                    continue;
                }
                return false;
            }
            return any;
        });
    }

    private int LocalFreshOutParameter(string callee, SourceUnit? unit, int depth, CancellationToken cancellationToken)
    {
        if (unit is null || depth > 2)
            return -1;
        return _freshOut.GetOrAdd(unit.Path + "\0" + callee, _ =>
        {
            var local = SameFile(callee, unit);
            if (local is null)
                return -1;
            var context = new PageExpressions(local, Vocabulary, _ => null);
            var states = new ObjectFlow(Vocabulary, context, new UnitCalls(this, unit.Path, unit, cancellationToken, depth + 1)).Run();
            var result = -1;
            foreach (var pair in states)
            {
                if (pair.Key is not AssignExpr { Operator: AssignOperator.Assign, Target: UnaryExpr { Operator: UnaryOperator.Dereference, Operand: NameExpr pointer } } store)
                    continue;
                var index = context.ParameterIndex(pointer.Identifier);
                if (index < 0)
                    continue;
                if (store.Value is NameExpr stored && pair.Value.StateOf(stored.Identifier) == ObjectState.Fresh)
                    result = index;
                else if (!(store.Value is NameExpr { Identifier: "NULL" }))
                    return -1;
            }
            return result;
        });
    }

    /// <summary>Atomic writers of a word found in the tree, other than of <paramref name="bit"/>, outside exclusive phases.</summary>
    /// <remarks>Writers in the directory of <paramref name="nearFile"/> come first: they are the ones a reader of the finding knows.</remarks>
    public ImmutableArray<ConcurrentWriter> WritersOf(FlagWord word, string? bit, string nearFile, CancellationToken cancellationToken) =>
        _writers.GetOrAdd((word, bit, TopDirectory(nearFile)), key => FindWriters(key.Item1, key.Item2, key.Item3, cancellationToken));

    private static string TopDirectory(string file)
    {
        var slash = file.IndexOf('/');
        return slash < 0 ? "" : file.Substring(0, slash + 1);
    }

    private ImmutableArray<ConcurrentWriter> FindWriters(FlagWord word, string? bit, string directory, CancellationToken cancellationToken)
    {
        const int Wanted = 3;
        var found = ImmutableArray.CreateBuilder<ConcurrentWriter>();
        var flags = new HashSet<string>(StringComparer.Ordinal);
        var candidates = Header.Accessors
            .Where(a => a.Atomic && FlagOps.IsWrite(a.Op) && a.Bit != bit && FlagWords.MayShare(a.Word, word) && a.Word != FlagWord.Unknown)
            .OrderBy(a => a.Word == word ? 0 : 1)
            .ThenBy(a => a.TakesFolio ? 0 : 1)
            .ThenBy(a => a.Op == FlagOp.Set || a.Op == FlagOp.TestAndSet ? 0 : 1)
            .ThenBy(a => a.Name, StringComparer.Ordinal);
        foreach (var accessor in candidates)
        {
            if (found.Count >= Wanted)
                break;
            if (flags.Contains(accessor.Bit) || Program.MentionCount(accessor.Name) > ExclusivePhases.MaxMentioningFiles)
                continue;
            foreach (var site in Program.CallersOf(accessor.Name, cancellationToken)
                .OrderBy(s => Vocabulary.ReferenceFreeWriters.Contains(s.Caller) ? 0 : 1)
                .ThenBy(s => s.File.StartsWith(directory, StringComparison.Ordinal) ? 0 : 1)
                .ThenBy(s => s.File, StringComparer.Ordinal)
                .ThenBy(s => s.Span.Start))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (site.File == Header.Path)
                    continue;
                var caller = Phases.Definition(site.Caller, site.File, cancellationToken);
                if (caller is null || Phases.PhaseOf(caller, cancellationToken) != ExclusivePhase.None)
                    continue;
                var flow = FlowOf(caller, null, cancellationToken);
                var call = ModelWalker.Calls(caller.Definition).FirstOrDefault(c => c.Span == site.Span && c.CalleeName == accessor.Name);
                if (call is null || call.Arguments.Length == 0)
                    continue;
                var page = flow.Context.PageNoAlias(call.Arguments[0]);
                if (page is not null && flow.States.TryGetValue(call, out var state))
                {
                    if (ObjectStates.IsExclusive(state.StateOf(page.Root)))
                        continue;
                    // a write to a folio its caller holds exclusively is no concurrent writer either
                    var parameter = flow.Context.ParameterIndex(state.ObjectOf(page.Root));
                    if (parameter >= 0 && Phases.ParameterExclusive(caller, parameter, cancellationToken))
                        continue;
                }
                var locks = flow.States.TryGetValue(call, out var atSite) ? atSite.Locks.Keys.ToImmutableArray() : ImmutableArray<string>.Empty;
                found.Add(new ConcurrentWriter(accessor, site, locks));
                flags.Add(accessor.Bit);
                break;
            }
        }
        return found.ToImmutable();
    }

    /// <summary>
    /// True when a function that takes no reference (phases.yaml reference_free_writers, memory_failure()) writes a
    /// flag of exactly this word: a frozen refcount does not keep it out.
    /// </summary>
    public bool HasReferenceFreeWriter(FlagWord word, string? bit, CancellationToken cancellationToken) =>
        _referenceFree.GetOrAdd((word, bit), key =>
        {
            // read what those functions do, rather than searching every caller of every accessor
            foreach (var name in Vocabulary.ReferenceFreeWriters.OrderBy(n => n, StringComparer.Ordinal))
            {
                foreach (var writer in Program.FunctionsNamed(name, cancellationToken).Where(f => f.Definition.Body.Statements.Length > 0))
                {
                    var context = new PageExpressions(writer.Definition, Vocabulary, n => Effects.WordReturning(n, writer.File, null));
                    foreach (var node in ModelWalker.DescendantsAndSelf(writer.Definition.Body))
                    {
                        if (node is not (CallExpr or AssignExpr))
                            continue;
                        foreach (var effect in Effects.AtNode(node, context, writer.File, null))
                        {
                            var bitWritten = effect.Flag is null ? null : Header.BitOf(effect.Flag);
                            if (effect.Atomic && FlagOps.IsWrite(effect.Op) && bitWritten != key.Item2 && WordOfEffect(effect) == key.Item1)
                                return true;
                        }
                    }
                }
            }
            return false;
        });

    private static FlagWord WordOfEffect(FlagEffect effect) => effect.Position switch
    {
        PagePosition.Second => FlagWord.Second,
        PagePosition.Head => FlagWord.Head,
        PagePosition.Self => effect.RootIsFolio ? FlagWord.Head : FlagWord.AnyPage,
        _ => FlagWord.AnyPage,
    };

    private readonly ConcurrentDictionary<(FlagWord, string?), bool> _referenceFree = new();

    /// <summary>How a flow in one file treats calls: same-file helpers are read, the rest comes from phases.yaml.</summary>
    private sealed class UnitCalls : IFlowCalls
    {
        private readonly FlagAnalysis _analysis;
        private readonly string _file;
        private readonly SourceUnit? _unit;
        private readonly int _depth;

        // The token of the question this flow answers: a flow is computed within one call and then dropped (only its states are kept).
        private readonly CancellationToken _cancellationToken;

        public UnitCalls(FlagAnalysis analysis, string file, SourceUnit? unit, CancellationToken cancellationToken, int depth = 0)
        {
            _analysis = analysis;
            _file = file;
            // only the checked file's helpers are read: units of other files stay in the index's bounded cache
            _unit = unit;
            _depth = depth;
            _cancellationToken = cancellationToken;
        }

        public bool ReturnsFresh(string callee) => _analysis.LocalReturnsFresh(callee, _unit, _depth, _cancellationToken);

        public int FreshOutParameter(string callee) => _analysis.LocalFreshOutParameter(callee, _unit, _depth, _cancellationToken);

        public bool MayPublish(string callee, int argument) => _analysis.MayPublish(callee, argument, _file, _unit);

        public bool ParameterHoldsExclusive(FunctionDef function, int parameter) =>
            _depth == 0 && _analysis.Phases.ParameterExclusive(new FunctionSymbol(_file, function), parameter, _cancellationToken);
    }
}

/// <summary>An atomic update of a flag in the same word, at a call site of the tree, with the locks held there.</summary>
public sealed record ConcurrentWriter(FlagAccessor Accessor, CallSite Site, ImmutableArray<string> Locks);
