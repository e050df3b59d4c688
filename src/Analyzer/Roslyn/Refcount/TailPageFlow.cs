using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Folint.Analyzer.Roslyn.Batch;
using Folint.Analyzer.Roslyn.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Folint.Analyzer.Roslyn.Refcount;

/// <summary>What is known of a value: it may be a tail page; its elements (an array, list, sequence, enumerator of pages) may be.</summary>
[Flags]
internal enum Tail
{
    None = 0,
    MayBe = 1,
    Elements = 2,
}

/// <summary>
/// Which values may be tail pages, in statement order and along every path (FOL002, seed 001: "refcount must be 0
/// on all tail pages"). A page may be a tail when it comes from a [MayBeTailPage] member (folio_page() with an index
/// not known to be 0, pfn_to_page()), from a method of this compilation that returns one, from an array, list or
/// sequence filled with such pages (LINQ Select/Where/ToList, foreach, List.ForEach's lambda), or from either arm
/// of a conditional. Assigning the local a head page (page.Folio().Head) forgets it.
/// </summary>
internal sealed class TailPageFlow : FlowAnalysis<TailPageFlow.State>
{
    private readonly TailPageFacts _facts;
    private readonly State _entry;
    private readonly Action<IOperation, IOperation, string>? _report;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<ISymbol, State> _lambdaEntries = new(SymbolEqualityComparer.Default);
    private Tail _returned;

    /// <param name="report">Called on the final pass for a write to a page that may be a tail: the write, the page, the writer's name. Null: only compute.</param>
    public TailPageFlow(TailPageFacts facts, State? entry, Action<IOperation, IOperation, string>? report, CancellationToken cancellationToken)
    {
        _facts = facts;
        _entry = entry ?? State.Empty;
        _report = report;
        _cancellationToken = cancellationToken;
    }

    /// <param name="Facts">Per local, parameter or capture, what may be a tail.</param>
    /// <param name="Zero">Integer locals known to hold 0 on every path (folio.Page(i) with such an i is the head).</param>
    internal sealed record State(ImmutableDictionary<object, Tail> Facts, ImmutableHashSet<object> Zero)
    {
        public static State Empty { get; } = new(FlowKeys.EmptyMap<Tail>(), ImmutableHashSet.Create(FlowKeys.Comparer));

        public Tail Of(object key) => Facts.TryGetValue(key, out var tail) ? tail : Tail.None;

        public State With(object key, Tail tail) => this with { Facts = tail == Tail.None ? Facts.Remove(key) : Facts.SetItem(key, tail) };
    }

    protected override State Entry => _entry;

    /// <summary>What the body returns, joined over every return (an iterator's yielded tails make it Elements): known after <see cref="FlowAnalysis{TState}.Run"/>.</summary>
    public Tail Returned => _returned;

    /// <summary>The state each lambda created here starts in where it runs (its parameters bound to what it is applied to).</summary>
    public State? LambdaEntry(ISymbol lambda) => _lambdaEntries.TryGetValue(lambda, out var state) ? state : null;

    protected override State Join(State left, State right)
    {
        var facts = left.Facts;
        foreach (var pair in right.Facts)
            facts = facts.SetItem(pair.Key, left.Of(pair.Key) | pair.Value);
        return new State(facts, left.Zero.Intersect(right.Zero));
    }

    protected override bool Same(State left, State right) =>
        left.Facts.Count == right.Facts.Count && left.Facts.All(p => right.Of(p.Key) == p.Value) && left.Zero.SetEquals(right.Zero);

    protected override State Transfer(State state, IOperation operation)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        // An iterator's yield returns are the elements of the sequence it returns.
        if (operation is IReturnOperation { Kind: OperationKind.YieldReturn, ReturnedValue: { } yielded } && Recording && (Eval(yielded, state) & Tail.MayBe) != 0)
            _returned |= Tail.Elements;
        Effects(ref state, operation);
        if (Recording && IsReturnValue(operation))
            _returned |= Eval(operation, state);
        return state;
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
                Assign(ref state, assignment.Target, assignment.Value);
                break;
            case IFlowCaptureOperation capture:
                state = state.With(capture.Id, Eval(capture.Value, state));
                state = state with { Zero = IsZero(capture.Value, state) ? state.Zero.Add(capture.Id) : state.Zero.Remove(capture.Id) };
                break;
            case ICompoundAssignmentOperation or IIncrementOrDecrementOperation when FlowKeys.Of(Target(operation)) is { } key:
                state = state with { Zero = state.Zero.Remove(key) };
                break;
            case IInvocationOperation call:
                Call(ref state, call);
                break;
        }
    }

    private static IOperation? Target(IOperation operation) => operation switch
    {
        ICompoundAssignmentOperation compound => compound.Target,
        IIncrementOrDecrementOperation step => step.Target,
        _ => null,
    };

    private void Assign(ref State state, IOperation target, IOperation value)
    {
        var tail = Eval(value, state);
        if (FlowKeys.Of(target) is { } key)
        {
            state = state.With(key, tail);
            state = state with { Zero = IsZero(value, state) ? state.Zero.Add(key) : state.Zero.Remove(key) };
            return;
        }
        // pages[i] = page, list[i] = page: the container now may hold a tail (a weak update, the others stay).
        var container = target switch
        {
            IArrayElementReferenceOperation element => element.ArrayReference,
            IPropertyReferenceOperation { Arguments.Length: > 0 } indexer => indexer.Instance,
            _ => null,
        };
        if (container is not null && FlowKeys.Of(FlowKeys.Unwrap(container)) is { } holder && (tail & Tail.MayBe) != 0)
            state = state.With(holder, state.Of(holder) | Tail.Elements);
    }

    /// <summary>A call: list.Add(page) fills a container; a write to a refcount is checked; lambdas learn what they are applied to.</summary>
    private void Call(ref State state, IInvocationOperation call)
    {
        var method = call.TargetMethod;
        var source = Source(call);
        var before = state;
        if (source is not null && FlowKeys.Of(FlowKeys.Unwrap(source)) is { } holder && !_facts.IsPageContainer(method.ReturnType)
            && call.Arguments.Any(a => !ReferenceEquals(a.Value, source) && IsPage(a.Value.Type) && (Eval(a.Value, before) & Tail.MayBe) != 0))
            state = state.With(holder, state.Of(holder) | Tail.Elements);

        foreach (var argument in call.Arguments)
        {
            if (FlowKeys.Unwrap(argument.Value) is IDelegateCreationOperation { Target: IFlowAnonymousFunctionOperation lambda })
                BindLambda(lambda, source is null ? Tail.None : Elements(source, state), state);
        }

        if (!Recording || _report is null)
            return;
        if (SimulationSymbols.Find(method, _facts.Symbols.RefcountWrite) is { } write)
        {
            var page = method.IsStatic ? call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value : call.Instance;
            if (page is not null && (Eval(page, state) & Tail.MayBe) != 0 && !(SimulationSymbols.NamedBool(write, "SetsCount", false) && KeepsZero(call, method)))
                _report(call, page, method.Name + "()");
            return;
        }
        foreach (var ordinal in _facts.RefcountWritesOf(method, _cancellationToken))
        {
            var argument = call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == ordinal)?.Value;
            if (argument is not null && (Eval(argument, state) & Tail.MayBe) != 0)
                _report(call, argument, method.Name + "()");
        }
    }

    /// <summary>A lambda applied to a sequence of pages (ForEach, Select, Where) gets an element as its first parameter.</summary>
    private void BindLambda(IFlowAnonymousFunctionOperation lambda, Tail elements, State state)
    {
        var entry = CapturedPart(state);
        if ((elements & Tail.Elements) != 0 && lambda.Symbol.Parameters.FirstOrDefault() is { } parameter && IsPage(parameter.Type))
            entry = entry.With(parameter, Tail.MayBe);
        _lambdaEntries[lambda.Symbol] = _lambdaEntries.TryGetValue(lambda.Symbol, out var known) ? Join(known, entry) : entry;
    }

    /// <summary>What a lambda sees of its creator's state: locals and parameters (capture ids belong to one graph only).</summary>
    public static State CapturedPart(State state) =>
        new(state.Facts.Where(p => p.Key is ISymbol).ToImmutableDictionary(p => p.Key, p => p.Value, FlowKeys.Comparer), state.Zero.Where(k => k is ISymbol).ToImmutableHashSet(FlowKeys.Comparer));

    /// <summary>set_page_count(page, 0): the one write that keeps a tail's refcount where it must be.</summary>
    private static bool KeepsZero(IInvocationOperation call, IMethodSymbol method)
    {
        var count = call.Arguments.FirstOrDefault(a => a.Parameter?.Type.SpecialType == SpecialType.System_Int32 && (!method.IsStatic || a.Parameter.Ordinal > 0));
        return count?.Value.ConstantValue is { HasValue: true, Value: 0 };
    }

    /// <summary>The sequence a call works on: an extension method's first argument (LINQ), else the instance (List.ForEach).</summary>
    private static IOperation? Source(IInvocationOperation call) =>
        call.TargetMethod.IsExtensionMethod ? call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value : call.Instance;

    private bool IsPage(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type, _facts.Symbols.Page);

    private Tail Elements(IOperation source, State state) => Eval(source, state) & Tail.Elements;

    private static bool IsZero(IOperation value, State state) =>
        Constants.Of(value) == 0 || FlowKeys.Of(FlowKeys.Unwrap(value)) is { } key && state.Zero.Contains(key);

    /// <summary>What may be a tail in a value.</summary>
    public Tail Eval(IOperation value, State state)
    {
        value = FlowKeys.Unwrap(value);
        if (FlowKeys.Of(value) is { } key)
            return state.Of(key);
        switch (value)
        {
            case IInvocationOperation call:
                return EvalCall(call, state);
            case IPropertyReferenceOperation property when SimulationSymbols.Has(property.Property, _facts.Symbols.MayBeTailPage):
                return _facts.IsPageContainer(property.Type) ? Tail.Elements : Tail.MayBe;
            case IPropertyReferenceOperation { Property.Name: "Current", Instance: { } enumerator }:
                return (Eval(enumerator, state) & Tail.Elements) != 0 ? Tail.MayBe : Tail.None;
            case IPropertyReferenceOperation { Arguments.Length: > 0, Instance: { } list }:
                return (Eval(list, state) & Tail.Elements) != 0 ? Tail.MayBe : Tail.None;
            case IArrayElementReferenceOperation element:
                return (Eval(element.ArrayReference, state) & Tail.Elements) != 0 ? Tail.MayBe : Tail.None;
            case IArrayCreationOperation { Initializer: { } initializer }:
                return initializer.ElementValues.Any(e => (Eval(e, state) & Tail.MayBe) != 0) ? Tail.Elements : Tail.None;
            case ICollectionExpressionOperation collection:
                return collection.Elements.Any(e => (Eval(e, state) & Tail.MayBe) != 0) ? Tail.Elements : Tail.None;
            case IConditionalOperation conditional:
                return Eval(conditional.WhenTrue, state) | (conditional.WhenFalse is null ? Tail.None : Eval(conditional.WhenFalse, state));
            case IDelegateCreationOperation { Target: IMethodReferenceOperation reference }:
                return Returns(reference.Method) & Tail.MayBe;
            default:
                return Tail.None;
        }
    }

    private Tail EvalCall(IInvocationOperation call, State state)
    {
        var method = call.TargetMethod;
        if (SimulationSymbols.Find(method, _facts.Symbols.MayBeTailPage) is { } attribute)
        {
            var index = call.Arguments.FirstOrDefault(a => a.Parameter?.Type.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64)?.Value;
            if (SimulationSymbols.NamedBool(attribute, "HeadAtIndexZero", false) && index is not null && IsZero(index, state))
                return Tail.None;
            return _facts.IsPageContainer(method.ReturnType) ? Tail.Elements : Tail.MayBe;
        }
        if (_facts.HasSummary(method, _cancellationToken))
            return Returns(method);
        var source = Source(call);
        var sourceElements = source is null ? Tail.None : Elements(source, state);
        if (_facts.IsPageContainer(method.ReturnType) || method.Name == "GetEnumerator")
        {
            // Select(selector): what the selector returns; Where/ToList/OrderBy/Concat: what the source (or an argument) holds.
            var selected = Tail.None;
            var selector = false;
            foreach (var argument in call.Arguments)
            {
                if (ReferenceEquals(argument.Value, source))
                    continue;
                var delegated = FlowKeys.Unwrap(argument.Value);
                if (delegated is IDelegateCreationOperation { Target: IFlowAnonymousFunctionOperation lambda } && IsPage(lambda.Symbol.ReturnType))
                {
                    selector = true;
                    selected |= LambdaReturns(lambda, sourceElements, state) & Tail.MayBe;
                }
                else if (delegated is IDelegateCreationOperation { Target: IMethodReferenceOperation reference } && IsPage(reference.Method.ReturnType))
                {
                    selector = true;
                    selected |= Returns(reference.Method) & Tail.MayBe;
                }
                else
                {
                    selected |= Eval(argument.Value, state) & Tail.Elements;
                }
            }
            // Select(selector) holds what the selector returns; Where, ToList, Concat hold what their sources hold.
            if (selector)
                return selected != Tail.None ? Tail.Elements : Tail.None;
            return selected != Tail.None ? Tail.Elements : sourceElements;
        }
        if (IsPage(method.ReturnType) && sourceElements != Tail.None && !_facts.Symbols.IsPageOrFolio(method.ContainingType))
            return Tail.MayBe; // First(), Single(), ElementAt(), Last() of a sequence that may hold tails
        return Returns(method);
    }

    /// <summary>What a method may return: a [MayBeTailPage] member's page (or sequence of pages), else its summary.</summary>
    private Tail Returns(IMethodSymbol method) =>
        SimulationSymbols.Has(method, _facts.Symbols.MayBeTailPage) ? (_facts.IsPageContainer(method.ReturnType) ? Tail.Elements : Tail.MayBe) : _facts.Returns(method, _cancellationToken);

    /// <summary>What a lambda returns when its first parameter is an element of a sequence with <paramref name="elements"/>.</summary>
    private Tail LambdaReturns(IFlowAnonymousFunctionOperation lambda, Tail elements, State state)
    {
        var entry = CapturedPart(state);
        if ((elements & Tail.Elements) != 0 && lambda.Symbol.Parameters.FirstOrDefault() is { } parameter && IsPage(parameter.Type))
            entry = entry.With(parameter, Tail.MayBe);
        var nested = new TailPageFlow(_facts, entry, null, _cancellationToken);
        nested.Run(Graph.GetAnonymousFunctionControlFlowGraph(lambda, _cancellationToken));
        return nested.Returned;
    }
}

/// <summary>Method facts FOL002 needs: what a method of this compilation returns, which parameters' refcounts it writes; and what a page container is.</summary>
internal sealed class TailPageFacts
{
    private readonly CompilationFlow _flow;
    private readonly Summaries<MethodFacts> _summaries = new(MethodFacts.Nothing, MethodFacts.Nothing, (a, b) => a.Equals(b));
    private readonly INamedTypeSymbol? _enumerable;

    public TailPageFacts(CompilationFlow flow, Compilation compilation)
    {
        _flow = flow;
        _enumerable = compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T);
    }

    public SimulationSymbols Symbols => _flow.Symbols;

    /// <summary>An array, list or sequence of pages (anything enumerable as IEnumerable&lt;Page&gt;).</summary>
    public bool IsPageContainer(ITypeSymbol? type)
    {
        if (type is null || Symbols.Page is null || _enumerable is null)
            return false;
        if (type is IArrayTypeSymbol array)
            return SymbolEqualityComparer.Default.Equals(array.ElementType, Symbols.Page);
        var interfaces = type is INamedTypeSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, _enumerable) ? new[] { named } : type.AllInterfaces.AsEnumerable();
        return interfaces.Any(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, _enumerable) && SymbolEqualityComparer.Default.Equals(i.TypeArguments[0], Symbols.Page));
    }

    /// <summary>Whether the method's body is in this compilation (its summary says what it returns).</summary>
    public bool HasSummary(IMethodSymbol method, CancellationToken cancellationToken) =>
        method.MethodKind is not (MethodKind.LocalFunction or MethodKind.AnonymousFunction) && _flow.GraphOf(method, cancellationToken) is not null;

    /// <summary>What a method of this compilation may return (a tail page; a sequence holding tails).</summary>
    public Tail Returns(IMethodSymbol method, CancellationToken cancellationToken) => Summary(method, cancellationToken).Returns;

    /// <summary>The parameters whose refcount the method writes (directly: page.PageRefAdd() on the parameter, or through another such method).</summary>
    public ImmutableHashSet<int> RefcountWritesOf(IMethodSymbol method, CancellationToken cancellationToken) => Summary(method, cancellationToken).WritesRefcountOf;

    private MethodFacts Summary(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (method.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction || _flow.GraphOf(method, cancellationToken) is not { } graph)
            return MethodFacts.Nothing;
        return _summaries.Get(method, () =>
        {
            var flow = new TailPageFlow(this, null, null, cancellationToken);
            flow.Run(graph);
            var writes = ImmutableHashSet<int>.Empty;
            foreach (var operation in graph.Blocks.SelectMany(FlowBodies.RootsOf).SelectMany(r => r.DescendantsAndSelf()))
            {
                if (operation is not IInvocationOperation call)
                    continue;
                if (SimulationSymbols.Has(call.TargetMethod, Symbols.RefcountWrite))
                {
                    var page = call.TargetMethod.IsStatic ? call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value : call.Instance;
                    if (page is not null && FlowKeys.Unwrap(page) is IParameterReferenceOperation parameter && SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, method))
                        writes = writes.Add(parameter.Parameter.Ordinal);
                    continue;
                }
                foreach (var ordinal in RefcountWritesOf(call.TargetMethod, cancellationToken))
                {
                    if (call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == ordinal)?.Value is { } argument
                        && FlowKeys.Unwrap(argument) is IParameterReferenceOperation passed && SymbolEqualityComparer.Default.Equals(passed.Parameter.ContainingSymbol, method))
                        writes = writes.Add(passed.Parameter.Ordinal);
                }
            }
            return new MethodFacts(flow.Returned, writes);
        });
    }

    private sealed record MethodFacts(Tail Returns, ImmutableHashSet<int> WritesRefcountOf)
    {
        public static MethodFacts Nothing { get; } = new(Tail.None, ImmutableHashSet<int>.Empty);

        public bool Equals(MethodFacts? other) => other is not null && Returns == other.Returns && WritesRefcountOf.SetEquals(other.WritesRefcountOf);

        public override int GetHashCode() => (int)Returns;
    }
}
