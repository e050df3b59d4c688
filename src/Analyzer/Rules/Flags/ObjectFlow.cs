using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Flow;
using Folint.Analyzer.Model;

namespace Folint.Analyzer.Rules.Flags;

/// <summary>What one function knows about a page or folio at a point of its body.</summary>
internal enum ObjectState
{
    /// <summary>Nothing known: a parameter, or a folio found in a list or a page table.</summary>
    Unknown,

    /// <summary>Obtained from an allocator here and not yet published: nobody else can see it.</summary>
    Fresh,

    /// <summary>Added to the page cache, swap cache or LRU, rmapped, mapped, unfrozen, or handed to code that may do so.</summary>
    Published,

    /// <summary>Refcount frozen by this function (<c>folio_ref_freeze()</c> succeeded) and not unfrozen yet.</summary>
    Frozen,

    /// <summary>This function dropped the last reference (<c>folio_put_testzero()</c> was true): the object is being freed.</summary>
    RefcountZero,

    /// <summary>The variable holds NULL here (assigned, or tested): there is no object, so it joins as nothing.</summary>
    Null,

    /// <summary>
    /// Owned by an allocator: a free page on the buddy free lists (<c>PageBuddy()</c> was true, or it was just put back
    /// there), or a slab page reached through its <c>struct slab</c>. Only the allocator changes its flags, under its own
    /// lock; nobody holds or takes a reference to it.
    /// </summary>
    AllocatorOwned,
}

internal static class ObjectStates
{
    public static bool IsExclusive(ObjectState state) =>
        state is ObjectState.Fresh or ObjectState.Frozen or ObjectState.RefcountZero or ObjectState.Null or ObjectState.AllocatorOwned;

    /// <summary>
    /// Where two paths meet. Exclusive on both stays exclusive, as the weaker of the two: a frozen refcount keeps out
    /// only those who need a reference (phases.yaml reference_free_writers), so it wins over the others.
    /// </summary>
    public static ObjectState Join(ObjectState a, ObjectState b)
    {
        if (a == b || b == ObjectState.Null)
            return a;
        if (a == ObjectState.Null)
            return b;
        if (IsExclusive(a) && IsExclusive(b))
        {
            foreach (var weaker in new[] { ObjectState.Frozen, ObjectState.AllocatorOwned, ObjectState.RefcountZero })
            {
                if (a == weaker || b == weaker)
                    return weaker;
            }
            return ObjectState.Fresh;
        }
        return a == ObjectState.Published || b == ObjectState.Published ? ObjectState.Published : ObjectState.Unknown;
    }
}

/// <summary>What a test of a variable says about an object: its state when the variable is non-zero, and when it is zero.</summary>
internal sealed record Fact(string Object, ObjectState IfNonZero, ObjectState IfZero);

/// <summary>
/// The facts at one point: variables to the objects they hold, object states, what tests of a variable would say
/// about objects (a freeze's result, or a flag the paths were split on: <c>is_continue</c>), the truth of variables
/// already tested on this path, and the locks held.
/// </summary>
internal sealed record FlowState(
    ImmutableDictionary<string, string> Alias,
    ImmutableDictionary<string, ObjectState> Objects,
    ImmutableDictionary<string, ImmutableArray<Fact>> Facts,
    ImmutableDictionary<string, LockHeld> Locks,
    ImmutableDictionary<string, bool> Known)
{
    public static readonly FlowState Entry = new(
        ImmutableDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableDictionary<string, ObjectState>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableDictionary<string, ImmutableArray<Fact>>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableDictionary<string, LockHeld>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableDictionary<string, bool>.Empty.WithComparers(StringComparer.Ordinal));

    public string ObjectOf(string variable) => Alias.TryGetValue(variable, out var id) ? id : variable;

    public ObjectState StateOf(string variable) => Objects.TryGetValue(ObjectOf(variable), out var state) ? state : ObjectState.Unknown;

    public FlowState With(string @object, ObjectState state) => this with { Objects = Objects.SetItem(@object, state) };

    /// <summary>The variable gets a new value: what its tests would have said no longer holds.</summary>
    public FlowState Reassigned(string variable) =>
        Facts.ContainsKey(variable) || Known.ContainsKey(variable) ? this with { Facts = Facts.Remove(variable), Known = Known.Remove(variable) } : this;

    /// <summary>The same facts (records compare their dictionaries by reference, this by content).</summary>
    public bool SameAs(FlowState other) =>
        ReferenceEquals(this, other)
        || Same(Alias, other.Alias, StringComparer.Ordinal) && Same(Objects, other.Objects, EqualityComparer<ObjectState>.Default)
            && Same(Facts, other.Facts, FactsComparer.Instance) && Same(Locks, other.Locks, EqualityComparer<LockHeld>.Default)
            && Same(Known, other.Known, EqualityComparer<bool>.Default);

    private static bool Same<T>(ImmutableDictionary<string, T> a, ImmutableDictionary<string, T> b, IEqualityComparer<T> values)
    {
        if (a.Count != b.Count)
            return false;
        foreach (var pair in a)
        {
            if (!b.TryGetValue(pair.Key, out var other) || !values.Equals(pair.Value, other))
                return false;
        }
        return true;
    }

    public static FlowState? Join(FlowState? a, FlowState? b)
    {
        if (a is null)
            return b;
        if (b is null || ReferenceEquals(a, b))
            return a;
        var alias = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var objects = ImmutableDictionary.CreateBuilder<string, ObjectState>(StringComparer.Ordinal);
        foreach (var key in a.Objects.Keys.Union(b.Objects.Keys))
        {
            var joined = ObjectStates.Join(a.Objects.TryGetValue(key, out var x) ? x : ObjectState.Unknown, b.Objects.TryGetValue(key, out var y) ? y : ObjectState.Unknown);
            if (joined != ObjectState.Unknown)
                objects[key] = joined;
        }
        // a variable tested true on one path and false on the other: what differs between the paths follows its value
        var splits = a.Known.Where(p => b.Known.TryGetValue(p.Key, out var other) && other != p.Value).Select(p => (Variable: p.Key, LeftTrue: p.Value)).ToList();
        var facts = a.Facts.Where(p => b.Facts.TryGetValue(p.Key, out var other) && FactsComparer.Instance.Equals(other, p.Value)).ToImmutableDictionary(StringComparer.Ordinal).ToBuilder();
        foreach (var variable in a.Alias.Keys.Union(b.Alias.Keys))
        {
            var left = a.ObjectOf(variable);
            var right = b.ObjectOf(variable);
            if (left == right)
            {
                alias[variable] = left;
                continue;
            }
            // the variable holds different objects on the two paths (allocated at two sites): one merged object
            var merged = variable + "@join";
            alias[variable] = merged;
            var (leftState, rightState) = (a.StateOf(variable), b.StateOf(variable));
            var state = ObjectStates.Join(leftState, rightState);
            if (state == ObjectState.Unknown)
                objects.Remove(merged);
            else
                objects[merged] = state;
            if (leftState == rightState)
                continue;
            foreach (var (tested, leftTrue) in splits)
            {
                var fact = leftTrue ? new Fact(merged, leftState, rightState) : new Fact(merged, rightState, leftState);
                facts[tested] = (facts.TryGetValue(tested, out var known) ? known : ImmutableArray<Fact>.Empty).Add(fact);
            }
        }
        var locks = a.Locks.Where(p => b.Locks.ContainsKey(p.Key)).ToImmutableDictionary(StringComparer.Ordinal);
        var knownBoth = a.Known.Where(p => b.Known.TryGetValue(p.Key, out var other) && other == p.Value).ToImmutableDictionary(StringComparer.Ordinal);
        return new FlowState(alias.ToImmutable(), objects.ToImmutable(), facts.ToImmutable(), locks, knownBoth);
    }

    private sealed class FactsComparer : IEqualityComparer<ImmutableArray<Fact>>
    {
        public static readonly FactsComparer Instance = new();

        public bool Equals(ImmutableArray<Fact> x, ImmutableArray<Fact> y) => x.SequenceEqual(y);

        public int GetHashCode(ImmutableArray<Fact> obj) => obj.Length;
    }
}

/// <summary>A lock held at a point: how to name it, and where it was taken.</summary>
internal sealed record LockHeld(string Text, TextSpan TakenAt);

/// <summary>How the flow treats calls it meets (<see cref="FlowCalls"/> answers from rules/ and from the callees' definitions).</summary>
internal interface IFlowCalls
{
    /// <summary>The callee returns an object nobody else can see yet (an allocator).</summary>
    bool ReturnsFresh(string callee);

    /// <summary>What the callee does with the slot it gets as argument <paramref name="argument"/> (<c>&amp;folio</c>, a <c>struct folio **</c>); null when unknown.</summary>
    SlotEffect? SlotEffect(string callee, int argument);

    /// <summary>Passing an object as argument <paramref name="argument"/> of <paramref name="call"/> may make it visible to other CPUs.</summary>
    bool MayPublish(CallExpr call, string callee, int argument);

    /// <summary>What every caller of <paramref name="function"/> hands over through this parameter (<see cref="ExclusivePhases.ParameterState"/>).</summary>
    ObjectState ParameterState(FunctionDef function, int parameter);
}

/// <summary>
/// What one function holds exclusively, as a forward dataflow analysis (<see cref="ForwardFlow{TState}"/>): for every
/// page or folio variable, whether this function allocated it and has not published it, froze its refcount, or
/// dropped its last reference; and the locks held. Branches join conservatively (exclusive only when exclusive on
/// every path); loops, labels and gotos are the framework's.
/// </summary>
internal sealed class ObjectFlow : ForwardAnalysis<FlowState>
{
    private readonly FlagVocabulary _vocabulary;
    private readonly PageExpressions _context;
    private readonly IFlowCalls _calls;
    private readonly int _seed;

    /// <param name="seed">
    /// A parameter whose page (for a slot parameter, the page in the slot) is taken to be fresh at entry, to learn what
    /// the function does with a page nobody else can see (a summary); -1 for the function's own flow.
    /// </param>
    public ObjectFlow(FlagVocabulary vocabulary, PageExpressions context, IFlowCalls calls, int seed = -1)
    {
        _vocabulary = vocabulary;
        _context = context;
        _calls = calls;
        _seed = seed;
    }

    public PageExpressions Context => _context;

    /// <summary>The states before each call and each assignment of the body (after its operands were evaluated), and at each return.</summary>
    public FlowResult<FlowState> Run() => ForwardFlow<FlowState>.Run(_context.Function.Body, EntryState(), this);

    /// <summary>
    /// At entry, a slot parameter through which every caller hands over a page it holds exclusively (the userfaultfd
    /// copy retry's <c>*foliop</c>, a preallocated page) holds a fresh page; so does the seeded parameter of a summary.
    /// </summary>
    private FlowState EntryState()
    {
        var state = FlowState.Entry;
        var parameters = _context.Function.Parameters;
        for (var i = 0; i < parameters.Length; i++)
        {
            if (parameters[i].Name is not { } name)
                continue;
            var slot = _context.SlotOf(name);
            if (IsAllocatorDescriptor(name))
                state = state.With(name, ObjectState.AllocatorOwned);
            else if (i == _seed)
                state = state.With(slot ?? name, ObjectState.Fresh);
            else if (slot is not null && _seed < 0 && _calls.ParameterState(_context.Function, i) is var handed && ObjectStates.IsExclusive(handed))
                state = state.With(slot, handed);
        }
        return state;
    }

    /// <summary>
    /// The page or folio an expression denotes, for ownership: as <see cref="PageExpressions.PageNoAlias"/>, and through
    /// the conversions between a page and the address of its memory (<c>page_address()</c>, <c>virt_to_page()</c>),
    /// which name the same page.
    /// </summary>
    public PageRef? Owned(Expr expression)
    {
        while (true)
        {
            if (expression is CastExpr cast)
                expression = cast.Operand;
            else if (expression is CallExpr { CalleeName: { } conversion, Arguments.Length: 1 } call && _vocabulary.SameObjectAddresses.Contains(conversion))
                expression = call.Arguments[0];
            else
                break;
        }
        return _context.PageNoAlias(expression);
    }

    public override FlowState Join(FlowState left, FlowState right) => FlowState.Join(left, right)!;

    public override bool Includes(FlowState state, FlowState other) => FlowState.Join(state, other)!.SameAs(state);

    public override bool Observes(Expr node) => node is CallExpr or AssignExpr;

    public override bool IsConditionWrapper(CallExpr call) => call.CalleeName is { } wrapper && _vocabulary.ConditionWrappers.Contains(wrapper);

    public override FlowState Declare(LocalDecl local, FlowState state) =>
        local.Initializer is not null ? Assign(local.Name, local.Initializer, local.Initializer.Span, state) : Forget(local.Name, local.Span, state);

    public override FlowState Transfer(Expr node, FlowState state, ForwardFlow<FlowState> flow)
    {
        switch (node)
        {
            case CallExpr call:
                return call.CalleeName is { } callee ? Call(callee, call, state) : EscapeArguments(null, call, state);
            case AssignExpr { Target: NameExpr { Identifier: var name }, Operator: AssignOperator.Assign } assign:
                return Assign(name, assign.Value, assign.Span, state);
            case AssignExpr { Target: NameExpr { Identifier: var name } }:
                return state.Reassigned(name);
            case UnaryExpr { Operator: UnaryOperator.Increment or UnaryOperator.Decrement, Operand: NameExpr { Identifier: var name } }:
                return state.Reassigned(name);
            case AssignExpr { Target: UnaryExpr { Operator: UnaryOperator.Dereference, IsPostfix: false, Operand: NameExpr pointer }, Operator: AssignOperator.Assign } assign when _context.SlotOf(pointer.Identifier) is { } slot:
                // `*foliop = folio`: handed back to the caller through its own variable, not published
                return Assign(slot, assign.Value, assign.Span, state);
            case AssignExpr { Operator: AssignOperator.Assign } assign:
                // storing a fresh object anywhere but a local (or an operation's private context) makes it reachable
                if (Owned(assign.Value) is { } stored && state.StateOf(stored.Root) == ObjectState.Fresh
                    && !(BaseVariable(assign.Target) is { } holder && _context.RecordTagOf(holder) is { } tag && _vocabulary.PrivateStructTypes.Contains(tag)))
                    return state.With(state.ObjectOf(stored.Root), ObjectState.Published);
                return state;
            default:
                return state;
        }
    }

    /// <summary>The states when a condition is true and when it is false.</summary>
    public override (FlowState? WhenTrue, FlowState? WhenFalse) Branch(Expr condition, FlowState state, ForwardFlow<FlowState> flow)
    {
        switch (condition)
        {
            case BinaryExpr { Operator: BinaryOperator.Less or BinaryOperator.Greater } compare when ForwardFlow<FlowState>.IsNull(compare.Right):
                return flow.Condition(compare.Left, state);
            case CallExpr { CalleeName: { } callee } call when call.Arguments.Length > 0 && TestedObject(callee, call, state) is { } tested:
            {
                var after = flow.EvaluateOperands(call, state)!;
                flow.Record(call, after);
                var before = after.StateOf(tested.Variable);
                var @object = after.ObjectOf(tested.Variable);
                return (after.With(@object, tested.IfNonZero ?? before), after.With(@object, tested.IfZero ?? before));
            }
            case NameExpr name when _context.IsPageOrFolio(name.Identifier):
                // `if (!folio)`: on the false side there is no object at all
                return (state, state.With(state.ObjectOf(name.Identifier), ObjectState.Null));
            case NameExpr name:
            {
                // a variable tested before on this path has the same value now: the other side cannot happen
                if (state.Known.TryGetValue(name.Identifier, out var value))
                    return value ? (state, null) : (null, state);
                if (!_context.Scope.IsPrivateVariable(name.Identifier))
                    return base.Branch(condition, state, flow);
                var (whenTrue, whenFalse) = (state, state);
                if (state.Facts.TryGetValue(name.Identifier, out var facts))
                {
                    foreach (var fact in facts)
                    {
                        whenTrue = whenTrue.With(fact.Object, fact.IfNonZero);
                        whenFalse = whenFalse.With(fact.Object, fact.IfZero);
                    }
                }
                return (whenTrue with { Known = whenTrue.Known.SetItem(name.Identifier, true) }, whenFalse with { Known = whenFalse.Known.SetItem(name.Identifier, false) });
            }
            case UnaryExpr { Operator: UnaryOperator.Dereference, IsPostfix: false, Operand: NameExpr pointer } when _context.SlotOf(pointer.Identifier) is { } slot:
                // `if (!*foliop)`
                return (state, state.With(state.ObjectOf(slot), ObjectState.Null));
            default:
                return base.Branch(condition, state, flow);
        }
    }

    /// <summary>
    /// A call whose result says something about an object: a refcount freeze (true: frozen), a put that drops the
    /// last reference (true: being freed), a publication that returns an error (non-zero: not published).
    /// </summary>
    private (string Variable, ObjectState? IfNonZero, ObjectState? IfZero)? TestedObject(string callee, CallExpr call, FlowState state)
    {
        if (_context.PageNoAlias(call.Arguments[0]) is not { } page)
            return null;
        if (_vocabulary.RefcountFreeze.Contains(callee))
            return (page.Root, ObjectState.Frozen, null);
        // PageBuddy(page): a free page on the buddy allocator's free lists, the allocator's own
        if (_vocabulary.FreeListTests.Contains(callee))
            return (page.Root, ObjectState.AllocatorOwned, null);
        if (_vocabulary.RefcountDropsToZero.Contains(callee))
            return (page.Root, ObjectState.RefcountZero, null);
        if (_vocabulary.PublicationPoints.Contains(callee))
        {
            foreach (var argument in call.Arguments)
            {
                if (_context.PageNoAlias(argument) is { } published && ObjectStates.IsExclusive(state.StateOf(published.Root)))
                    return (published.Root, null, ObjectState.Published);
            }
        }
        return null;
    }

    private static string? BaseVariable(Expr target) => target switch
    {
        NameExpr name => name.Identifier,
        MemberExpr member => BaseVariable(member.Target),
        IndexExpr index => BaseVariable(index.Target),
        UnaryExpr { Operator: UnaryOperator.Dereference } deref => BaseVariable(deref.Operand),
        _ => null,
    };

    private FlowState Call(string callee, CallExpr call, FlowState state)
    {
        if (_vocabulary.LockAcquire.Contains(callee) && call.Arguments.Length > 0)
        {
            var key = LockKey(call.Arguments[0]);
            return state with { Locks = state.Locks.SetItem(key, new LockHeld(LockText(callee, call.Arguments[0]), call.Span)) };
        }
        if (_vocabulary.LockRelease.Contains(callee) && call.Arguments.Length > 0)
            return state with { Locks = state.Locks.Remove(LockKey(call.Arguments[0])) };
        if (_vocabulary.RefcountUnfreeze.Contains(callee) && call.Arguments.Length > 0 && _context.PageNoAlias(call.Arguments[0]) is { } unfrozen)
            return state.With(state.ObjectOf(unfrozen.Root), ObjectState.Published);
        if (_vocabulary.PublicationPoints.Contains(callee))
        {
            foreach (var argument in call.Arguments)
            {
                if (_context.PageNoAlias(argument) is { } page && state.Objects.ContainsKey(state.ObjectOf(page.Root)))
                    state = state.With(state.ObjectOf(page.Root), ObjectState.Published);
            }
            return state;
        }
        var handled = ImmutableHashSet<int>.Empty;
        for (var i = 0; i < call.Arguments.Length; i++)
        {
            if (_context.SlotPassed(call.Arguments[i]) is not { } slot || _calls.SlotEffect(callee, i) is not { } effect)
                continue;
            handled = handled.Add(i);
            if (!effect.IsNone)
                state = AfterSlotUse(slot, effect, call.Span, state);
        }
        return EscapeArguments(callee, call, state, handled);
    }

    /// <summary>
    /// The slot after a call that may have kept it, emptied it or filled it with a fresh page; a page the callee may
    /// have taken from it is no longer this function's to count on.
    /// </summary>
    private static FlowState AfterSlotUse(string slot, SlotEffect effect, TextSpan at, FlowState state)
    {
        var held = state.ObjectOf(slot);
        var before = state.StateOf(slot);
        ObjectState? after = null;
        void Add(ObjectState s) => after = after is { } known ? ObjectStates.Join(known, s) : s;
        if (effect.Keeps)
            Add(before);
        if (effect.Empties)
            Add(ObjectState.Null);
        if (effect.Fills)
            Add(ObjectState.Fresh);
        if (effect.Takes && state.Objects.ContainsKey(held))
            state = state.With(held, ObjectState.Published);
        var id = slot + "@" + at.Start.ToString(System.Globalization.CultureInfo.InvariantCulture);
        state = state with { Alias = state.Alias.SetItem(slot, id) };
        return after is { } s && s != ObjectState.Unknown ? state.With(id, s) : state;
    }

    /// <summary>Arguments that are fresh objects and go to a callee that may publish them are published.</summary>
    private FlowState EscapeArguments(string? callee, CallExpr call, FlowState state, ImmutableHashSet<int>? handled = null)
    {
        for (var i = 0; i < call.Arguments.Length; i++)
        {
            if (handled is not null && handled.Contains(i))
                continue;
            if (Owned(call.Arguments[i]) is not { } page)
                continue;
            if (state.StateOf(page.Root) != ObjectState.Fresh)
                continue;
            if (callee is null || _calls.MayPublish(call, callee, i))
                state = state.With(state.ObjectOf(page.Root), ObjectState.Published);
        }
        return state;
    }

    private FlowState Assign(string variable, Expr value, TextSpan at, FlowState state)
    {
        var stripped = value;
        while (stripped is CastExpr cast)
            stripped = cast.Operand;
        state = state.Reassigned(variable);
        if (IsAllocatorDescriptor(variable))
        {
            // sp = virt_to_slab(block): the page behind a struct slab is the slab allocator's, and so is the memory it
            // was found from
            var owned = variable + "@" + at.Start.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (_context.PageNoAlias(stripped) is { } source && source.Root != variable)
                state = state.With(state.ObjectOf(source.Root), ObjectState.AllocatorOwned);
            return state with { Alias = state.Alias.SetItem(variable, owned), Objects = state.Objects.SetItem(owned, ObjectState.AllocatorOwned) };
        }
        if (stripped is CallExpr { CalleeName: { } callee } call)
        {
            if (_calls.ReturnsFresh(callee))
                return Fresh(variable, at, state);
            if (call.Arguments.Length > 0 && TestedObject(callee, call, state) is { } tested)
            {
                var @object = state.ObjectOf(tested.Variable);
                var before = state.StateOf(tested.Variable);
                var fact = new Fact(@object, tested.IfNonZero ?? before, tested.IfZero ?? before);
                // untested, the call is taken to have succeeded: published, or (for a freeze) not known to be frozen
                var assumed = tested.IfZero == ObjectState.Published ? ObjectState.Published : before;
                state = state.With(@object, assumed);
                return state with
                {
                    Facts = state.Facts.SetItem(variable, ImmutableArray.Create(fact)),
                    Alias = state.Alias.Remove(variable),
                };
            }
        }
        if (!_context.IsPageOrFolio(variable) && !state.Alias.ContainsKey(variable))
            return state;
        if (stripped is NameExpr { Identifier: "NULL" } || stripped is LiteralExpr { Text: "0" })
        {
            var id = variable + "@" + at.Start.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return state with { Alias = state.Alias.SetItem(variable, id), Objects = state.Objects.SetItem(id, ObjectState.Null) };
        }
        // folio = page_folio(page), page = &folio->page, head = compound_head(page): one object, one refcount
        if (Owned(stripped) is { } page && page.Root != variable && stripped is not NameExpr { Identifier: "NULL" })
            return state with { Alias = state.Alias.SetItem(variable, state.ObjectOf(page.Root)) };
        return Forget(variable, at, state);
    }

    /// <summary>A variable of a memory descriptor only an allocator uses (phases.yaml allocator_owned_types: <c>struct slab *</c>).</summary>
    private bool IsAllocatorDescriptor(string variable) =>
        _context.RecordTagOf(variable) is { } tag && _vocabulary.AllocatorOwnedTypes.Contains(tag);

    private static FlowState Fresh(string variable, TextSpan at, FlowState state)
    {
        var id = variable + "@" + at.Start.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return state with { Alias = state.Alias.SetItem(variable, id), Objects = state.Objects.SetItem(id, ObjectState.Fresh) };
    }

    private static FlowState Forget(string variable, TextSpan at, FlowState state) =>
        state.Alias.ContainsKey(variable) || state.Objects.ContainsKey(variable)
            ? state with { Alias = state.Alias.SetItem(variable, variable + "@" + at.Start.ToString(System.Globalization.CultureInfo.InvariantCulture)) }
            : state;

    private static string LockKey(Expr argument) => ExprPrinter.Print(argument is UnaryExpr { Operator: UnaryOperator.AddressOf } address ? address.Operand : argument);

    private static string LockText(string callee, Expr argument) =>
        argument is UnaryExpr { Operator: UnaryOperator.AddressOf } address ? ExprPrinter.Print(address.Operand) : callee + "(" + ExprPrinter.Print(argument) + ")";
}
