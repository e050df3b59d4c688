using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Folint.Analyzer.Model;

namespace Folint.Analyzer.Rules.Shapes;

/// <summary>A count-down loop found by <see cref="CountDownLoop.Find"/>: the loop, its count and the decrement tested after the work.</summary>
public sealed record CountDownLoopMatch(LoopStmt Loop, string Count, UnaryExpr Decrement, CallExpr PageOperation);

/// <summary>
/// FOL004's shape, for every frontend: a loop over page operations that decrements its count before testing it,
/// <c>for (;;) { op(page); if (--nr == 0) break; ++page; }</c> or <c>do { op(page++); } while (--nr);</c>, with
/// no test before it that rules out a zero count. When the count is 0 the first decrement wraps and the loop
/// runs about 4 billion times (seed 003, copied from set_ptes()).
/// </summary>
public static class CountDownLoop
{
    /// <param name="body">A function body in the body model.</param>
    /// <param name="isPageOperation">
    /// Whether a call changes page metadata (a flag, a refcount, a mapcount): the C frontend answers from the
    /// kernel's accessor names, the Roslyn adapter from the simulation's attributes. A count-down loop without
    /// such a call (over page-table entries, say) does not match.
    /// </param>
    /// <remarks>
    /// A zero count is ruled out by an earlier <c>if (!nr) return;</c> (or <c>== 0</c>, <c>&lt; 1</c>, <c>&lt;= 0</c>,
    /// possibly inside a call such as <c>VM_WARN_ON_ONCE(!nr)</c>, with return, goto, break, continue or throw),
    /// or by an enclosing <c>if (nr)</c> / <c>if (nr != 0)</c>. A test that only warns does not rule it out.
    /// </remarks>
    public static ImmutableArray<CountDownLoopMatch> Find(BlockStmt body, Func<CallExpr, bool> isPageOperation)
    {
        var matches = ImmutableArray.CreateBuilder<CountDownLoopMatch>();
        Walk(body, ImmutableHashSet<string>.Empty, isPageOperation, matches);
        return matches.ToImmutable();
    }

    private static ImmutableHashSet<string> Walk(Stmt statement, ImmutableHashSet<string> guarded, Func<CallExpr, bool> isPageOperation, ImmutableArray<CountDownLoopMatch>.Builder matches)
    {
        switch (statement)
        {
            case BlockStmt block:
                var inBlock = guarded;
                foreach (var s in block.Statements)
                    inBlock = Walk(s, inBlock, isPageOperation, matches);
                return guarded;
            case IfStmt ifStmt:
            {
                if (ZeroGuardedName(ifStmt.Condition) is { } zero && Exits(ifStmt.Then))
                {
                    // if (!nr) return; guards what follows in the same block, and the else branch.
                    if (ifStmt.Else is not null)
                        Walk(ifStmt.Else, guarded.Add(zero), isPageOperation, matches);
                    return guarded.Add(zero);
                }
                var nonZero = NonZeroName(ifStmt.Condition);
                Walk(ifStmt.Then, nonZero is null ? guarded : guarded.Add(nonZero), isPageOperation, matches);
                if (ifStmt.Else is not null)
                    Walk(ifStmt.Else, ZeroGuardedName(ifStmt.Condition) is { } z ? guarded.Add(z) : guarded, isPageOperation, matches);
                return guarded;
            }
            case LoopStmt loop:
                if (Match(loop, isPageOperation) is { } match && !guarded.Contains(match.Count))
                    matches.Add(match);
                Walk(loop.Body, guarded, isPageOperation, matches);
                return guarded;
            default:
                foreach (var child in ModelWalker.Children(statement))
                {
                    if (child is Stmt s)
                        Walk(s, guarded, isPageOperation, matches);
                }
                return guarded;
        }
    }

    private static CountDownLoopMatch? Match(LoopStmt loop, Func<CallExpr, bool> isPageOperation)
    {
        UnaryExpr? decrement = null;
        if (loop.Kind == LoopKind.DoWhile)
        {
            // do { ... } while (--nr);  while (--nr != 0)
            if (loop.Condition is not null)
                decrement = PreDecrement(Comparisons.NonZeroTestOperand(loop.Condition) ?? loop.Condition);
        }
        else if (loop.Kind is LoopKind.For or LoopKind.While && IsForever(loop.Condition) && loop.Body is BlockStmt block)
        {
            // for (;;) { ...; if (--nr == 0) break; ... }
            foreach (var s in block.Statements)
            {
                if (s is IfStmt { Else: null } test && Leaves(test.Then) && Comparisons.ZeroTestOperand(test.Condition) is { } operand && PreDecrement(operand) is { } d)
                {
                    decrement = d;
                    break;
                }
            }
        }
        if (decrement?.Operand is not NameExpr count)
            return null;
        foreach (var node in ModelWalker.DescendantsAndSelf(loop.Body))
        {
            if (node is CallExpr call && isPageOperation(call))
                return new CountDownLoopMatch(loop, count.Identifier, decrement, call);
        }
        return null;
    }

    private static UnaryExpr? PreDecrement(Expr e) =>
        e is UnaryExpr { Operator: "--", IsPostfix: false } u ? u : e is CastExpr c ? PreDecrement(c.Operand) : null;

    private static bool IsForever(Expr? condition) =>
        condition is null
        || condition is NameExpr { Identifier: "true" }
        || condition is LiteralExpr { Kind: LiteralKind.Number } literal && Comparisons.IntegerValue(literal) is { } v && v != 0;

    /// <summary>The count a condition says is zero: <c>!nr</c>, <c>nr == 0</c>, <c>VM_WARN_ON_ONCE(!nr)</c>, <c>!nr || ...</c>.</summary>
    private static string? ZeroGuardedName(Expr condition)
    {
        if (Comparisons.ZeroTestOperand(condition) is NameExpr name)
            return name.Identifier;
        if (condition is BinaryExpr { Operator: "||" } or)
            return ZeroGuardedName(or.Left) ?? ZeroGuardedName(or.Right);
        if (condition is CallExpr { Arguments.Length: 1 } call)
            return ZeroGuardedName(call.Arguments[0]);
        return null;
    }

    /// <summary>The count a condition says is not zero: <c>nr</c>, <c>nr != 0</c>, <c>nr &gt; 0</c>, <c>nr &amp;&amp; ...</c>.</summary>
    private static string? NonZeroName(Expr condition)
    {
        if (Comparisons.NonZeroTestOperand(condition) is NameExpr name)
            return name.Identifier;
        if (condition is BinaryExpr { Operator: "&&" } and)
            return NonZeroName(and.Left) ?? NonZeroName(and.Right);
        if (condition is CallExpr { Arguments.Length: 1 } call && Comparisons.CalleeName(call) is "likely" or "unlikely")
            return NonZeroName(call.Arguments[0]);
        return null;
    }

    /// <summary>The branch leaves the code that follows: return, throw, goto, break or continue, possibly after other statements.</summary>
    private static bool Exits(Stmt statement) => statement switch
    {
        ReturnStmt or ThrowStmt or JumpStmt => true,
        BlockStmt { Statements.Length: > 0 } block => Exits(block.Statements[block.Statements.Length - 1]),
        _ => false,
    };

    /// <summary>The loop's own exit: break (or return, goto) as the whole then-branch.</summary>
    private static bool Leaves(Stmt statement) => statement switch
    {
        JumpStmt { Kind: JumpKind.Break or JumpKind.Goto } or ReturnStmt => true,
        BlockStmt { Statements.Length: 1 } block => Leaves(block.Statements[0]),
        _ => false,
    };
}
