using System.Collections.Generic;
using System.Threading;
using Folint.Analyzer.Roslyn.Flow;
using Microsoft.CodeAnalysis;

namespace Folint.Analyzer.Roslyn.Refcount;

/// <summary>
/// FOL002's analysis of one operation block: every body (the method's, its lambdas', its local functions') runs
/// <see cref="TailPageFlow"/>; a lambda starts from what it is applied to (an element of the sequence a ForEach or
/// Select walks) and what its creator's locals held, a local function from nothing known.
/// </summary>
internal sealed class TailPageWrites
{
    private readonly BodyFlows<TailPageFlow, TailPageFlow.State> _flows;
    private readonly Dictionary<FlowBody, List<Finding>> _findings = new();

    public TailPageWrites(TailPageFacts facts, CancellationToken cancellationToken)
    {
        // A lambda starts bound to what it is applied to (its parent saw the call), else with what its creator held.
        _flows = new(
            (body, entry) => new TailPageFlow(facts, entry, (write, page, writer) => FindingsOf(body).Add(new Finding(write.Syntax, page.Syntax, writer)), cancellationToken),
            (parent, lambda) => parent.LambdaEntry(lambda.Creation!.Symbol)
                ?? (BodyFlows<TailPageFlow, TailPageFlow.State>.AtCreation(parent, lambda) is { } before ? TailPageFlow.CapturedPart(before) : null));
    }

    /// <param name="Write">The refcount write (or the call of a helper that writes its argument's refcount).</param>
    /// <param name="Page">The page written, as the code spells it.</param>
    /// <param name="Writer">The method that writes, for the message.</param>
    public sealed record Finding(SyntaxNode Write, SyntaxNode Page, string Writer);

    public IReadOnlyList<Finding> Analyze(FlowBody body)
    {
        _flows.Of(body);
        return FindingsOf(body);
    }

    private List<Finding> FindingsOf(FlowBody body)
    {
        if (!_findings.TryGetValue(body, out var findings))
            _findings[body] = findings = new List<Finding>();
        return findings;
    }
}
