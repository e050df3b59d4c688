using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Folint.Analyzer.Roslyn.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Folint.Analyzer.Roslyn.Flags;

/// <summary>
/// FOL001's flow over one body: which object every local holds (<see cref="Origin"/>), which objects are published
/// (handed to another method that is not known to keep them private, stored in a field, a shared array or a
/// collection, captured by code that runs later), whether a lock is held, whether an await has passed. At every
/// non-atomic flag accessor it decides: fresh and unpublished is safe; published is wrong whoever runs this code;
/// an input is as safe as the callers make it (a requirement on them); anything else needs an exclusive phase.
/// Calls of this compilation's own methods, local functions and lambdas apply their summaries where they run:
/// a lambda given to List.ForEach runs during the call, one given to Task.Run or stored runs later.
/// </summary>
internal sealed class OwnershipFlow : FlowAnalysis<OwnershipFlow.State>
{
    private readonly FlagFacts _facts;
    private readonly IMethodSymbol? _self;
    private readonly CancellationToken _cancellationToken;
    private readonly string _name;

    private readonly HashSet<Requirement> _requirements = new();
    private readonly HashSet<Violation> _violations = new();
    private readonly HashSet<ISymbol> _publishes = new(SymbolEqualityComparer.Default);
    private readonly HashSet<IMethodSymbol> _callees = new(SymbolEqualityComparer.Default);
    private readonly HashSet<IMethodSymbol> _escaped = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ISymbol> _captured = new(SymbolEqualityComparer.Default);
    private bool _returnsFresh = true;
    private bool _returns;

    /// <param name="self">The method, local function or lambda whose body this is (its parameters are its inputs).</param>
    public OwnershipFlow(FlagFacts facts, IMethodSymbol? self, CancellationToken cancellationToken)
    {
        _facts = facts;
        _self = self;
        _cancellationToken = cancellationToken;
        _name = self is null ? "initializer" : FlagFacts.NameOf(self);
    }

    /// <param name="Points">What each local, parameter or capture may hold.</param>
    /// <param name="Published">Objects published on some path to here, with where.</param>
    /// <param name="Holds">What a fresh container (a local array or list, a new object) holds: published with it.</param>
    /// <param name="Locked">A lock is held on some path to here.</param>
    /// <param name="AfterAwait">An await has passed on some path to here: the rest runs as a continuation.</param>
    internal sealed record State(
        ImmutableDictionary<object, ImmutableHashSet<Origin>> Points,
        ImmutableDictionary<Origin, SyntaxNode> Published,
        ImmutableDictionary<Origin, ImmutableHashSet<Origin>> Holds,
        bool Locked,
        bool AfterAwait)
    {
        public static State Empty { get; } = new(FlowKeys.EmptyMap<ImmutableHashSet<Origin>>(), ImmutableDictionary<Origin, SyntaxNode>.Empty, ImmutableDictionary<Origin, ImmutableHashSet<Origin>>.Empty, false, false);
    }

    public FlagSummary Summary() => new(
        _requirements.ToImmutableHashSet(),
        ImmutableHashSet.CreateRange<ISymbol>(SymbolEqualityComparer.Default, _publishes),
        _returns && _returnsFresh,
        _violations.ToImmutableHashSet(),
        ImmutableHashSet.CreateRange<IMethodSymbol>(SymbolEqualityComparer.Default, _callees),
        ImmutableHashSet.CreateRange<IMethodSymbol>(SymbolEqualityComparer.Default, _escaped),
        ImmutableHashSet.CreateRange<ISymbol>(SymbolEqualityComparer.Default, _captured));

    protected override State Entry => State.Empty;

    protected override State Join(State left, State right)
    {
        var points = left.Points;
        foreach (var pair in right.Points)
            points = points.SetItem(pair.Key, points.TryGetValue(pair.Key, out var mine) ? mine.Union(pair.Value) : pair.Value);
        var published = left.Published;
        foreach (var pair in right.Published)
        {
            if (!published.ContainsKey(pair.Key))
                published = published.Add(pair.Key, pair.Value);
        }
        var holds = left.Holds;
        foreach (var pair in right.Holds)
            holds = holds.SetItem(pair.Key, holds.TryGetValue(pair.Key, out var mine) ? mine.Union(pair.Value) : pair.Value);
        return new State(points, published, holds, left.Locked || right.Locked, left.AfterAwait || right.AfterAwait);
    }

    protected override bool Same(State left, State right) =>
        left.Locked == right.Locked && left.AfterAwait == right.AfterAwait
        && left.Points.Count == right.Points.Count && left.Points.All(p => right.Points.TryGetValue(p.Key, out var other) && other.SetEquals(p.Value))
        && left.Published.Count == right.Published.Count && left.Published.Keys.All(right.Published.ContainsKey)
        && left.Holds.Count == right.Holds.Count && left.Holds.All(p => right.Holds.TryGetValue(p.Key, out var other) && other.SetEquals(p.Value));

    protected override State Transfer(State state, IOperation operation)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        Effects(ref state, operation);
        if (IsReturnValue(operation))
            Returned(ref state, operation);
        return state;
    }

    /// <summary>A returned object goes to the caller; a returned delegate runs whenever the caller likes.</summary>
    private void Returned(ref State state, IOperation value)
    {
        var origins = Eval(value, state);
        Defer(ref state, origins, value.Syntax);
        if (!Recording || value.Type is null || value.Type.IsValueType)
            return;
        _returns = true;
        if (!AllFreshUnpublished(origins, state))
            _returnsFresh = false;
    }

    private void Effects(ref State state, IOperation operation)
    {
        if (operation is IFlowAnonymousFunctionOperation)
            return;
        foreach (var child in operation.ChildOperations)
            Effects(ref state, child);
        switch (operation)
        {
            case ISimpleAssignmentOperation assignment:
                Store(ref state, assignment.Target, Eval(assignment.Value, state), assignment.Syntax);
                break;
            case IFlowCaptureOperation capture:
                state = state with { Points = state.Points.SetItem(capture.Id, Eval(capture.Value, state)) };
                break;
            case IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref } byRef when FlowKeys.Of(byRef.Value) is { } key:
                state = state with { Points = state.Points.SetItem(key, Origins.UnknownOnly) };
                break;
            case IAwaitOperation:
                state = state with { AfterAwait = true };
                break;
            case IObjectCreationOperation creation:
                Age(ref state, creation.Syntax);
                if (creation.Constructor is { } constructor)
                    Call(ref state, constructor, creation.Arguments, null, creation);
                break;
            case IArrayCreationOperation array:
                Age(ref state, array.Syntax);
                if (array.Initializer is { } initializer)
                {
                    var elements = Origins.None;
                    foreach (var element in initializer.ElementValues)
                        elements = elements.Union(Eval(element, state));
                    Hold(ref state, Origins.Of(Origin.Fresh(array.Syntax)), elements, array.Syntax);
                }
                break;
            case IInvocationOperation call:
                Invocation(ref state, call);
                break;
            case IPropertyReferenceOperation { Property: { } property } reference when _facts.IsOwnMethod(property.GetMethod) && reference.Parent is not ISimpleAssignmentOperation:
                Call(ref state, property.GetMethod!, reference.Arguments, reference.Instance, reference);
                break;
        }
    }

    private void Invocation(ref State state, IInvocationOperation call)
    {
        var method = call.TargetMethod;
        if (_facts.CreatesFresh(method, _cancellationToken))
            Age(ref state, call.Syntax);
        if (Locks.Acquires(method, _facts.Symbols))
            state = state with { Locked = true };
        else if (Locks.Releases(method, _facts.Symbols))
            state = state with { Locked = false };

        if (SimulationSymbols.Find(method, _facts.Symbols.FlagAccessor) is { } accessor)
        {
            if (!SimulationSymbols.NamedBool(accessor, "Atomic", true))
            {
                var receiver = method.IsStatic ? call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value : call.Instance;
                var site = FlagFacts.Site(call, accessor, state.Locked);
                Check(state, receiver is null ? Origins.UnknownOnly : Eval(receiver, state), site, state.AfterAwait, ImmutableArray<string>.Empty);
            }
            return;
        }

        // A delegate made here runs its lambda here; any other (an event, a field) runs code nobody here can see.
        if (method.MethodKind == MethodKind.DelegateInvoke && call.Instance is { } target)
        {
            var delegates = Eval(target, state);
            foreach (var lambda in delegates.Where(o => o.Kind == OriginKind.Delegate))
                RunHere(ref state, lambda, call, call.Arguments, awaited: IsAwaited(call));
            if (delegates.All(o => o.Kind == OriginKind.Delegate))
                return;
        }
        Call(ref state, method, call.Arguments, call.Instance, call);
    }

    /// <summary>A call of a method, constructor, accessor or local function: its summary where the compilation has the body, else the unknown-callee rules.</summary>
    private void Call(ref State state, IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments, IOperation? instance, IOperation call)
    {
        if (method.MethodKind == MethodKind.LocalFunction)
        {
            RunHere(ref state, Origin.Delegate(method.OriginalDefinition, null), call, arguments, awaited: IsAwaited(call));
            return;
        }
        if (_facts.IsOwnMethod(method))
        {
            if (Recording)
                _callees.Add(method.OriginalDefinition);
            var summary = _facts.SummaryOf(method, _cancellationToken);
            Apply(ref state, method, summary, call, arguments, awaited: IsAwaited(call));
            return;
        }

        // A method the compilation cannot see. The simulation's own methods keep what they are given (flag
        // accessors, refcount and mapcount operations, queue lookups); any other may keep it where other threads
        // find it. A lambda given to a delegate parameter runs during the call, unless the method is one that
        // queues it (Task.Run, a timer, a thread) or the parameter is not a delegate (List<Action>.Add keeps it).
        var receiver = instance is null ? Origins.None : Eval(instance, state);
        var keeps = !_facts.IsSimulationMethod(method) && AllFreshUnpublished(receiver, state) ? receiver : null;
        foreach (var argument in arguments)
        {
            var origins = Eval(argument.Value, state);
            var delegates = origins.Where(o => o.Kind == OriginKind.Delegate).ToList();
            var parameterType = argument.Parameter?.OriginalDefinition.Type;
            foreach (var lambda in delegates)
            {
                if (parameterType?.TypeKind == TypeKind.Delegate && !Deferring.Queues(method, IsAwaited(call)))
                    RunHere(ref state, lambda, call, ImmutableArray<IArgumentOperation>.Empty, awaited: false);
                else
                    Defer(ref state, Origins.Of(lambda), argument.Syntax);
            }
            var objects = origins.Where(o => o.Kind != OriginKind.Delegate).ToImmutableHashSet();
            if (objects.IsEmpty || _facts.IsSimulationMethod(method))
                continue;
            if (keeps is not null)
                Hold(ref state, keeps, objects, argument.Syntax);
            else
                Publish(ref state, objects, argument.Syntax);
        }
    }

    /// <summary>Runs a local function, lambda or delegate at this point of the body (its summary, its inputs mapped to what they hold here).</summary>
    private void RunHere(ref State state, Origin body, IOperation call, ImmutableArray<IArgumentOperation> arguments, bool awaited)
    {
        var summary = _facts.SummaryOfNested(body, Graph, _cancellationToken);
        Apply(ref state, (IMethodSymbol)body.Key!, summary, call, arguments, awaited);
    }

    /// <summary>
    /// A call's effect, from the callee's summary: what it publishes, what it requires of its inputs (checked against
    /// what the arguments and captured variables hold here), and for an async callee not awaited here, what its
    /// continuation does later.
    /// </summary>
    private void Apply(ref State state, IMethodSymbol callee, FlagSummary summary, IOperation call, ImmutableArray<IArgumentOperation> arguments, bool awaited)
    {
        var exclusive = _facts.Symbols.ExclusivePhaseOf(callee);
        var isAllocationPath = exclusive is not null && SymbolEqualityComparer.Default.Equals(exclusive, _facts.Symbols.AllocationPath);
        var nested = callee.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction;
        var open = !nested && !FlagFacts.IsClosed(callee);
        var asyncLater = callee.IsAsync && !awaited;
        var before = state;

        // A lambda's or local function's own wrong updates are this body's: nobody reports them as a method's.
        if (nested)
        {
            foreach (var violation in summary.Violations)
                Violate(violation.Site, violation.Variant, violation.Via);
        }

        foreach (var requirement in summary.Requirements)
        {
            if (asyncLater && requirement.Deferred)
            {
                // The continuation after the callee's await runs whenever the task resumes, not inside this call.
                Violate(CallSite(call, callee, requirement.Site), "deferred", requirement.Via);
                continue;
            }
            if (exclusive is not null)
            {
                // [AllocationPath] vouches for the objects its callers give it: checked here. [FreePath] and
                // [FrozenRefcount] rest on a refcount this analysis does not follow: trusted.
                if (requirement.Kind == RequirementKind.Owned && isAllocationPath)
                    Check(before, Inputs(before, requirement.Input, callee, arguments), CallSite(call, callee, requirement.Site), requirement.Deferred || before.AfterAwait, ImmutableArray<string>.Empty);
                continue;
            }
            if (open)
                continue; // reported where it is, the callee being reachable from anywhere
            var via = nested ? requirement.Via : requirement.Via.Insert(0, FlagFacts.NameOf(callee));
            if (requirement.Kind == RequirementKind.Exclusive)
                Require(new Requirement(RequirementKind.Exclusive, null, requirement.Site, requirement.Deferred || before.AfterAwait, via));
            else
                Check(before, Inputs(before, requirement.Input, callee, arguments), requirement.Site, requirement.Deferred || before.AfterAwait, via);
        }

        foreach (var input in summary.Publishes)
        {
            var origins = Inputs(before, input, callee, arguments);
            var lambdas = origins.Where(o => o.Kind == OriginKind.Delegate).ToImmutableHashSet();
            if (!lambdas.IsEmpty)
                Defer(ref state, lambdas, call.Syntax);
            Publish(ref state, origins.Except(lambdas), call.Syntax);
        }

        // Lambdas given to a method of this compilation that does not keep them run during the call.
        if (!nested)
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter is { } parameter && summary.Publishes.Any(p => p is IParameterSymbol kept && kept.Ordinal == parameter.Ordinal))
                    continue;
                foreach (var lambda in Eval(argument.Value, before).Where(o => o.Kind == OriginKind.Delegate))
                    RunHere(ref state, lambda, call, ImmutableArray<IArgumentOperation>.Empty, awaited: false);
            }
        }
    }

    /// <summary>An update inside a method called here, reported at this call (the callee is right by itself; this caller is not).</summary>
    private static FlagSite CallSite(IOperation call, IMethodSymbol callee, FlagSite inner) =>
        new(call.Syntax.GetLocation(), FlagFacts.NameOf(callee), inner.Flag, inner.Word, null, inner.Locked);

    /// <summary>What a callee's input holds at the call: the argument for a parameter, this body's variable for a captured one.</summary>
    private ImmutableHashSet<Origin> Inputs(State state, ISymbol? input, IMethodSymbol callee, ImmutableArray<IArgumentOperation> arguments)
    {
        if (input is IParameterSymbol parameter && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol.OriginalDefinition, callee.OriginalDefinition))
        {
            var argument = arguments.FirstOrDefault(a => a.Parameter?.Ordinal == parameter.Ordinal);
            return argument is null ? Origins.UnknownOnly : Eval(argument.Value, state);
        }
        return input is null ? Origins.UnknownOnly : Read(state, input);
    }

    /// <summary>Whether a non-atomic update on objects of these origins is safe here, needs the callers, or is wrong.</summary>
    private void Check(State state, ImmutableHashSet<Origin> origins, FlagSite site, bool deferred, ImmutableArray<string> via)
    {
        foreach (var origin in origins)
        {
            if (origin.Kind == OriginKind.Delegate)
                continue;
            if (state.Published.ContainsKey(origin))
            {
                Violate(site, "published", via);
                continue;
            }
            switch (origin.Kind)
            {
                case OriginKind.Fresh:
                    break;
                case OriginKind.Input:
                    Require(new Requirement(RequirementKind.Owned, (ISymbol)origin.Key!, site, deferred, via));
                    break;
                default:
                    Require(new Requirement(RequirementKind.Exclusive, null, site, deferred, via));
                    break;
            }
        }
    }

    private void Require(Requirement requirement)
    {
        if (Recording)
            _requirements.Add(requirement);
    }

    private void Violate(FlagSite site, string variant, ImmutableArray<string> via)
    {
        if (Recording)
            _violations.Add(new Violation(site, variant, via));
    }

    /// <summary>
    /// A delegate or lambda that leaves this body (returned, stored, queued) runs later, outside whatever phase this
    /// body is in: every update it needs to be safe is wrong, and what it captured is as good as published.
    /// </summary>
    private void Defer(ref State state, ImmutableHashSet<Origin> origins, SyntaxNode where)
    {
        foreach (var lambda in origins.Where(o => o.Kind == OriginKind.Delegate))
        {
            var summary = _facts.SummaryOfNested(lambda, Graph, _cancellationToken);
            foreach (var requirement in summary.Requirements)
                Violate(requirement.Site, "deferred", requirement.Via);
            foreach (var violation in summary.Violations)
                Violate(violation.Site, violation.Variant, violation.Via);
            foreach (var captured in summary.Captured)
                Publish(ref state, Read(state, captured), where);
        }
    }

    /// <summary>Stores a value: into a local (it holds that now), a fresh container (which holds it), anything else (published).</summary>
    private void Store(ref State state, IOperation target, ImmutableHashSet<Origin> value, SyntaxNode where)
    {
        if (FlowKeys.Of(target) is { } key)
        {
            state = state with { Points = state.Points.SetItem(key, value) };
            return;
        }
        var container = target switch
        {
            IArrayElementReferenceOperation element => element.ArrayReference,
            IPropertyReferenceOperation property => property.Instance,
            IFieldReferenceOperation field => field.Instance,
            _ => null,
        };
        // A delegate stored anywhere but a local outlives this body: it runs whenever its holder calls it.
        Defer(ref state, value.Where(o => o.Kind == OriginKind.Delegate).ToImmutableHashSet(), where);
        var objects = value.Where(o => o.Kind != OriginKind.Delegate).ToImmutableHashSet();
        var holder = container is null ? Origins.None : Eval(container, state);
        if (AllFreshUnpublished(holder, state))
            Hold(ref state, holder, objects, where);
        else
            Publish(ref state, objects, where);
        if (target is IPropertyReferenceOperation { Property.SetMethod: { } setter } setterCall && _facts.IsOwnMethod(setter) && Recording)
            _callees.Add(setter.OriginalDefinition);
    }

    private void Hold(ref State state, ImmutableHashSet<Origin> holders, IEnumerable<Origin> value, SyntaxNode where)
    {
        var held = value.ToImmutableHashSet();
        foreach (var holder in holders)
            state = state with { Holds = state.Holds.SetItem(holder, state.Holds.TryGetValue(holder, out var known) ? known.Union(held) : held) };
        if (holders.Any(state.Published.ContainsKey))
            Publish(ref state, held, where);
    }

    /// <summary>Publishes objects, and everything a published container holds.</summary>
    private void Publish(ref State state, IEnumerable<Origin> origins, SyntaxNode where)
    {
        var pending = new Stack<Origin>(origins);
        while (pending.Count > 0)
        {
            var origin = pending.Pop();
            if (origin.Kind is OriginKind.Unknown or OriginKind.Delegate || state.Published.ContainsKey(origin))
                continue;
            state = state with { Published = state.Published.Add(origin, where) };
            if (origin.Kind == OriginKind.Input && Recording)
                _publishes.Add((ISymbol)origin.Key!);
            if (state.Holds.TryGetValue(origin, out var held))
            {
                foreach (var inner in held)
                    pending.Push(inner);
            }
        }
    }

    /// <summary>
    /// A creation site runs again: what it made before becomes one of its older objects (so a local still holding it
    /// keeps its published state), and what it makes now is fresh.
    /// </summary>
    private static void Age(ref State state, SyntaxNode site)
    {
        var recent = Origin.Fresh(site);
        var older = recent.Older();
        bool Mentions(ImmutableHashSet<Origin> set) => set.Contains(recent);
        ImmutableHashSet<Origin> Replace(ImmutableHashSet<Origin> set) => set.Contains(recent) ? set.Remove(recent).Add(older) : set;

        var points = state.Points;
        foreach (var pair in state.Points.Where(p => Mentions(p.Value)).ToList())
            points = points.SetItem(pair.Key, Replace(pair.Value));
        var published = state.Published;
        if (published.TryGetValue(recent, out var where))
            published = published.Remove(recent).SetItem(older, where);
        var holds = state.Holds;
        foreach (var pair in state.Holds.ToList())
        {
            var key = pair.Key.Equals(recent) ? older : pair.Key;
            holds = holds.Remove(pair.Key).SetItem(key, holds.TryGetValue(key, out var merged) && !pair.Key.Equals(key) ? merged.Union(Replace(pair.Value)) : Replace(pair.Value));
        }
        state = state with { Points = points, Published = published, Holds = holds };
    }

    private ImmutableHashSet<Origin> Read(State state, object key)
    {
        var captured = key switch
        {
            IParameterSymbol parameter => _self is null || !SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, _self),
            ILocalSymbol local => _self is not null && !IsDeclaredIn(local, _self),
            _ => false,
        };
        if (captured && Recording)
            _captured.Add((ISymbol)key);
        if (state.Points.TryGetValue(key, out var known))
            return known;
        // A parameter, or a variable this body captured from the one it is written in: its input.
        return key is IParameterSymbol || captured ? Origins.Of(Origin.Input((ISymbol)key)) : Origins.None;
    }

    /// <summary>Objects all made here and not yet published: a container that keeps what it is given private.</summary>
    private static bool AllFreshUnpublished(ImmutableHashSet<Origin> origins, State state)
    {
        if (origins.IsEmpty)
            return false;
        foreach (var origin in origins)
        {
            if (origin.Kind != OriginKind.Fresh || state.Published.ContainsKey(origin))
                return false;
        }
        return true;
    }

    private static bool IsDeclaredIn(ILocalSymbol local, IMethodSymbol body) => SymbolEqualityComparer.Default.Equals(local.ContainingSymbol, body);

    /// <summary>The objects a value may be.</summary>
    private ImmutableHashSet<Origin> Eval(IOperation value, State state)
    {
        value = FlowKeys.Unwrap(value);
        if (FlowKeys.Of(value) is { } key)
            return Read(state, key);
        switch (value)
        {
            case IInstanceReferenceOperation when _self?.MethodKind == MethodKind.Constructor:
                return Origins.Of(Origin.Fresh(_self.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken) ?? value.Syntax));
            case IObjectCreationOperation or IArrayCreationOperation:
                return Origins.Of(Origin.Fresh(value.Syntax));
            case IInvocationOperation call when _facts.CreatesFresh(call.TargetMethod, _cancellationToken):
                return Origins.Of(Origin.Fresh(call.Syntax));
            case IInvocationOperation call when call.Instance is { } receiver && _facts.Symbols.IsPageOrFolio(call.Type) && _facts.Symbols.IsPageOrFolio(receiver.Type):
                return Eval(receiver, state); // folio.Page(n), page.Folio(): the same folio's struct pages
            case IPropertyReferenceOperation property when property.Instance is { } owner && _facts.Symbols.IsPageOrFolio(property.Type) && _facts.Symbols.IsPageOrFolio(owner.Type):
                return Eval(owner, state); // folio.Head
            case IArrayElementReferenceOperation element:
                return Contents(Eval(element.ArrayReference, state), state);
            case IPropertyReferenceOperation { Arguments.Length: > 0, Instance: { } list }:
                return Contents(Eval(list, state), state);
            case IDelegateCreationOperation { Target: IFlowAnonymousFunctionOperation lambda }:
                return Origins.Of(Origin.Delegate(lambda.Symbol, lambda));
            case IDelegateCreationOperation { Target: IMethodReferenceOperation { Method.MethodKind: MethodKind.LocalFunction } local }:
                return Origins.Of(Origin.Delegate(local.Method.OriginalDefinition, null));
            case IDelegateCreationOperation { Target: IMethodReferenceOperation reference }:
                if (Recording && _facts.IsOwnMethod(reference.Method))
                    _escaped.Add(reference.Method.OriginalDefinition);
                return Origins.UnknownOnly;
            case IConditionalOperation conditional:
                return Eval(conditional.WhenTrue, state).Union(conditional.WhenFalse is null ? Origins.None : Eval(conditional.WhenFalse, state));
            case IAwaitOperation:
                return value.Type is { IsReferenceType: true } ? Origins.UnknownOnly : Origins.None;
            default:
                return value.Type is { IsReferenceType: true } or { TypeKind: TypeKind.TypeParameter } ? Origins.UnknownOnly : Origins.None;
        }
    }

    /// <summary>What an element read from these containers may be: what a fresh container was given, anything for another.</summary>
    private static ImmutableHashSet<Origin> Contents(ImmutableHashSet<Origin> containers, State state)
    {
        var result = Origins.None;
        foreach (var container in containers)
            result = container.Kind == OriginKind.Fresh && !state.Published.ContainsKey(container) ? result.Union(state.Holds.TryGetValue(container, out var held) ? held : Origins.None) : result.Add(Origin.Unknown);
        return result;
    }

    /// <summary>An async call awaited where it is made (<c>await M()</c>, <c>await M().ConfigureAwait(false)</c>): its continuation finishes before this body goes on.</summary>
    private static bool IsAwaited(IOperation call) =>
        call.Parent is IAwaitOperation
        || call.Parent is IArgumentOperation or IConversionOperation && call.Parent.Parent is IAwaitOperation
        || call.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured && configured.Parent is IAwaitOperation;
}
