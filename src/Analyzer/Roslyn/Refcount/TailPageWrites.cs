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
    private readonly TailPageFacts _facts;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<FlowBody, TailPageFlow> _flows = new();

    public TailPageWrites(TailPageFacts facts, CancellationToken cancellationToken)
    {
        _facts = facts;
        _cancellationToken = cancellationToken;
    }

    /// <param name="Write">The refcount write (or the call of a helper that writes its argument's refcount).</param>
    /// <param name="Page">The page written, as the code spells it.</param>
    /// <param name="Writer">The method that writes, for the message.</param>
    public sealed record Finding(SyntaxNode Write, SyntaxNode Page, string Writer);

    public IReadOnlyList<Finding> Analyze(FlowBody body)
    {
        var findings = new List<Finding>();
        var flow = new TailPageFlow(_facts, EntryOf(body), (write, page, writer) => findings.Add(new Finding(write.Syntax, page.Syntax, writer)), _cancellationToken);
        flow.Run(body.Graph);
        _flows[body] = flow;
        return findings;
    }

    private TailPageFlow.State? EntryOf(FlowBody body)
    {
        if (body.Creation is not { } creation || body.Parent is null || !_flows.TryGetValue(body.Parent, out var parent))
            return null;
        if (parent.LambdaEntry(creation.Symbol) is { } bound)
            return bound;
        return body.CreationRoot is { } root && parent.Before(root) is { } before ? TailPageFlow.CapturedPart(before) : null;
    }
}
