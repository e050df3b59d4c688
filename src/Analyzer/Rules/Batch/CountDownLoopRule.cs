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
internal sealed class CountDownLoopRule : StatelessSourceRule, IPrefilteredRule
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
    /// struct tag or a page-returning function in the file. Every form of <see cref="CountDownLoop"/> decrements its
    /// count (<c>--nr</c>, <c>nr--</c>, <c>nr -= step</c>, <c>nr = nr - step</c>) and tests that same name for 0 in the
    /// loop's condition or in an <c>if</c> that leaves it, so the file must show a name both decremented and standing
    /// in a condition (<see cref="FileFactKind.TestedDecrement"/>). The caller side needs the helper's loop in the
    /// same file, so it needs the same.
    /// </summary>
    public override IEnumerable<FileTrigger> Triggers(CancellationToken cancellationToken)
    {
        var knowledge = _knowledge;
        var pageObjects = PageObjects.Evidence(knowledge.Pages).Select(FileTrigger.Identifier).ToList();
        var decrement = new[] { FileTrigger.TestedDecrement };
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
        foreach (var function in context.Unit.Functions)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            foreach (var (match, signed) in Wrapping(function))
            {
                var (variant, arguments, decremented, fix) = Describe(match, signed);
                context.Report(
                    RuleId,
                    match.Loop.Span,
                    function.Name,
                    key: $"{match.Count} {ExprPrinter.Print(match.PageOperation.Callee)}",
                    messageArguments: arguments,
                    evidence: new[]
                    {
                        new RawEvidence(context.Unit.Path, match.Decrement.Span, decremented, function.Name),
                        new RawEvidence(context.Unit.Path, match.PageOperation.Span, $"{ExprPrinter.Print(match.PageOperation)} runs once for every value {match.Count} takes", function.Name),
                    },
                    fixHint: fix,
                    messageVariant: variant);
            }
            Callers(context, function);
        }
    }

    /// <summary>The loops of <paramref name="function"/> that wrap on a zero count, with whether the count is signed.</summary>
    private IEnumerable<(CountDownLoopMatch Match, bool Signed)> Wrapping(FunctionDef function)
    {
        var scope = FunctionScope.Of(function);
        var assertions = _knowledge.Assertions.DebugAssertions;
        var nonZero = _knowledge.Batch.NonzeroCounts;
        var alignments = _knowledge.Batch.AligningFunctions;
        var matches = CountDownLoop.Find(
            function.Body,
            call => _operations.Changes(call, scope),
            call => call.CalleeName is { } name && assertions.Contains(name),
            value => IsNonZero(value, nonZero),
            CountDownForms.All,
            (value, step) => IsMultipleOf(value, step, alignments));
        foreach (var match in matches)
        {
            var type = scope.TypeOf(match.Count);
            var signed = IsSigned(type);
            // A signed count tested with > 0 stops at -1 (the rmap.h loops); an unknown type is not called unsigned.
            if (match.WrapsOnlyWhenUnsigned && (signed || type is null))
                continue;
            yield return (match, signed);
        }
    }

    /// <summary>
    /// The caller side: a call that passes a count of 0 (the literal, or a local that is 0 on every path to the call,
    /// <see cref="ZeroCounts"/>) to a helper whose count-down loop over that parameter wraps on 0. The helper is looked
    /// up in this file only: a zero local is everywhere (<c>int ret = 0;</c> handed on), and looking each callee up
    /// across the tree parsed so many files that a whole-tree run went from 45 s to over 12 minutes of CPU. A helper in
    /// another file is judged at the helper, which is reported anyway.
    /// </summary>
    private void Callers(SourceRuleContext context, FunctionDef function)
    {
        foreach (var (call, index) in ZeroCounts.Find(function))
        {
            var callee = call.CalleeName!;
            if (callee == function.Name)
                continue;
            foreach (var symbol in context.Program.FunctionsNamedIn(callee, context.Unit.Path, context.CancellationToken))
            {
                var helper = symbol.Definition;
                if (index >= helper.Parameters.Length || helper.Parameters[index].Name is not { } parameter)
                    continue;
                var wraps = Wrapping(helper).Where(w => w.Match.Count == parameter && w.Match.Form is CountDownForms.PrefixDecrementTested or CountDownForms.DecrementStatementThenTest).Select(w => w.Match).FirstOrDefault();
                if (wraps is null)
                    continue;
                var argument = ExprPrinter.Print(call.Arguments[index]);
                context.Report(
                    RuleId,
                    call.Span,
                    function.Name,
                    key: $"caller {callee} {parameter}",
                    messageArguments: new object?[] { $"{ExprPrinter.Print(call)} passes {(argument == "0" ? "0" : argument + ", which is 0 here,")} as {parameter} to {callee}()" },
                    evidence: new[]
                    {
                        new RawEvidence(symbol.File, wraps.Loop.Span, $"{callee}() decrements {parameter} before it tests it in this loop", helper.Name),
                    },
                    fixHint: $"skip the call when there is nothing to do ('if ({argument}) {callee}(...)'), and make {callee}() rule out 0 itself: 'if (VM_WARN_ON_ONCE(!{parameter})) return;'",
                    messageVariant: "caller");
                break;
            }
        }
    }

    /// <summary>The message variant (rules/FOL004.yaml), its arguments, the decrement's evidence and the fix, by form and signedness.</summary>
    private static (string? Variant, object?[] Arguments, string Decremented, string Fix) Describe(CountDownLoopMatch match, bool signed)
    {
        var count = match.Count;
        var guard = $"rule out 0 at the top of the helper: 'if (VM_WARN_ON_ONCE(!{count})) return;'";
        switch (match.Form)
        {
            case CountDownForms.DecrementedTwice:
                return (signed ? "twice-signed" : "twice", new object?[] { count },
                    $"{ExprPrinter.Print(match.Decrement)} decrements {count} a second time in the same iteration",
                    $"decrement {count} once an iteration, or test it again after the body's decrement: 'if (!{count}) break;'");
            case CountDownForms.SteppedPastZero:
                var step = ExprPrinter.Print(match.Step!);
                return (signed ? "step-signed" : "step", new object?[] { count },
                    $"{ExprPrinter.Print(match.Decrement)} steps {count} down by {step}, which nothing shows divides {count}",
                    $"clamp the step to what is left ('{step} = min({step}, {count});'), or assert that it divides the count, and {guard}");
            default:
                return (signed ? "signed" : null, new object?[] { count },
                    $"{count} is decremented before it is tested",
                    $"test before acting, 'while ({count}--) op(page++);', or {guard}");
        }
    }

    /// <summary><c>PAGE_ALIGN(size)</c> is a multiple of <c>PAGE_SIZE</c>, <c>ALIGN(x, a)</c> of <c>a</c> (batch.yaml aligning_functions).</summary>
    private static bool IsMultipleOf(Expr value, Expr step, IReadOnlyDictionary<string, string> alignments)
    {
        while (value is CastExpr cast)
            value = cast.Operand;
        if (value is not CallExpr { CalleeName: { } name } call || !alignments.TryGetValue(name, out var multiple))
            return false;
        var stepText = ExprPrinter.Print(step);
        if (multiple.StartsWith("@", StringComparison.Ordinal))
            return int.TryParse(multiple.Substring(1), out var n) && n >= 1 && n <= call.Arguments.Length && ExprPrinter.Print(call.Arguments[n - 1]) == stepText;
        return multiple == stepText;
    }

    /// <summary>A value that is never 0: a non-zero literal, <c>1 &lt;&lt; n</c>, or a call or constant listed in batch.yaml.</summary>
    private static bool IsNonZero(Expr value, ImmutableHashSet<string> nonZero) => value switch
    {
        CastExpr cast => IsNonZero(cast.Operand, nonZero),
        LiteralExpr { Kind: LiteralKind.Number } => Comparisons.IntegerValue(value) is { } v && v != 0,
        BinaryExpr { Operator: BinaryOperator.ShiftLeft, Left: var left } => Comparisons.IntegerValue(left) is { } shifted && shifted != 0,
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
