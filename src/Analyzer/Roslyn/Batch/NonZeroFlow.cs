using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Folint.Analyzer.Roslyn.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Folint.Analyzer.Roslyn.Batch;

/// <summary>
/// "This count is not 0 here", on every path (FOL004, seed 003: a count-down loop wraps when its count starts at
/// 0). A count becomes non-zero where a test says so (<c>if (nr == 0) return;</c>, <c>nr is not 0</c>, <c>nr &gt; 0</c>,
/// the false edge of <c>nr is 0 or ...</c> after a throw), where a throwing guard returns
/// (<c>ArgumentOutOfRangeException.ThrowIfZero(nr)</c>, or a method of this compilation that returns only when its
/// argument is not 0), and where it is assigned a value that is never 0 (a non-zero constant, a [NonZero] member
/// such as folio.NrPages, a method that always returns one). Any other assignment, decrement or by-ref use forgets it.
/// Debug.Assert does not count: release builds drop it, the review asked for a check that stays.
/// </summary>
internal sealed class NonZeroFlow : FlowAnalysis<ImmutableHashSet<object>>
{
    private readonly NonZeroFacts _facts;
    private readonly ImmutableHashSet<object> _entry;
    private readonly CancellationToken _cancellationToken;

    public NonZeroFlow(NonZeroFacts facts, ImmutableHashSet<object>? entry, CancellationToken cancellationToken)
    {
        _facts = facts;
        _entry = entry ?? ImmutableHashSet.Create(FlowKeys.Comparer);
        _cancellationToken = cancellationToken;
    }

    protected override ImmutableHashSet<object> Entry => _entry;

    /// <summary>What is non-zero where control enters <paramref name="block"/> from code laid out before it.</summary>
    public ImmutableHashSet<object> EnteringFromBefore(BasicBlock block) => StateEnteringFromBefore(block) ?? ImmutableHashSet.Create(FlowKeys.Comparer);

    /// <summary>What is non-zero on entry to a block (empty where the block is not reached).</summary>
    public ImmutableHashSet<object> At(BasicBlock block) => StateAt(block) ?? ImmutableHashSet.Create(FlowKeys.Comparer);

    protected override ImmutableHashSet<object> Join(ImmutableHashSet<object> left, ImmutableHashSet<object> right) => left.Intersect(right);

    protected override bool Same(ImmutableHashSet<object> left, ImmutableHashSet<object> right) => left.SetEquals(right);

    protected override ImmutableHashSet<object> Transfer(ImmutableHashSet<object> state, IOperation operation)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        return Effects(state, operation);
    }

    /// <summary>The state after evaluating <paramref name="operation"/>, children first.</summary>
    private ImmutableHashSet<object> Effects(ImmutableHashSet<object> state, IOperation operation)
    {
        if (operation is IFlowAnonymousFunctionOperation)
            return state;
        foreach (var child in operation.ChildOperations)
            state = Effects(state, child);
        switch (operation)
        {
            case ISimpleAssignmentOperation assignment when FlowKeys.Of(assignment.Target) is { } target:
                return IsNonZero(assignment.Value, state) ? state.Add(target) : state.Remove(target);
            case IFlowCaptureOperation capture:
                return IsNonZero(capture.Value, state) ? state.Add(capture.Id) : state.Remove(capture.Id);
            case ICompoundAssignmentOperation compound when FlowKeys.Of(compound.Target) is { } target:
                return state.Remove(target);
            case IIncrementOrDecrementOperation step when FlowKeys.Of(step.Target) is { } target:
                return state.Remove(target);
            case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } byRef when FlowKeys.Of(byRef.Value) is { } target:
                return state.Remove(target);
            case IInvocationOperation call:
                foreach (var guarded in _facts.GuardedArguments(call, _cancellationToken))
                {
                    if (FlowKeys.Of(FlowKeys.Unwrap(guarded)) is { } key)
                        state = state.Add(key);
                }
                return state;
            default:
                return state;
        }
    }

    public bool IsNonZero(IOperation value, ImmutableHashSet<object> state)
    {
        if (value.ConstantValue is { HasValue: true, Value: { } constant } && Constants.AsLong(constant) is { } number)
            return number != 0;
        value = FlowKeys.Unwrap(value);
        if (FlowKeys.Of(value) is { } key)
            return state.Contains(key);
        switch (value)
        {
            case IPropertyReferenceOperation property:
                return SimulationSymbols.Has(property.Property, _facts.Symbols.NonZero);
            case IFieldReferenceOperation field:
                return SimulationSymbols.Has(field.Field, _facts.Symbols.NonZero);
            case IInvocationOperation call:
                return SimulationSymbols.Has(call.TargetMethod, _facts.Symbols.NonZero) || _facts.ReturnsNonZero(call.TargetMethod, _cancellationToken);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.LeftShift } shift:
                // 1 << order: folio_nr_pages() and the batch sizes of rules/kernel/batch.yaml.
                return shift.LeftOperand.ConstantValue is { HasValue: true, Value: { } one } && Constants.AsLong(one) is { } left && left != 0;
            default:
                return false;
        }
    }

    protected override ImmutableHashSet<object> Branch(ImmutableHashSet<object> state, IOperation condition, bool value)
    {
        foreach (var key in Conditions.NonZeroWhen(condition, value))
            state = state.Add(key);
        return state;
    }
}

/// <summary>What a branch condition says about which counts are not 0.</summary>
internal static class Conditions
{
    /// <summary>The keys the condition being <paramref name="value"/> shows to be non-zero.</summary>
    public static ImmutableArray<object> NonZeroWhen(IOperation condition, bool value)
    {
        condition = FlowKeys.Unwrap(condition);
        switch (condition)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return NonZeroWhen(not.Operand, !value);
            case IBinaryOperation binary when Compared(binary) is var (operand, op, constant) && TestedKey(operand) is { } key:
                return SaysNonZero(op, constant, value) ? ImmutableArray.Create(key) : ImmutableArray<object>.Empty;
            case IIsPatternOperation isPattern when TestedKey(isPattern.Value) is { } key:
                return PatternSaysNonZero(isPattern.Pattern, value) ? ImmutableArray.Create(key) : ImmutableArray<object>.Empty;
            default:
                return ImmutableArray<object>.Empty;
        }
    }

    /// <summary>
    /// The key whose value a condition tests: a local, a parameter or a capture, or the variable a prefix
    /// <c>--nr</c> leaves the tested value in (a postfix <c>nr--</c> tests the old value).
    /// </summary>
    public static object? TestedKey(IOperation operand)
    {
        operand = FlowKeys.Unwrap(operand);
        if (operand is IIncrementOrDecrementOperation { IsPostfix: false } step)
            return FlowKeys.Of(FlowKeys.Unwrap(step.Target));
        return FlowKeys.Of(operand);
    }

    /// <summary><c>x op c</c>, with the constant moved to the right (<c>0 != x</c> is <c>x != 0</c>).</summary>
    private static (IOperation Operand, BinaryOperatorKind Op, long Constant)? Compared(IBinaryOperation binary)
    {
        if (Constants.Of(binary.RightOperand) is { } right)
            return (binary.LeftOperand, binary.OperatorKind, right);
        if (Constants.Of(binary.LeftOperand) is { } left)
            return (binary.RightOperand, Mirror(binary.OperatorKind), left);
        return null;
    }

    private static BinaryOperatorKind Mirror(BinaryOperatorKind op) => op switch
    {
        BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThan,
        BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThanOrEqual,
        BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThan,
        BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThanOrEqual,
        _ => op,
    };

    /// <summary>Whether <c>x op c</c> having the truth value <paramref name="value"/> rules out x == 0.</summary>
    private static bool SaysNonZero(BinaryOperatorKind op, long c, bool value)
    {
        if (!value)
        {
            op = op switch
            {
                BinaryOperatorKind.Equals => BinaryOperatorKind.NotEquals,
                BinaryOperatorKind.NotEquals => BinaryOperatorKind.Equals,
                BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThanOrEqual,
                BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThan,
                BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThanOrEqual,
                BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThan,
                _ => BinaryOperatorKind.None,
            };
        }
        return op switch
        {
            BinaryOperatorKind.Equals => c != 0,
            BinaryOperatorKind.NotEquals => c == 0,
            BinaryOperatorKind.GreaterThan => c >= 0,
            BinaryOperatorKind.GreaterThanOrEqual => c >= 1,
            BinaryOperatorKind.LessThan => c <= 0,
            BinaryOperatorKind.LessThanOrEqual => c < 0,
            _ => false,
        };
    }

    /// <summary>Whether a pattern matching (or failing to match, for <paramref name="value"/> false) rules out 0.</summary>
    private static bool PatternSaysNonZero(IPatternOperation pattern, bool value)
    {
        switch (pattern)
        {
            case IConstantPatternOperation constant when Constants.Of(constant.Value) is { } c:
                return value ? c != 0 : c == 0;
            case IRelationalPatternOperation relational when Constants.Of(relational.Value) is { } c:
                return SaysNonZero(relational.OperatorKind, c, value);
            case INegatedPatternOperation negated:
                return PatternSaysNonZero(negated.Pattern, !value);
            case IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.And } both:
                // matched: both matched; not matched: one of them did not match, which says no more than either.
                return value ? PatternSaysNonZero(both.LeftPattern, true) || PatternSaysNonZero(both.RightPattern, true)
                             : PatternSaysNonZero(both.LeftPattern, false) && PatternSaysNonZero(both.RightPattern, false);
            case IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.Or } either:
                return value ? PatternSaysNonZero(either.LeftPattern, true) && PatternSaysNonZero(either.RightPattern, true)
                             : PatternSaysNonZero(either.LeftPattern, false) || PatternSaysNonZero(either.RightPattern, false);
            default:
                return false;
        }
    }
}

/// <summary>Integer constants as the conditions and assignments use them.</summary>
internal static class Constants
{
    public static long? Of(IOperation operation) =>
        operation.ConstantValue is { HasValue: true, Value: { } value } ? AsLong(value) : null;

    public static long? AsLong(object value) => value switch
    {
        int i => i,
        uint u => u,
        long l => l,
        ulong ul => ul > long.MaxValue ? long.MaxValue : (long)ul,
        short s => s,
        ushort us => us,
        byte b => b,
        sbyte sb => sb,
        char ch => ch,
        _ => null,
    };
}

/// <summary>
/// The facts about methods FOL004 needs from the simulation's attributes and from summaries of the compilation's
/// own methods: which return a value that is never 0, which return only when an argument is not 0, which change page
/// metadata (so a count-down loop around a call of theirs is a batched page operation).
/// </summary>
internal sealed class NonZeroFacts
{
    private static readonly ImmutableHashSet<string> s_throwIfZeroHelpers = ImmutableHashSet.Create("ThrowIfZero", "ThrowIfNegativeOrZero");

    private readonly CompilationFlow _flow;
    private readonly Summaries<MethodFacts> _summaries = new(MethodFacts.Optimistic, MethodFacts.Nothing, (a, b) => a.Equals(b));

    public NonZeroFacts(CompilationFlow flow) => _flow = flow;

    public SimulationSymbols Symbols => _flow.Symbols;

    public bool ReturnsNonZero(IMethodSymbol method, CancellationToken cancellationToken) => Summary(method, cancellationToken).ReturnsNonZero;

    public bool ChangesPageMetadata(IMethodSymbol method, CancellationToken cancellationToken) =>
        SimulationSymbols.Has(method, Symbols.FlagAccessor)
        || SimulationSymbols.Has(method, Symbols.RefcountWrite)
        || SimulationSymbols.Has(method, Symbols.RawMapcountRead)
        || SimulationSymbols.Has(method, Symbols.MapcountRead)
        || Symbols.IsPageOrFolio(method.ContainingType)
        || Summary(method, cancellationToken).ChangesPageMetadata;

    /// <summary>
    /// The arguments a call leaves known non-zero when it returns: ArgumentOutOfRangeException.ThrowIfZero(nr) and
    /// its kin (ThrowIfLessThan(nr, 1), ThrowIfEqual(nr, 0), ...), and any method of this compilation that returns
    /// only when that parameter is not 0.
    /// </summary>
    public ImmutableArray<IOperation> GuardedArguments(IInvocationOperation call, CancellationToken cancellationToken)
    {
        var method = call.TargetMethod;
        var builder = ImmutableArray.CreateBuilder<IOperation>();
        if (method.ContainingType?.ToDisplayString() == "System.ArgumentOutOfRangeException" && call.Arguments.Length > 0)
        {
            var tested = call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value;
            var other = call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 1)?.Value;
            var bound = other is null ? null : Constants.Of(other);
            var guards = method.Name switch
            {
                _ when s_throwIfZeroHelpers.Contains(method.Name) => true,
                "ThrowIfEqual" => bound == 0,
                "ThrowIfLessThan" => bound >= 1,
                "ThrowIfLessThanOrEqual" => bound >= 0,
                _ => false,
            };
            if (guards && tested is not null)
                builder.Add(tested);
            return builder.ToImmutable();
        }
        var guarded = Summary(method, cancellationToken).GuardedParameters;
        if (guarded.IsEmpty)
            return builder.ToImmutable();
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter is { } parameter && guarded.Contains(parameter.Ordinal))
                builder.Add(argument.Value);
        }
        return builder.ToImmutable();
    }

    private MethodFacts Summary(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (method.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction)
            return MethodFacts.Nothing;
        var graph = _flow.GraphOf(method, cancellationToken);
        if (graph is null)
            return MethodFacts.Nothing;
        return _summaries.Get(method, () => Compute(method, graph, cancellationToken));
    }

    private MethodFacts Compute(IMethodSymbol method, ControlFlowGraph graph, CancellationToken cancellationToken)
    {
        var flow = new NonZeroFlow(this, null, cancellationToken);
        flow.Run(graph);
        var exit = graph.Blocks[graph.Blocks.Length - 1];
        var atExit = flow.At(exit);
        var written = graph.Blocks.SelectMany(FlowBodies.RootsOf).SelectMany(r => r.DescendantsAndSelf()).Select(WrittenKey).Where(k => k is not null).ToImmutableHashSet(FlowKeys.Comparer!);
        var guarded = method.Parameters.Where(p => atExit.Contains(p) && !written.Contains(p)).Select(p => p.Ordinal).ToImmutableHashSet();

        var returnsNonZero = method.ReturnType.SpecialType is not SpecialType.None and not SpecialType.System_Void && IsIntegral(method.ReturnType);
        var changes = false;
        var reachedReturn = false;
        foreach (var block in graph.Blocks)
        {
            if (!flow.Reached(block))
                continue;
            foreach (var root in FlowBodies.RootsOf(block))
            {
                foreach (var operation in root.DescendantsAndSelf())
                {
                    if (operation is IInvocationOperation call && !SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, method.OriginalDefinition) && ChangesPageMetadata(call.TargetMethod, cancellationToken))
                        changes = true;
                }
            }
        }
        foreach (var returned in FlowBodies.ReturnedValues(graph))
        {
            if (flow.Before(returned) is not { } before)
                continue; // not reached
            reachedReturn = true;
            if (!flow.IsNonZero(returned, before))
                returnsNonZero = false;
        }
        return new MethodFacts(returnsNonZero && reachedReturn, guarded, changes);
    }

    /// <summary>The local or parameter an operation writes (an assignment, ++/--, a by-ref argument).</summary>
    private static object? WrittenKey(IOperation operation) => operation switch
    {
        IAssignmentOperation assignment => FlowKeys.Of(assignment.Target),
        IIncrementOrDecrementOperation step => FlowKeys.Of(step.Target),
        IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } byRef => FlowKeys.Of(byRef.Value),
        _ => null,
    };

    private static bool IsIntegral(ITypeSymbol type) => type.SpecialType is SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64
        or SpecialType.System_UInt64 or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Byte or SpecialType.System_SByte;

    /// <param name="ReturnsNonZero">Every value the method returns is non-zero.</param>
    /// <param name="GuardedParameters">The parameters the method returns only for when they are non-zero.</param>
    /// <param name="ChangesPageMetadata">The method (or one it calls) changes a page flag, refcount or mapcount.</param>
    private sealed record MethodFacts(bool ReturnsNonZero, ImmutableHashSet<int> GuardedParameters, bool ChangesPageMetadata)
    {
        /// <summary>Where a recursive method's must-facts start (the fixpoint only ever takes them away).</summary>
        public static MethodFacts Optimistic { get; } = new(true, ImmutableHashSet<int>.Empty, false);

        public static MethodFacts Nothing { get; } = new(false, ImmutableHashSet<int>.Empty, false);

        public bool Equals(MethodFacts? other) =>
            other is not null && ReturnsNonZero == other.ReturnsNonZero && ChangesPageMetadata == other.ChangesPageMetadata && GuardedParameters.SetEquals(other.GuardedParameters);

        public override int GetHashCode() => ReturnsNonZero.GetHashCode() ^ ChangesPageMetadata.GetHashCode();
    }
}
