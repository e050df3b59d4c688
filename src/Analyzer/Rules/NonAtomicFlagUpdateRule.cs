using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Model;
using Folint.Analyzer.Rules.Flags;
using Folint.Analyzer.Rules.Kernel;
using Folint.Analyzer.Rules.Knowledge;

namespace Folint.Analyzer.Rules;

/// <summary>
/// FOL001: a non-atomic read-modify-write of a page flags word through a call (a <c>__folio_set_*</c>/<c>__SetPage*</c>
/// accessor, or an inline wrapper of one) where other CPUs can still change the word. The same update written out
/// by hand (<c>__set_bit()</c>, <c>|=</c>) is FOL000's; both come from <see cref="UnsafeFlagUpdates"/>.
/// Seed 000: PG_partially_mapped was set with <c>__folio_set_partially_mapped()</c> "because split_queue_lock protects
/// it", while memory_failure() sets PG_has_hwpoisoned in the same second-page word atomically without that lock.
/// Silent where the update is safe: on a folio this function allocated and has not published, under a frozen
/// refcount or after the last reference was dropped, on a parameter every caller hands over exclusively, and in
/// functions reachable only from allocation, initialisation or free paths.
/// </summary>
internal sealed class NonAtomicFlagUpdateRule : IPrefilteredRule
{
    public const string RuleId = "FOL001";

    private readonly KernelKnowledge _knowledge;

    public NonAtomicFlagUpdateRule(KernelKnowledge knowledge)
    {
        _knowledge = knowledge;
    }

    public string Id => RuleId;

    public IEnumerable<string> ScanPrefixes => FileTriggers.NoPrefixes;

    /// <summary>The run's flag analysis, shared with FOL000: the tree's accessors, wrappers and phases are read once.</summary>
    public SourceRuleAnalyzer Start(SourceRun run, CancellationToken cancellationToken) =>
        new FlagUpdateAnalyzer(FlagAnalysis.For(run, _knowledge, cancellationToken), PageObjects.Evidence(_knowledge.Pages), Report);

    private static void Report(SourceRuleContext context, UnsafeFlagUpdate update)
    {
        // open-coded updates are FOL000's, judged by the same phases and reported with the same evidence
        if (update.IsOpenCoded)
            return;
        var accessorName = ((CallExpr)update.Node).CalleeName!;
        var (evidence, lockText) = update.Evidence(context.Unit.Path, context.CancellationToken);
        context.Report(
            RuleId,
            update.Node.Span,
            update.Function.Name,
            key: accessorName + " " + string.Join(",", update.Flags),
            messageArguments: new object?[] { accessorName, update.FlagText, FlagWords.Describe(update.Word) },
            evidence: evidence,
            fixHint: update.FixHint(accessorName),
            messageVariant: update.Exposure == Exposure.ReferenceFreeWriters ? "frozen" : lockText is null ? null : "locked",
            confidence: update.Confidence);
    }
}
