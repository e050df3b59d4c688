using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Flow;
using Folint.Analyzer.Model;
using Folint.Analyzer.Rules.Kernel;

namespace Folint.Analyzer.Rules.Flags;

/// <summary>
/// What a call does with the variable whose address it is given (<c>alloc_charge_hpage(&amp;hpage, ...)</c>,
/// <c>copy_present_ptes(..., &amp;prealloc)</c>) or with the slot a pointer parameter passes on: it may leave it as it
/// was, empty it (NULL), fill it with a page nobody else can see, and take the page it held (consume it: the
/// caller must not count on it afterwards).
/// </summary>
internal sealed record SlotEffect(bool Keeps, bool Empties, bool Fills, bool Takes)
{
    /// <summary>The callee only reads the slot.</summary>
    public bool IsNone => Keeps && !Empties && !Fills && !Takes;
}

/// <summary>
/// Whether a function makes a page or folio handed to it (one parameter) visible to other CPUs, and the
/// function-pointer parameters it hands it to (<c>process_huge_page(..., clear_subpage, page)</c> calls
/// <c>clear_subpage(addr, i, page)</c>): whether those publish is the caller's to decide, from what it passes.
/// </summary>
internal sealed record PublicationSummary(bool Publishes, ImmutableArray<(int Callback, int Position)> Callbacks)
{
    public static readonly PublicationSummary Always = new(true, ImmutableArray<(int, int)>.Empty);
}

/// <summary>
/// Ownership summaries of functions, computed on demand from their definitions anywhere in the tree and kept for the
/// run: whether a function returns a page nobody else can see yet (an allocator or a wrapper of one), what it does
/// with a page slot it is handed (fills it: <c>alloc_charge_hpage()</c>; consumes it: <c>copy_present_page()</c>),
/// and whether it publishes a page it is handed (copy, clear and charge helpers do not). Each summary is a flow
/// (<see cref="ObjectFlow"/>) of the callee with the page in question fresh at entry, whose own calls are summarised
/// the same way, a few calls deep. Functions registered as migration allocation and free callbacks are what the
/// registration says they are.
/// </summary>
internal sealed class OwnershipSummaries
{
    /// <summary>How deep summaries nest: a callee's callee's callee. Deeper calls are taken to publish.</summary>
    public const int MaxDepth = 4;

    /// <summary>
    /// The depth of a flow that reads no callee's definition: rules/ alone says what a call does. Flows that only pick
    /// evidence (which writers of a word hold their folio exclusively) are of this kind: a writer counted when it
    /// need not be costs a line of evidence, not a finding.
    /// </summary>
    public const int ListsOnly = MaxDepth + 1;

    /// <summary>
    /// A callee mentioned in more files than this is not looked up in the tree (finding its definition would parse them
    /// all): widely used functions are not page-ownership helpers, and rules/ lists the ones that are.
    /// </summary>
    public const int MaxMentioningFiles = 16;

    private readonly FlagAnalysis _analysis;
    private readonly RunMemo<SummaryKey, bool> _returnsFresh = new();
    private readonly RunMemo<SummaryKey, SlotEffect?> _slots = new();
    private readonly RunMemo<SummaryKey, PublicationSummary> _publications = new();
    private readonly ConcurrentDictionary<(string File, string Name), ImmutableArray<FunctionSymbol>> _definitions = new();

    public OwnershipSummaries(FlagAnalysis analysis)
    {
        _analysis = analysis;
    }

    private FlagVocabulary Vocabulary => _analysis.Vocabulary;

    /// <summary>The callee returns a page or folio nobody else can see yet.</summary>
    public bool ReturnsFresh(string callee, string file, SourceUnit? unit, int depth, CancellationToken cancellationToken)
    {
        if (Vocabulary.Allocators.Contains(callee))
            return true;
        if (depth > MaxDepth || IsKnownNonAllocator(callee))
            return false;
        if (CallbackRoleOf(callee, cancellationToken) == CallbackRole.Allocation)
            return true;
        var definitions = Definitions(callee, file, unit, cancellationToken);
        if (definitions.IsEmpty)
            return false;
        return definitions.All(d => _returnsFresh.Get(new SummaryKey(d.Definition, unit, -1, depth), () => ComputeReturnsFresh(d, unit, depth, cancellationToken), false));
    }

    /// <summary>What the callee does with the slot it gets as argument <paramref name="argument"/>; null when unknown.</summary>
    public SlotEffect? SlotEffect(string callee, int argument, string file, SourceUnit? unit, int depth, CancellationToken cancellationToken)
    {
        if (depth > MaxDepth || Vocabulary.PublicationPoints.Contains(callee))
            return null;
        var definitions = Definitions(callee, file, unit, cancellationToken);
        if (definitions.IsEmpty)
            return null;
        SlotEffect? joined = null;
        foreach (var definition in definitions)
        {
            if (argument >= definition.Definition.Parameters.Length)
                return null;
            var effect = _slots.Get(new SummaryKey(definition.Definition, unit, argument, depth), () => ComputeSlotEffect(definition, argument, unit, depth, cancellationToken), (SlotEffect?)null);
            if (effect is null)
                return null;
            joined = joined is null ? effect : new SlotEffect(joined.Keeps || effect.Keeps, joined.Empties || effect.Empties, joined.Fills || effect.Fills, joined.Takes || effect.Takes);
        }
        return joined;
    }

    /// <summary>
    /// Whether passing a page as argument <paramref name="argument"/> of <paramref name="call"/> may make it visible to
    /// other CPUs. Publication points do; bookkeeping that rules/ lists does not; a callee with a definition is read;
    /// anything else may. <paramref name="callbackOf"/> answers for calls through a function-pointer parameter of the
    /// function being summarised (null outside a summary). <paramref name="call"/> is the call whose arguments name the
    /// callbacks a callee hands the page to; null for a callee reached as such a callback itself.
    /// </summary>
    public bool MayPublish(CallExpr? call, string callee, int argument, string file, SourceUnit? unit, int depth, Func<string, int, bool>? callbackOf, CancellationToken cancellationToken)
    {
        if (Vocabulary.PublicationPoints.Contains(callee))
            return true;
        if (IsKnownNonPublishing(callee))
            return false;
        if (callbackOf is not null && callbackOf(callee, argument))
            return false;
        if (CallbackRoleOf(callee, cancellationToken) == CallbackRole.Free)
            return false; // a migration destination handed back to its allocator was never published
        if (depth > MaxDepth)
            return true;
        var definitions = Definitions(callee, file, unit, cancellationToken);
        if (definitions.IsEmpty)
            return true;
        foreach (var definition in definitions)
        {
            if (argument >= definition.Definition.Parameters.Length)
                return true; // a variadic argument, or a definition that does not match the call
            var summary = _publications.Get(new SummaryKey(definition.Definition, unit, argument, depth), () => ComputePublication(definition, argument, unit, depth, cancellationToken), PublicationSummary.Always);
            if (summary.Publishes)
                return true;
            foreach (var (callback, position) in summary.Callbacks)
            {
                // the callee hands the page to the function this call passes at `callback`
                if (call is null || callback >= call.Arguments.Length || call.Arguments[callback] is not NameExpr { Identifier: var passed })
                    return true;
                if (callbackOf is not null && callbackOf(passed, position))
                    continue;
                if (MayPublish(null, passed, position, file, unit, depth + 1, null, cancellationToken))
                    return true;
            }
        }
        return false;
    }

    /// <summary>Calls that never publish or allocate: accessors, bit operations, locks, conversions, listed bookkeeping.</summary>
    private bool IsKnownNonPublishing(string callee) =>
        Vocabulary.IsKnownNonPublishing(callee) || Vocabulary.TryBitop(callee, out _, out _) || Vocabulary.LockAcquire.Contains(callee) || Vocabulary.LockRelease.Contains(callee)
        || !_analysis.Header.Functions(callee).IsEmpty || Vocabulary.HeadOf.Contains(callee) || Vocabulary.PageOf.Contains(callee) || Vocabulary.SamePage.Contains(callee)
        || Vocabulary.SameObjectAddresses.Contains(callee) || Vocabulary.PolicyHead.Contains(callee) || Vocabulary.PolicySecond.Contains(callee) || Vocabulary.PolicyAny.Contains(callee)
        || Vocabulary.DebugAssertions.Contains(callee);

    private bool IsKnownNonAllocator(string callee) =>
        Vocabulary.PublicationPoints.Contains(callee) || !_analysis.Header.Functions(callee).IsEmpty || Vocabulary.HeadOf.Contains(callee) || Vocabulary.PageOf.Contains(callee)
        || Vocabulary.SamePage.Contains(callee) || Vocabulary.SameObjectAddresses.Contains(callee) || Vocabulary.TryBitop(callee, out _, out _);

    /// <summary>
    /// The definitions a call in <paramref name="file"/> reaches: the checked file's own, else the tree's (a static
    /// function only in its own file), when the name is mentioned in few enough files to look it up.
    /// </summary>
    private ImmutableArray<FunctionSymbol> Definitions(string callee, string file, SourceUnit? unit, CancellationToken cancellationToken)
    {
        if (unit is not null)
        {
            foreach (var function in unit.Functions)
            {
                if (function.Name == callee && function.Body.Statements.Length > 0)
                    return ImmutableArray.Create(new FunctionSymbol(unit.Path, function));
            }
        }
        return _definitions.GetOrAdd((file, callee), key =>
        {
            var program = _analysis.Program;
            if (program.IsWholeTree && program.MentionCount(key.Name) > MaxMentioningFiles)
                return ImmutableArray<FunctionSymbol>.Empty;
            return program.FunctionsNamed(key.Name, cancellationToken)
                .Where(f => f.Definition.Body.Statements.Length > 0)
                .Where(f => !f.Definition.IsStatic || f.File == key.File || f.File.EndsWith(".h", StringComparison.Ordinal))
                .GroupBy(f => f.File, StringComparer.Ordinal)
                .Select(g => g.First())
                .ToImmutableArray();
        });
    }

    private ObjectFlow Flow(FunctionSymbol function, SourceUnit? unit, int depth, int seed, FlowCalls calls)
    {
        var own = unit is not null && unit.Path == function.File ? unit : null;
        var context = new PageExpressions(function.Definition, Vocabulary, name => _analysis.Effects.WordReturning(name, function.File, own));
        return new ObjectFlow(Vocabulary, context, calls, seed);
    }

    private FlowCalls CallsFor(FunctionSymbol function, SourceUnit? unit, int depth, bool summarising, CancellationToken cancellationToken) =>
        new(_analysis, function.File, unit is not null && unit.Path == function.File ? unit : null, depth, cancellationToken, summarising ? function.Definition : null);

    private bool ComputeReturnsFresh(FunctionSymbol function, SourceUnit? unit, int depth, CancellationToken cancellationToken)
    {
        if (function.Definition.ReturnType.PointerDepth == 0)
            return false;
        var calls = CallsFor(function, unit, depth + 1, summarising: false, cancellationToken);
        var flow = Flow(function, unit, depth, -1, calls);
        var result = flow.Run();
        var any = false;
        foreach (var (exit, state) in result.Exits)
        {
            if (exit is not ReturnStmt { Value: { } value })
                continue;
            while (value is CastExpr cast)
                value = cast.Operand;
            if (value is NameExpr { Identifier: "NULL" } || value is LiteralExpr || value is CallExpr { CalleeName: "ERR_PTR" })
                continue;
            if (value is CallExpr { CalleeName: { } inner } && calls.ReturnsFresh(inner))
            {
                any = true;
                continue;
            }
            if (flow.Owned(value) is { } page && state.StateOf(page.Root) == ObjectState.Fresh)
            {
                any = true;
                continue;
            }
            return false;
        }
        return any;
    }

    private SlotEffect? ComputeSlotEffect(FunctionSymbol function, int argument, SourceUnit? unit, int depth, CancellationToken cancellationToken)
    {
        var definition = function.Definition;
        if (definition.Parameters[argument].Name is not { } name)
            return null;
        var flow = Flow(function, unit, depth, argument, CallsFor(function, unit, depth + 1, summarising: true, cancellationToken));
        var slot = flow.Context.SlotOf(name);
        if (slot is null)
            return null;
        var result = flow.Run();
        bool keeps = false, empties = false, fills = false, takes = false;
        var exits = result.Exits.Select(e => e.State).ToList();
        if (result.FallsOff is { } fallsOff)
            exits.Add(fallsOff);
        foreach (var state in exits)
        {
            var holder = state.ObjectOf(slot);
            var original = state.Objects.TryGetValue(slot, out var kept) ? kept : ObjectState.Unknown;
            if (holder == slot)
            {
                // still what the caller put there, which must still be nobody else's
                if (original is not (ObjectState.Fresh or ObjectState.Null))
                    return null;
                keeps = true;
                continue;
            }
            switch (state.StateOf(slot))
            {
                case ObjectState.Null:
                    empties = true;
                    break;
                case ObjectState.Fresh:
                    fills = true;
                    break;
                default:
                    return null;
            }
            takes |= original != ObjectState.Fresh;
        }
        return exits.Count == 0 ? null : new SlotEffect(keeps, empties, fills, takes);
    }

    private PublicationSummary ComputePublication(FunctionSymbol function, int argument, SourceUnit? unit, int depth, CancellationToken cancellationToken)
    {
        if (function.Definition.Parameters[argument].Name is not { } name)
            return PublicationSummary.Always;
        var calls = CallsFor(function, unit, depth + 1, summarising: true, cancellationToken);
        var flow = Flow(function, unit, depth, argument, calls);
        var result = flow.Run();
        var exits = result.Exits.Select(e => e.State).ToList();
        if (result.FallsOff is { } fallsOff)
            exits.Add(fallsOff);
        // the object the parameter held at entry (slots: the page behind it) was published on some path
        var seeded = flow.Context.SlotOf(name) ?? name;
        var publishes = exits.Any(s => s.Objects.TryGetValue(seeded, out var state) && state == ObjectState.Published);
        return new PublicationSummary(publishes, calls.Callbacks.ToImmutableArray());
    }

    private enum CallbackRole { None, Allocation, Free }

    /// <summary>
    /// Whether a function is registered as a migration allocation or free callback: passed where a call of a function
    /// listed in phases.yaml (<c>migrate_pages()</c>) takes its <c>get_new_folio</c> or <c>put_new_folio</c>.
    /// </summary>
    private CallbackRole CallbackRoleOf(string function, CancellationToken cancellationToken)
    {
        if (Vocabulary.AllocationCallbacks.IsEmpty && Vocabulary.FreeCallbacks.IsEmpty)
            return CallbackRole.None;
        var registered = _registered ?? Registered(cancellationToken);
        return registered.TryGetValue(function, out var role) ? role : CallbackRole.None;
    }

    private volatile ImmutableDictionary<string, CallbackRole>? _registered;

    /// <summary>
    /// The functions the tree passes to the callback parameters of phases.yaml's takers (migrate_pages()), found once
    /// from the takers' call sites: a handful of calls, where asking every function for its indirect uses would read
    /// the files that mention each.
    /// </summary>
    private ImmutableDictionary<string, CallbackRole> Registered(CancellationToken cancellationToken)
    {
        var found = ImmutableDictionary.CreateBuilder<string, CallbackRole>(StringComparer.Ordinal);
        var program = _analysis.Program;
        foreach (var taker in Vocabulary.AllocationCallbacks.Keys.Concat(Vocabulary.FreeCallbacks.Keys).Distinct(StringComparer.Ordinal).OrderBy(t => t, StringComparer.Ordinal))
        {
            foreach (var site in program.CallersOf(taker, cancellationToken))
            {
                foreach (var caller in program.FunctionsNamedIn(site.Caller, site.File, cancellationToken))
                {
                    var call = ModelWalker.Calls(caller.Definition).FirstOrDefault(c => c.Span == site.Span && c.CalleeName == taker);
                    if (call is null)
                        continue;
                    for (var i = 0; i < call.Arguments.Length; i++)
                    {
                        if (call.Arguments[i] is not NameExpr passed)
                            continue;
                        if (Registers(taker, i, Vocabulary.AllocationCallbacks, cancellationToken))
                            found[passed.Identifier] = CallbackRole.Allocation;
                        else if (Registers(taker, i, Vocabulary.FreeCallbacks, cancellationToken) && !found.ContainsKey(passed.Identifier))
                            found[passed.Identifier] = CallbackRole.Free;
                    }
                }
            }
        }
        var result = found.ToImmutable();
        _registered = result;
        return result;
    }

    /// <summary>Whether argument <paramref name="position"/> of <paramref name="taker"/> is one of its listed callback parameters.</summary>
    private bool Registers(string taker, int position, ImmutableDictionary<string, ImmutableHashSet<string>> registrations, CancellationToken cancellationToken)
    {
        if (!registrations.TryGetValue(taker, out var parameters))
            return false;
        // by index (what a hunk without the taker's definition can be matched with), or by the parameter's name
        if (parameters.Contains(position.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            return true;
        foreach (var definition in _analysis.Program.FunctionsNamed(taker, cancellationToken))
        {
            var declared = definition.Definition.Parameters;
            if (position < declared.Length && declared[position].Name is { } parameter && parameters.Contains(parameter))
                return true;
        }
        return false;
    }

    /// <summary>True when the function is a migration free callback: the folio it gets back is an unused destination, being freed.</summary>
    public bool IsFreeCallback(string function, CancellationToken cancellationToken) => CallbackRoleOf(function, cancellationToken) == CallbackRole.Free;

    /// <summary>True when the function is a migration allocation callback: it allocates destinations, an allocation path.</summary>
    public bool IsAllocationCallback(string function, CancellationToken cancellationToken) => CallbackRoleOf(function, cancellationToken) == CallbackRole.Allocation;

    /// <summary>
    /// One summary question: a definition (by identity: two parses of a file are two definitions), the checked unit
    /// its file's helpers are read from (or none), the argument asked about (-1: the returned value), and how deep in
    /// the question it is asked (deeper ones see fewer callees).
    /// </summary>
    private sealed class SummaryKey : IEquatable<SummaryKey>
    {
        private readonly FunctionDef _definition;
        private readonly SourceUnit? _unit;
        private readonly int _argument;
        private readonly int _depth;

        public SummaryKey(FunctionDef definition, SourceUnit? unit, int argument, int depth)
        {
            _definition = definition;
            _unit = unit;
            _argument = argument;
            _depth = depth;
        }

        public bool Equals(SummaryKey? other) =>
            other is not null && ReferenceEquals(_definition, other._definition) && ReferenceEquals(_unit, other._unit) && _argument == other._argument && _depth == other._depth;

        public override bool Equals(object? obj) => Equals(obj as SummaryKey);

        public override int GetHashCode() =>
            (RuntimeHelpers.GetHashCode(_definition) * 31 + (_unit is null ? 0 : RuntimeHelpers.GetHashCode(_unit))) * 31 + _argument * 7 + _depth;
    }
}

/// <summary>
/// How a flow of one function treats the calls it meets: summaries of the callees (<see cref="OwnershipSummaries"/>),
/// one level deeper than the function's own. Inside a summary, a call through one of the function's own parameters
/// (a callback) publishes nothing by itself: the summary records it for the caller, who knows what was passed.
/// </summary>
internal sealed class FlowCalls : IFlowCalls
{
    private readonly FlagAnalysis _analysis;
    private readonly string _file;
    private readonly SourceUnit? _unit;
    private readonly int _depth;
    private readonly FunctionDef? _summarised;

    // The token of the question this flow answers: a flow is computed within one call and then dropped (only its states are kept).
    private readonly CancellationToken _cancellationToken;

    public FlowCalls(FlagAnalysis analysis, string file, SourceUnit? unit, int depth, CancellationToken cancellationToken, FunctionDef? summarised = null)
    {
        _analysis = analysis;
        _file = file;
        _unit = unit;
        _depth = depth;
        _cancellationToken = cancellationToken;
        _summarised = summarised;
    }

    /// <summary>Calls through the summarised function's parameters that were handed the page: (parameter, argument position).</summary>
    public HashSet<(int Callback, int Position)> Callbacks { get; } = new();

    public bool ReturnsFresh(string callee) => _analysis.Summaries.ReturnsFresh(callee, _file, _unit, _depth, _cancellationToken);

    public SlotEffect? SlotEffect(string callee, int argument) => _analysis.Summaries.SlotEffect(callee, argument, _file, _unit, _depth, _cancellationToken);

    public bool MayPublish(CallExpr call, string callee, int argument) =>
        _analysis.Summaries.MayPublish(call, callee, argument, _file, _unit, _depth, _summarised is null ? null : Callback, _cancellationToken);

    public ObjectState ParameterState(FunctionDef function, int parameter) =>
        _depth == 0 ? _analysis.Phases.ParameterState(new FunctionSymbol(_file, function), parameter, _cancellationToken) : ObjectState.Unknown;

    private bool Callback(string callee, int position)
    {
        var index = FunctionScope.Of(_summarised!).ParameterIndex(callee);
        if (index < 0)
            return false;
        lock (Callbacks)
            Callbacks.Add((index, position));
        return true;
    }
}
