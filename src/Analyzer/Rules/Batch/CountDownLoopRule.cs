using System;
using System.Collections.Immutable;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Model;
using Folint.Analyzer.Rules.Kernel;
using Folint.Analyzer.Rules.Knowledge;
using Folint.Analyzer.Shapes;

namespace Folint.Analyzer.Rules.Batch;

/// <summary>
/// FOL004: a batched page helper whose loop decrements its count before testing it (seed 003):
/// <c>for (;;) { op(page); if (--nr == 0) break; page++; }</c>, <c>do { op(page++); } while (--nr);</c>,
/// <c>op(page); while (--nr) op(++page);</c>. When nothing before the loop rules out a zero count, a zero count
/// wraps and the loop changes about 4 billion struct pages that are not this folio's. The shape is
/// <see cref="CountDownLoop"/>, shared with the Roslyn analyzer; this rule says what a page operation, an
/// assertion and a non-zero count are in kernel C, and that a signed count tested with <c>&gt; 0</c> cannot wrap.
/// </summary>
public sealed class CountDownLoopRule : StatelessSourceRule, IPrefilteredRule
{
    public const string RuleId = "FOL004";

    private readonly KernelKnowledge _knowledge;
    private readonly PageOperations _operations;

    public CountDownLoopRule(KernelKnowledge knowledge)
    {
        _knowledge = knowledge;
        _operations = new PageOperations(knowledge);
    }

    public override string Id => RuleId;

    public IEnumerable<string> ScanPrefixes => _knowledge.Batch.FlagUpdatePrefixes;


    /// <summary>
    /// A loop can only be reported around a page operation (<see cref="PageOperations.Changes"/>); a bit operation is
    /// one only on the flags word of something <see cref="PageObjects"/> knows is a page or folio, which takes the
    /// struct tag or a page-returning function in the file. Every shape of <see cref="CountDownLoop"/> tests a prefix
    /// decrement (<c>--nr == 0</c>, <c>while (--nr)</c>), so the file must show one where a condition can test it.
    /// </summary>
    public override IEnumerable<FileTrigger> Triggers(CancellationToken cancellationToken)
    {
        var knowledge = _knowledge;
        var pageObjects = PageObjects.Evidence(knowledge.Pages).Select(FileTrigger.Identifier).ToList();
        var decrement = new[] { FileTrigger.TestedPreDecrement };
        return FileTriggers.Identifiers(Sorted(knowledge.Batch.CountUpdates), Sorted(knowledge.Refcount.PageRefcountWrites), Sorted(knowledge.Refcount.RefcountFields), Sorted(knowledge.Mapcount.Fields))
            .Concat(FileTriggers.Prefixes(knowledge.Batch.FlagUpdatePrefixes))
            .Concat(FileTriggers.Identifiers(Sorted(knowledge.Batch.BitUpdates), Sorted(knowledge.Pages.NonatomicBitops))
                .SelectMany(bitop => bitop.AndAnyOf(Sorted(knowledge.Pages.FlagsFields).Select(FileTrigger.Identifier)))
                .SelectMany(bitopOnFlags => bitopOnFlags.AndAnyOf(pageObjects)))
            .SelectMany(operation => operation.AndAnyOf(decrement));
    }

    private static IEnumerable<string> Sorted(IEnumerable<string> names) => names.OrderBy(n => n, StringComparer.Ordinal);

    public override void Analyze(SourceRuleContext context)
    {
        var operations = _operations;
        var assertions = _knowledge.Assertions.DebugAssertions;
        var nonZero = _knowledge.Batch.NonzeroCounts;
        foreach (var function in context.Unit.Functions)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var scope = FunctionScope.Of(function);
            var matches = CountDownLoop.Find(
                function.Body,
                call => operations.Changes(call, scope),
                call => call.CalleeName is { } name && assertions.Contains(name),
                value => IsNonZero(value, nonZero));
            foreach (var match in matches)
            {
                if (match.WrapsOnlyWhenUnsigned && IsSigned(scope.TypeOf(match.Count)))
                    continue;
                context.Report(
                    RuleId,
                    match.Loop.Span,
                    function.Name,
                    key: $"{match.Count} {ExprPrinter.Print(match.PageOperation.Callee)}",
                    messageArguments: new object?[] { match.Count },
                    evidence: new[]
                    {
                        new RawEvidence(context.Unit.Path, match.Decrement.Span, $"{match.Count} is decremented before it is tested", function.Name),
                        new RawEvidence(context.Unit.Path, match.PageOperation.Span, $"{ExprPrinter.Print(match.PageOperation)} runs once for every value {match.Count} takes", function.Name),
                    },
                    fixHint: $"test before acting, 'while ({match.Count}--) op(page++);', or rule out 0 at the top of the helper: 'if (VM_WARN_ON_ONCE(!{match.Count})) return;'");
            }
        }
    }

    /// <summary>A value that is never 0: a non-zero literal, <c>1 &lt;&lt; n</c>, or a call or constant listed in batch.yaml.</summary>
    private static bool IsNonZero(Expr value, ImmutableHashSet<string> nonZero) => value switch
    {
        CastExpr cast => IsNonZero(cast.Operand, nonZero),
        LiteralExpr { Kind: LiteralKind.Number } => Comparisons.IntegerValue(value) is { } v && v != 0,
        BinaryExpr { Operator: "<<", Left: var left } => Comparisons.IntegerValue(left) is { } shifted && shifted != 0,
        NameExpr name => nonZero.Contains(name.Identifier),
        CallExpr { CalleeName: { } callee } => nonZero.Contains(callee),
        _ => false,
    };

    private static bool IsSigned(TypeRef? type)
    {
        if (type is null || type.IsPointer)
            return false;
        var words = type.Base.Split(' ');
        return !words.Contains("unsigned") && (words.Contains("int") || words.Contains("long") || words.Contains("short") || words.Contains("signed")
            || type.Base is "s8" or "s16" or "s32" or "s64" or "ssize_t" or "long long");
    }
}
