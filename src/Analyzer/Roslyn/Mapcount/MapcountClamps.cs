using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Folint.Analyzer.Model;
using Folint.Analyzer.Roslyn.Flow;
using Folint.Analyzer.Shapes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Folint.Analyzer.Roslyn.Mapcount;

/// <summary>
/// FOL003's analysis of one body: the clamps of <see cref="ZeroClamp"/> (if/return, ?:, switch expressions and
/// <c>is</c> patterns as the lowering spells them, Math.Max, Math.Clamp) whose clamped value the flow says derives
/// from a mapcount read at that point, except where a page-type test has said that read is a page type.
/// </summary>
internal sealed class MapcountClamps
{
    private readonly MapcountFacts _facts;
    private readonly CancellationToken _cancellationToken;
    private readonly BodyFlows<MapcountFlow, MapcountFlow.State> _flows;

    public MapcountClamps(MapcountFacts facts, CancellationToken cancellationToken)
    {
        _facts = facts;
        _cancellationToken = cancellationToken;
        // A lambda starts with what its creator's locals held where it was created.
        _flows = new(
            (_, entry) => new MapcountFlow(facts, entry, cancellationToken),
            (parent, lambda) => BodyFlows<MapcountFlow, MapcountFlow.State>.AtCreation(parent, lambda) is { } before
                ? before with { Derived = before.Derived.Where(p => p.Key is ISymbol).ToImmutableDictionary(p => p.Key, p => p.Value, FlowKeys.Comparer) }
                : null);
    }

    /// <param name="Clamp">The clamping statement or expression.</param>
    /// <param name="Read">The mapcount read (or the call of a helper returning one) the clamped value comes from.</param>
    /// <param name="Form">How the clamp is written.</param>
    public sealed record Finding(SyntaxNode Clamp, MapcountFlow.Read Read, ZeroClampForm Form);

    public IEnumerable<Finding> Analyze(FlowBody body)
    {
        if (body.Block is not { } block)
            yield break;
        var lowered = OperationLowering.Lower(block);
        var flow = _flows.Of(body);
        var matches = ZeroClamp.Find(lowered.Body, e => IsMapcountValue(lowered.OriginOf(e), flow));
        foreach (var match in matches)
        {
            if (lowered.OriginOf(match.Clamp) is not { } clamp || lowered.OriginOf(match.MapcountRead) is not { } origin)
                continue;
            var seen = origin is IInvocationOperation ? null : flow.At(origin.Syntax);
            var read = seen?.Read ?? (origin is IInvocationOperation call ? new MapcountFlow.Read(call.Syntax, call.TargetMethod) : null);
            if (read is null || seen?.Typed == true || TypedInside(match.Clamped, lowered, flow))
                continue;
            yield return new Finding(clamp.Syntax, read, match.Form);
        }
    }

    private bool IsMapcountValue(IOperation? origin, MapcountFlow flow) => origin switch
    {
        IInvocationOperation call => _facts.IsMapcountRead(call.TargetMethod, _cancellationToken),
        ILocalReferenceOperation or IParameterReferenceOperation => flow.At(origin.Syntax) is not null,
        _ => false,
    };

    /// <summary>Whether a local read inside the clamped value holds a read a page-type test vouched for.</summary>
    private static bool TypedInside(Expr clamped, LoweredBody lowered, MapcountFlow flow) =>
        ModelWalker.DescendantsAndSelf(clamped).Any(n => n is NameExpr && lowered.OriginOf(n) is { } origin && flow.At(origin.Syntax) is { Typed: true });
}
