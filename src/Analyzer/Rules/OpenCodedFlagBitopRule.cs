using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Folint.Analyzer.Model;
using Folint.Analyzer.Rules.Kernel;

namespace Folint.Analyzer.Rules;

/// <summary>
/// FOL000: a plain read-modify-write of a page or folio flags word written out by hand:
/// <c>__set_bit(PG_x, &amp;page->flags)</c>, <c>page->flags |= m</c>, <c>page[1].flags &amp;= ~m</c>.
/// Seed 000: such an update rewrites the whole word and loses concurrent atomic updates of the other flags.
/// </summary>
public sealed class OpenCodedFlagBitopRule : ISourceRule
{
    public const string RuleId = "FOL000";

    private static readonly HashSet<string> RmwOperators = new(StringComparer.Ordinal) { "|=", "&=", "^=" };

    public string Id => RuleId;

    public void Analyze(SourceRuleContext context)
    {
        var pages = new PageObjects(context.Knowledge);
        var bitops = new HashSet<string>(context.Knowledge.List("pages.nonatomic_bitops"), StringComparer.Ordinal);
        var accessorPrefixes = context.Knowledge.List("pages.nonatomic_accessor_prefixes");
        foreach (var function in context.Unit.Functions)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (accessorPrefixes.Any(prefix => function.Name.StartsWith(prefix, StringComparison.Ordinal)))
                continue;
            var scope = new FunctionScope(function);
            foreach (var node in ModelWalker.DescendantsAndSelf(function.Body))
            {
                switch (node)
                {
                    case CallExpr { CalleeName: { } callee } call when bitops.Contains(callee) && call.Arguments.Length >= 2:
                        if (call.Arguments[1] is UnaryExpr { Operator: "&" } address && pages.IsFlagsWord(address.Operand, scope, out _, out _))
                        {
                            var bit = ExprPrinter.Print(call.Arguments[0]);
                            var word = ExprPrinter.Print(address.Operand);
                            Report(context, function, call.Span, $"{callee}({bit})", word, AtomicTwin(context, call));
                        }
                        break;
                    case AssignExpr assign when RmwOperators.Contains(assign.Operator) && pages.IsFlagsWord(assign.Target, scope, out _, out _):
                        var target = ExprPrinter.Print(assign.Target);
                        Report(context, function, assign.Span, $"'{assign.Operator}'", target, fix: null);
                        break;
                }
            }
        }
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

    private static void Report(SourceRuleContext context, FunctionDef function, TextSpan span, string operation, string word, RawFix? fix)
    {
        context.Report(
            RuleId,
            span,
            function.Name,
            key: operation + " " + word,
            messageArguments: new object?[] { operation, word },
            fixHint: "use the flag's atomic accessor (folio_set_foo(), SetPageFoo()) or set_bit()/clear_bit(); keep a non-atomic update only where no other CPU can see the page (allocation before publication, freeing after the refcount reached 0)",
            fix: fix);
    }
}
