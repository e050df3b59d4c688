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
/// FOL000: a plain read-modify-write of a page or folio flags word written out by hand:
/// <c>__set_bit(PG_x, &amp;page->flags)</c>, <c>page->flags |= m</c>, <c>page[1].flags &amp;= ~m</c>.
/// Seed 000: such an update rewrites the whole word and loses concurrent atomic updates of the other flags.
/// Judged like FOL001 (silent in exclusive phases, the word's atomic writers as evidence): both come from
/// <see cref="UnsafeFlagUpdates"/>; FOL001 takes the updates made through accessor calls.
/// </summary>
internal sealed class OpenCodedFlagBitopRule : IPrefilteredRule
{
    public const string RuleId = "FOL000";

    private readonly KernelKnowledge _knowledge;

    public OpenCodedFlagBitopRule(KernelKnowledge knowledge)
    {
        _knowledge = knowledge;
    }

    public string Id => RuleId;

    public IEnumerable<string> ScanPrefixes => FileTriggers.NoPrefixes;

    /// <summary>The run's flag analysis, shared with FOL001: the tree's accessors, wrappers and phases are read once.</summary>
    public SourceRuleAnalyzer Start(SourceRun run, CancellationToken cancellationToken) =>
        new FlagUpdateAnalyzer(FlagAnalysis.For(run, _knowledge, cancellationToken), PageObjects.Evidence(_knowledge.Pages), Report);

    private static void Report(SourceRuleContext context, UnsafeFlagUpdate update)
    {
        if (!update.IsOpenCoded)
            return; // through an accessor: FOL001's
        string operation, word;
        RawFix? fix = null;
        switch (update.Node)
        {
            case CallExpr { CalleeName: { } callee } call:
                operation = call.Arguments.Length > 0 ? $"{callee}({ExprPrinter.Print(call.Arguments[0])})" : callee + "()";
                word = call.Arguments.Length > 1 ? ExprPrinter.Print(call.Arguments[1] is UnaryExpr { Operator: UnaryOperator.AddressOf } address ? address.Operand : call.Arguments[1]) : "a flags word";
                fix = AtomicTwin(context, call);
                break;
            case AssignExpr assign:
                operation = $"'{assign.Operator.Spelling()}'";
                word = ExprPrinter.Print(assign.Target);
                break;
            default:
                return;
        }
        var (evidence, _) = update.Evidence(context.Unit.Path, context.CancellationToken);
        context.Report(
            RuleId,
            update.Node.Span,
            update.Function.Name,
            key: operation + " " + word,
            messageArguments: new object?[] { operation, word },
            evidence: evidence,
            fixHint: update.FixHint(update.Node is CallExpr { CalleeName: { } name } ? name : operation),
            messageVariant: update.Exposure == Exposure.ReferenceFreeWriters ? "frozen" : null,
            fix: fix,
            confidence: update.Confidence);
    }

    /// <summary>
    /// The kernel names each non-atomic bitop after its atomic twin with two leading underscores (__set_bit and
    /// set_bit, __test_and_clear_bit and test_and_clear_bit: include/asm-generic/bitops/), so the atomic call is the
    /// same call without them.
    /// </summary>
    private static RawFix? AtomicTwin(SourceRuleContext context, CallExpr call)
    {
        if (call.Callee is not NameExpr { Identifier: { } name } callee || !name.StartsWith("__", StringComparison.Ordinal))
            return null;
        var atomic = name.Substring(2);
        return new RawFix(
            $"Use {atomic}(), which is atomic",
            ImmutableArray.Create(new RawTextEdit(context.Unit.Path, callee.Span, atomic)));
    }
}
