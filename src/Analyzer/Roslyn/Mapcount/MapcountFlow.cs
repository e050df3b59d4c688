using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Folint.Analyzer.Roslyn.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Folint.Analyzer.Roslyn.Mapcount;

/// <summary>
/// Which locals hold a value derived from a mapcount read, in statement order and along every path (FOL003, seed
/// 004), and which reads a page-type test has said are page types on every path to here. A value is derived from
/// a read when it comes from a [RawMapcountRead] or [MapcountRead] method, a method of this compilation that
/// returns such a value, or arithmetic on one; assigning anything else forgets it.
/// </summary>
internal sealed class MapcountFlow : FlowAnalysis<MapcountFlow.State>
{
    private readonly MapcountFacts _facts;
    private readonly State _entry;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<SyntaxNode, Seen> _reads = new();

    public MapcountFlow(MapcountFacts facts, State? entry, CancellationToken cancellationToken)
    {
        _facts = facts;
        _entry = entry ?? State.Empty;
        _cancellationToken = cancellationToken;
    }

    /// <summary>A mapcount read: the call and the method it calls (a [RawMapcountRead], a [MapcountRead] or a helper returning one).</summary>
    public sealed record Read(SyntaxNode Syntax, IMethodSymbol Method);

    /// <summary>What a local held where it was read: the mapcount read its value derives from, and whether a type test vouched for that read.</summary>
    public sealed record Seen(Read Read, bool Typed);

    /// <param name="Derived">Key to the mapcount read its value derives from.</param>
    /// <param name="Typed">Reads (by syntax) a page-type test has said are page types, on every path.</param>
    internal sealed record State(ImmutableDictionary<object, Read> Derived, ImmutableHashSet<SyntaxNode> Typed)
    {
        public static State Empty { get; } = new(FlowKeys.EmptyMap<Read>(), ImmutableHashSet<SyntaxNode>.Empty);
    }

    protected override State Entry => _entry;

    /// <summary>What a local held at the read with this syntax (recorded on the final pass), or null when it was no mapcount.</summary>
    public Seen? At(SyntaxNode read) => _reads.TryGetValue(read, out var seen) ? seen : null;

    protected override State Join(State left, State right)
    {
        var derived = left.Derived;
        foreach (var pair in right.Derived)
        {
            if (!derived.ContainsKey(pair.Key))
                derived = derived.Add(pair.Key, pair.Value);
        }
        return new State(derived, left.Typed.Intersect(right.Typed));
    }

    protected override bool Same(State left, State right) =>
        left.Derived.Count == right.Derived.Count && left.Derived.Keys.All(right.Derived.ContainsKey) && left.Typed.SetEquals(right.Typed);

    protected override State Transfer(State state, IOperation operation)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        return Effects(state, operation);
    }

    private State Effects(State state, IOperation operation)
    {
        if (operation is IFlowAnonymousFunctionOperation)
            return state;
        foreach (var child in operation.ChildOperations)
            state = Effects(state, child);
        switch (operation)
        {
            case ISimpleAssignmentOperation assignment when FlowKeys.Of(assignment.Target) is { } target:
                return Assign(state, target, ReadOf(assignment.Value, state));
            case IFlowCaptureOperation capture:
                return Assign(state, capture.Id, ReadOf(capture.Value, state));
            case ICompoundAssignmentOperation compound when FlowKeys.Of(compound.Target) is { } target && ReadOf(compound.Value, state) is { } read:
                return state.Derived.ContainsKey(target) ? state : Assign(state, target, read);
            case ILocalReferenceOperation or IParameterReferenceOperation when Recording && FlowKeys.Of(operation) is { } key && state.Derived.TryGetValue(key, out var from):
                _reads[operation.Syntax] = new Seen(from, state.Typed.Contains(from.Syntax));
                return state;
            default:
                return state;
        }
    }

    private static State Assign(State state, object key, Read? read) =>
        read is null ? state with { Derived = state.Derived.Remove(key) } : state with { Derived = state.Derived.SetItem(key, read) };

    /// <summary>The mapcount read a value derives from, or null.</summary>
    public Read? ReadOf(IOperation value, State state)
    {
        value = FlowKeys.Unwrap(value);
        if (FlowKeys.Of(value) is { } key)
            return state.Derived.TryGetValue(key, out var read) ? read : null;
        switch (value)
        {
            case IInvocationOperation call when _facts.IsMapcountRead(call.TargetMethod, _cancellationToken):
                return new Read(call.Syntax, call.TargetMethod);
            case IInvocationOperation call when call.TargetMethod.ContainingType?.ToDisplayString() == "System.Math":
                return call.Arguments.Select(a => ReadOf(a.Value, state)).FirstOrDefault(r => r is not null);
            case IBinaryOperation binary:
                return ReadOf(binary.LeftOperand, state) ?? ReadOf(binary.RightOperand, state);
            case IUnaryOperation unary:
                return ReadOf(unary.Operand, state);
            default:
                return null;
        }
    }

    protected override State Branch(State state, IOperation condition, bool value)
    {
        condition = FlowKeys.Unwrap(condition);
        if (condition is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
            return Branch(state, not.Operand, !value);
        if (value && condition is IInvocationOperation test && SimulationSymbols.Has(test.TargetMethod, _facts.Symbols.PageTypeTest))
        {
            foreach (var argument in test.Arguments)
            {
                if (ReadOf(argument.Value, state) is { } read)
                    state = state with { Typed = state.Typed.Add(read.Syntax) };
            }
        }
        return state;
    }
}

/// <summary>Which methods return a mapcount: by the simulation's attributes, or by a summary of this compilation's own methods.</summary>
internal sealed class MapcountFacts
{
    private readonly CompilationFlow _flow;
    private readonly Summaries<Returns> _summaries = new(Returns.No, Returns.No, (a, b) => a.Mapcount == b.Mapcount);

    public MapcountFacts(CompilationFlow flow) => _flow = flow;

    public SimulationSymbols Symbols => _flow.Symbols;

    /// <summary>[RawMapcountRead], [MapcountRead], or a method here that returns a value derived from one.</summary>
    public bool IsMapcountRead(IMethodSymbol method, CancellationToken cancellationToken) =>
        SimulationSymbols.Has(method, Symbols.RawMapcountRead) || SimulationSymbols.Has(method, Symbols.MapcountRead) || ReturnsMapcount(method, cancellationToken);

    private bool ReturnsMapcount(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (method.ReturnsVoid || _flow.GraphOf(method, cancellationToken) is not { } graph)
            return false;
        return _summaries.Get(method, () =>
        {
            var flow = new MapcountFlow(this, null, cancellationToken);
            flow.Run(graph);
            foreach (var returned in FlowBodies.ReturnedValues(graph))
            {
                if (flow.Before(returned) is { } before && flow.ReadOf(returned, before) is not null)
                    return Returns.Yes;
            }
            return Returns.No;
        }).Mapcount;
    }

    private sealed record Returns(bool Mapcount)
    {
        public static Returns Yes { get; } = new(true);

        public static Returns No { get; } = new(false);
    }
}
