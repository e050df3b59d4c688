using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Folint.Analyzer.Roslyn.Flow;
using Folint.Analyzer.Shapes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Folint.Analyzer.Roslyn.Batch;

/// <summary>
/// FOL004's analysis of one operation block: the count-down loops of <see cref="CountDownLoop"/> in every body
/// (the method's, its lambdas', its local functions'), each judged by the count's flow state where control first
/// enters the loop. A lambda starts from what was known where it was created; a local function's parameters and
/// captured variables start unknown, as a helper's must (seed 003: "a shared function can't be assumed to always be
/// called from a context where that has run").
/// </summary>
internal sealed class CountDownLoops
{
    private readonly NonZeroFacts _facts;
    private readonly CancellationToken _cancellationToken;
    private readonly BodyFlows<NonZeroFlow, ImmutableHashSet<object>> _flows;

    public CountDownLoops(NonZeroFacts facts, CancellationToken cancellationToken)
    {
        _facts = facts;
        _cancellationToken = cancellationToken;
        // A lambda starts with what its creator knew of the variables it captures where it created it.
        _flows = new(
            (_, entry) => new NonZeroFlow(facts, entry, cancellationToken),
            (parent, lambda) => BodyFlows<NonZeroFlow, ImmutableHashSet<object>>.AtCreation(parent, lambda)?.Where(k => k is ISymbol).ToImmutableHashSet(FlowKeys.Comparer));
    }

    /// <summary>A loop to report: where, the decrement, the count, and whether the count is signed.</summary>
    public sealed record Finding(Location Loop, Location Decrement, string Count, bool Signed);

    public IEnumerable<Finding> Analyze(FlowBody body)
    {
        if (body.Block is not { } block)
            yield break;
        var lowered = OperationLowering.Lower(block);
        var matches = CountDownLoop.Candidates(
            lowered.Body,
            call => lowered.OriginOf(call) is IInvocationOperation invocation && _facts.ChangesPageMetadata(invocation.TargetMethod, _cancellationToken),
            separateDecrement: true);
        foreach (var match in matches)
        {
            if (lowered.OriginOf(match.Loop) is not ILoopOperation loop || lowered.OriginOf(match.Decrement) is not IIncrementOrDecrementOperation decrement)
                continue;
            var target = FlowKeys.Unwrap(decrement.Target);
            if (FlowKeys.Of(target) is not ISymbol count)
                continue;
            var head = FlowBodies.FirstBlockWithin(body.Graph, EntrySyntax(loop));
            if (head is not null && _flows.Of(body).EnteringFromBefore(head).Contains(count))
                continue;
            var signed = IsSigned(target.Type);
            if (signed && match.WrapsOnlyWhenUnsigned)
                continue;
            yield return new Finding(LoopKeyword(loop), decrement.Syntax.GetLocation(), match.Count, signed);
        }
    }

    /// <summary>Where control first enters the loop: its condition when it tests first, else its body.</summary>
    private static SyntaxNode EntrySyntax(ILoopOperation loop)
    {
        var condition = loop switch
        {
            IWhileLoopOperation { ConditionIsTop: true } whileLoop => whileLoop.Condition,
            IForLoopOperation forLoop => forLoop.Condition,
            _ => null,
        };
        if (condition is not null && condition.ConstantValue is not { HasValue: true, Value: true })
            return condition.Syntax;
        var first = loop.Body is IBlockOperation { Operations.Length: > 0 } statements ? statements.Operations[0] : loop.Body;
        return first.Syntax;
    }

    private static Location LoopKeyword(ILoopOperation loop) =>
        loop.Syntax is StatementSyntax statement ? statement.GetFirstToken().GetLocation() : loop.Syntax.GetLocation();

    private static bool IsSigned(ITypeSymbol? type) => type?.SpecialType is SpecialType.System_SByte or SpecialType.System_Int16
        or SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_IntPtr;
}
