using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Folint.Analyzer.Roslyn.Flow;

/// <summary>
/// A forward dataflow analysis over Roslyn's <see cref="ControlFlowGraph"/>: the traversal (blocks in order,
/// conditional edges, joins at merge points, loops to a fixpoint, try/catch/finally regions) is written once
/// here, and each rule supplies its state and transfer functions (infer's abstract interpreter, in the house
/// style). The compiler's graph already has patterns, switch expressions, <c>&amp;&amp;</c>/<c>||</c>, <c>?:</c>,
/// <c>using</c>, <c>lock</c> and <c>foreach</c> lowered into branches and flow captures, so a rule sees one
/// shape for each.
/// </summary>
/// <remarks>
/// States are immutable; null stands for "not reached". After the fixpoint one more pass runs every reachable
/// block with its final entry state and <see cref="Recording"/> set, so a rule can record what it saw at each
/// operation (a local's value where it is read, a finding) exactly once.
/// </remarks>
internal abstract class FlowAnalysis<TState>
    where TState : class
{
    private TState?[] _in = System.Array.Empty<TState?>();
    private readonly Dictionary<IOperation, TState> _before = new();
    private ControlFlowGraph? _graph;
    private HashSet<ControlFlowRegion>? _regions;

    private bool _recording;
    private int _quiet;

    /// <summary>True during the final pass over the fixpoint's states (not while a finally region or an edge is replayed).</summary>
    protected bool Recording => _recording && _quiet == 0;

    protected ControlFlowGraph Graph => _graph!;

    protected abstract TState Entry { get; }

    protected abstract TState Join(TState left, TState right);

    protected abstract bool Same(TState left, TState right);

    /// <summary>The state after one root operation of a block (a statement, an assignment, a flow capture, a branch value).</summary>
    protected abstract TState Transfer(TState state, IOperation operation);

    /// <summary>The state along the edge where <paramref name="condition"/> (already evaluated) was <paramref name="value"/>.</summary>
    protected virtual TState Branch(TState state, IOperation condition, bool value) => state;

    /// <summary>Runs to a fixpoint, then once more recording.</summary>
    public void Run(ControlFlowGraph graph)
    {
        _graph = graph;
        _regions = new HashSet<ControlFlowRegion>();
        var regions = new Stack<ControlFlowRegion>();
        regions.Push(graph.Root);
        while (regions.Count > 0)
        {
            var region = regions.Pop();
            _regions.Add(region);
            foreach (var nested in region.NestedRegions)
                regions.Push(nested);
        }
        var blocks = graph.Blocks;
        _in = new TState?[blocks.Length];
        _in[0] = Entry;
        var work = new SortedSet<int> { 0 };
        // Each block's state only grows; the bound is a guard against a transfer function that is not monotone.
        var budget = 64 * blocks.Length + 64;
        while (work.Count > 0 && budget-- > 0)
        {
            var ordinal = work.Min;
            work.Remove(ordinal);
            Visit(blocks[ordinal], work);
        }

        _recording = true;
        foreach (var block in blocks)
        {
            if (_in[block.Ordinal] is not null)
                Visit(block, work: null);
        }
        _recording = false;
    }

    /// <summary>The state on entry to <paramref name="block"/> once the fixpoint is reached (null: not reached).</summary>
    protected TState? StateAt(BasicBlock block) => _in[block.Ordinal];

    private HashSet<IOperation>? _returnValues;

    /// <summary>Whether a root operation is a value the body returns (<see cref="FlowBodies.ReturnedValues"/>).</summary>
    protected bool IsReturnValue(IOperation root) => (_returnValues ??= new HashSet<IOperation>(FlowBodies.ReturnedValues(Graph))).Contains(root);

    /// <summary>Whether any path reaches <paramref name="block"/>.</summary>
    public bool Reached(BasicBlock block) => _in[block.Ordinal] is not null;

    /// <summary>The state just before a root operation of a block (or its branch value) ran; null where not reached.</summary>
    public TState? Before(IOperation root) => _before.TryGetValue(root, out var state) ? state : null;

    /// <summary>
    /// The state on entry to a loop's first block from outside the loop: the join over the edges from blocks laid
    /// out before it (the compiler lays a loop's back edges out after their target), leaving out what the loop's own
    /// iterations change.
    /// </summary>
    protected TState? StateEnteringFromBefore(BasicBlock block)
    {
        TState? joined = null;
        foreach (var edge in block.Predecessors)
        {
            if (edge.Source.Ordinal >= block.Ordinal || _in[edge.Source.Ordinal] is null)
                continue;
            var state = EdgeState(edge);
            if (state is not null)
                joined = joined is null ? state : Join(joined, state);
        }
        return joined;
    }

    private TState? EdgeState(ControlFlowBranch edge)
    {
        _quiet++;
        try
        {
            var source = edge.Source;
            var state = End(source, _in[source.Ordinal]!);
            if (source.BranchValue is { } condition && source.ConditionKind != ControlFlowConditionKind.None)
                state = Branch(state, condition, edge.IsConditionalSuccessor == (source.ConditionKind == ControlFlowConditionKind.WhenTrue));
            return ThroughFinally(state, edge);
        }
        finally
        {
            _quiet--;
        }
    }

    private TState End(BasicBlock block, TState state)
    {
        foreach (var operation in block.Operations)
        {
            if (Recording)
                _before[operation] = state;
            state = Transfer(state, operation);
        }
        if (block.BranchValue is { } value)
        {
            if (Recording)
                _before[value] = state;
            state = Transfer(state, value);
        }
        return state;
    }

    private void Visit(BasicBlock block, SortedSet<int>? work)
    {
        var start = _in[block.Ordinal];
        if (start is null)
            return;
        var state = End(block, start);

        if (block.BranchValue is { } condition && block.ConditionKind != ControlFlowConditionKind.None && block.ConditionalSuccessor is { } conditional)
        {
            var whenTrue = block.ConditionKind == ControlFlowConditionKind.WhenTrue;
            Flow(conditional, Branch(state, condition, whenTrue), work);
            Flow(block.FallThroughSuccessor, Branch(state, condition, !whenTrue), work);
        }
        else
        {
            Flow(block.FallThroughSuccessor, state, work);
        }

        // An exception can leave a try region anywhere: its catch and finally handlers start from any state in it.
        // (A local function's or lambda's graph can sit in regions of the graph it is written in: only this graph's count.)
        for (var region = block.EnclosingRegion; region is not null && _regions!.Contains(region); region = region.EnclosingRegion)
        {
            if (region.Kind != ControlFlowRegionKind.Try || region.EnclosingRegion is not { } parent)
                continue;
            foreach (var handler in parent.NestedRegions)
            {
                if (!ReferenceEquals(handler, region))
                    Merge(Graph.Blocks[handler.FirstBlockOrdinal], Join(start, state), work);
            }
        }
    }

    private void Flow(ControlFlowBranch? branch, TState state, SortedSet<int>? work)
    {
        if (branch?.Destination is not { } destination)
            return;
        Merge(destination, ThroughFinally(state, branch), work);
    }

    /// <summary>A branch out of a try region runs its finally blocks first (a lock's Monitor.Exit, say): applied in order.</summary>
    private TState ThroughFinally(TState state, ControlFlowBranch branch)
    {
        if (branch.FinallyRegions.IsEmpty)
            return state;
        _quiet++;
        try
        {
            foreach (var region in branch.FinallyRegions)
            {
                for (var ordinal = region.FirstBlockOrdinal; ordinal <= region.LastBlockOrdinal; ordinal++)
                    state = End(Graph.Blocks[ordinal], state);
            }
            return state;
        }
        finally
        {
            _quiet--;
        }
    }

    private void Merge(BasicBlock destination, TState state, SortedSet<int>? work)
    {
        if (work is null)
            return;
        var old = _in[destination.Ordinal];
        if (old is null)
        {
            _in[destination.Ordinal] = state;
            work.Add(destination.Ordinal);
            return;
        }
        var joined = Join(old, state);
        if (Same(joined, old))
            return;
        _in[destination.Ordinal] = joined;
        work.Add(destination.Ordinal);
    }
}

/// <summary>
/// What a flow state is keyed by: a local, a parameter (symbols, compared as symbols) or a flow capture the
/// compiler introduced for a <c>?:</c>, a switch expression's value or a <c>??</c>.
/// </summary>
internal static class FlowKeys
{
    public static IEqualityComparer<object> Comparer { get; } = new KeyComparer();

    /// <summary>The key a reference reads or writes, or null when it is not a local, a parameter or a capture.</summary>
    public static object? Of(IOperation? operation) => operation switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFlowCaptureReferenceOperation capture => capture.Id,
        IFlowCaptureOperation capture => capture.Id,
        _ => null,
    };

    /// <summary>The operation without the conversions, parentheses and query-syntax wrapper around it.</summary>
    public static IOperation Unwrap(IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    continue;
                case ITranslatedQueryOperation query:
                    // from i in range select folio.Page(i): the Select call the query translates to.
                    operation = query.Operation;
                    continue;
                default:
                    return operation;
            }
        }
    }

    public static ImmutableDictionary<object, TValue> EmptyMap<TValue>() => ImmutableDictionary.Create<object, TValue>(Comparer);

    private sealed class KeyComparer : IEqualityComparer<object>
    {
        public new bool Equals(object? x, object? y) =>
            x is ISymbol a && y is ISymbol b ? SymbolEqualityComparer.Default.Equals(a, b) : object.Equals(x, y);

        public int GetHashCode(object obj) => obj is ISymbol symbol ? SymbolEqualityComparer.Default.GetHashCode(symbol) : obj.GetHashCode();
    }
}
