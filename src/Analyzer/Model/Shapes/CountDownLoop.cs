using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Folint.Analyzer.Model;

namespace Folint.Analyzer.Shapes;

/// <summary>A count-down loop found by <see cref="CountDownLoop.Find"/>: the loop, its count and the decrement tested after the work.</summary>
public sealed record CountDownLoopMatch(LoopStmt Loop, string Count, UnaryExpr Decrement, CallExpr PageOperation)
{
    /// <summary>
    /// The loop tests the decremented count with a relational operator (<c>--nr &gt; 0</c>, <c>--nr &lt;= 0</c>):
    /// a signed count goes to -1 and the loop stops, only an unsigned one wraps.
    /// </summary>
    public bool WrapsOnlyWhenUnsigned { get; init; }
}

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
    /// <param name="isAssertion">
    /// Whether a call statement asserts its argument is false from there on (the C rule passes the kernel's
    /// <c>VM_WARN_ON_ONCE()</c> family, the precondition the seed-003 review asked for). Null: no statement asserts.
    /// </param>
    /// <param name="isNonZero">Whether a value assigned to the count is never 0 (<c>folio_nr_pages(folio)</c>, <c>1 &lt;&lt; order</c>). Null: none is known.</param>
    /// <remarks>
    /// A zero count is ruled out by an earlier <c>if (!nr) return;</c> (or <c>== 0</c>, <c>&lt; 1</c>, <c>&lt;= 0</c>,
    /// possibly inside a call such as <c>VM_WARN_ON_ONCE(!nr)</c>, with return, goto, break, continue or throw),
    /// or by an enclosing <c>if (nr)</c> / <c>if (nr != 0)</c>, or by an assertion or a non-zero assignment that the
    /// caller's predicates recognise. Assigning the count anything else undoes what was ruled out. Without
    /// <paramref name="isAssertion"/>, a test that only warns does not rule it out.
    /// Besides <c>for (;;) { ...; if (--nr == 0) break; }</c> and <c>do { } while (--nr)</c>, the shape covers
    /// <c>op(page); while (--nr) op(++page);</c> and conditions that step the page first: <c>while (page++, --nr)</c>.
    /// </remarks>
    public static ImmutableArray<CountDownLoopMatch> Find(BlockStmt body, Func<CallExpr, bool> isPageOperation, Func<CallExpr, bool>? isAssertion = null, Func<Expr, bool>? isNonZero = null)
    {
        var matches = ImmutableArray.CreateBuilder<CountDownLoopMatch>();
        new Walker(isPageOperation, isAssertion, isNonZero, matches).Walk(body, ImmutableHashSet<string>.Empty);
        return matches.ToImmutable();
    }

    /// <summary>
    /// Every loop of the shape in <paramref name="body"/>, nested ones included, with no judgement of what runs
    /// before it: for a frontend that decides "is the count known not to be 0 here" by its own flow analysis (the
    /// Roslyn analyzer asks the compiler's control flow graph) instead of <see cref="Find"/>'s walk.
    /// </summary>
    /// <param name="separateDecrement">
    /// Also match a count decremented by a statement of its own before the test, <c>do { op(page++); nr--; } while (nr);</c>
    /// and <c>for (;;) { op(page++); nr--; if (nr == 0) break; }</c>: the same wrap on a zero count. Off for the C
    /// rule until its file triggers (which look for a tested prefix decrement) are taught the shape.
    /// </param>
    public static ImmutableArray<CountDownLoopMatch> Candidates(BlockStmt body, Func<CallExpr, bool> isPageOperation, bool separateDecrement = false)
    {
        var matches = ImmutableArray.CreateBuilder<CountDownLoopMatch>();
        foreach (var node in ModelWalker.DescendantsAndSelf(body))
        {
            if (node is LoopStmt loop && Match(loop, isPageOperation, separateDecrement) is { } match)
                matches.Add(match);
        }
        return matches.ToImmutable();
    }

    private sealed class Walker
    {
        private readonly Func<CallExpr, bool> _isPageOperation;
        private readonly Func<CallExpr, bool>? _isAssertion;
        private readonly Func<Expr, bool>? _isNonZero;
        private readonly ImmutableArray<CountDownLoopMatch>.Builder _matches;

        public Walker(Func<CallExpr, bool> isPageOperation, Func<CallExpr, bool>? isAssertion, Func<Expr, bool>? isNonZero, ImmutableArray<CountDownLoopMatch>.Builder matches)
        {
            _isPageOperation = isPageOperation;
            _isAssertion = isAssertion;
            _isNonZero = isNonZero;
            _matches = matches;
        }

        public ImmutableHashSet<string> Walk(Stmt statement, ImmutableHashSet<string> guarded) => CountDownLoop.Walk(statement, guarded, this);

        public ImmutableHashSet<string> Assigned(string name, Expr? value, ImmutableHashSet<string> guarded) =>
            value is not null && _isNonZero is not null && _isNonZero(value) ? guarded.Add(name) : guarded.Remove(name);

        public string? Asserted(CallExpr call) =>
            _isAssertion is not null && call.Arguments.Length > 0 && _isAssertion(call) ? ZeroGuardedName(call.Arguments[0]) : null;

        public void Loop(LoopStmt loop, ImmutableHashSet<string> guarded)
        {
            if (Match(loop, _isPageOperation, separateDecrement: false) is { } match && !guarded.Contains(match.Count))
                _matches.Add(match);
        }
    }

    private static ImmutableHashSet<string> Walk(Stmt statement, ImmutableHashSet<string> guarded, Walker walker)
    {
        switch (statement)
        {
            case BlockStmt block:
                var inBlock = guarded;
                foreach (var s in block.Statements)
                    inBlock = Walk(s, inBlock, walker);
                return guarded;
            case DeclStmt decl:
                foreach (var local in decl.Locals)
                    guarded = walker.Assigned(local.Name, local.Initializer, guarded);
                return guarded;
            case ExprStmt { Expression: AssignExpr { Target: NameExpr target } assign }:
                return walker.Assigned(target.Identifier, assign.Operator == "=" ? assign.Value : null, guarded);
            case ExprStmt { Expression: CallExpr call } when walker.Asserted(call) is { } asserted:
                return guarded.Add(asserted);
            case IfStmt ifStmt:
            {
                if (ZeroGuardedName(ifStmt.Condition) is { } zero && Exits(ifStmt.Then))
                {
                    // if (!nr) return; guards what follows in the same block, and the else branch.
                    if (ifStmt.Else is not null)
                        Walk(ifStmt.Else, guarded.Add(zero), walker);
                    return guarded.Add(zero);
                }
                var nonZero = NonZeroName(ifStmt.Condition);
                Walk(ifStmt.Then, nonZero is null ? guarded : guarded.Add(nonZero), walker);
                if (ifStmt.Else is not null)
                    Walk(ifStmt.Else, ZeroGuardedName(ifStmt.Condition) is { } z ? guarded.Add(z) : guarded, walker);
                return guarded;
            }
            case LoopStmt loop:
                walker.Loop(loop, guarded);
                Walk(loop.Body, guarded, walker);
                return guarded;
            default:
                foreach (var child in ModelWalker.Children(statement))
                {
                    if (child is Stmt s)
                        Walk(s, guarded, walker);
                }
                return guarded;
        }
    }

    private static CountDownLoopMatch? Match(LoopStmt loop, Func<CallExpr, bool> isPageOperation, bool separateDecrement)
    {
        UnaryExpr? decrement = null;
        Expr? test = null;
        if (loop.Kind is LoopKind.DoWhile || loop.Kind is LoopKind.For or LoopKind.While && !IsForever(loop.Condition))
        {
            // do { ... } while (--nr);  while (--nr != 0) { ... }  do { ... } while (page++, --nr > 0);
            if (loop.Condition is not null)
            {
                test = LastOperand(loop.Condition);
                decrement = PreDecrement(Comparisons.NonZeroTestOperand(test) ?? test);
                // do { ...; nr--; } while (nr != 0): the body decrements before the first test.
                if (decrement is null && separateDecrement && loop.Kind is LoopKind.DoWhile && Comparisons.NonZeroTestOperand(test) is NameExpr tested && loop.Body is BlockStmt body)
                    decrement = body.Statements.Select(s => DecrementStatement(s, tested.Identifier)).LastOrDefault(d => d is not null);
            }
        }
        else if (loop.Kind is LoopKind.For or LoopKind.While && loop.Body is BlockStmt block)
        {
            // for (;;) { ...; if (--nr == 0) break; ... }  and, with separateDecrement, for (;;) { ...; nr--; if (nr == 0) break; }
            var decremented = new Dictionary<string, UnaryExpr>(StringComparer.Ordinal);
            foreach (var s in block.Statements)
            {
                if (separateDecrement && s is ExprStmt { Expression: UnaryExpr { Operator: "--", Operand: NameExpr name } step })
                    decremented[name.Identifier] = step;
                if (s is not IfStmt { Else: null } exit || !Leaves(exit.Then) || Comparisons.ZeroTestOperand(LastOperand(exit.Condition)) is not { } operand)
                    continue;
                var d = PreDecrement(operand) ?? (operand is NameExpr zero && decremented.TryGetValue(zero.Identifier, out var before) ? before : null);
                if (d is not null)
                {
                    decrement = d;
                    test = LastOperand(exit.Condition);
                    break;
                }
            }
        }
        if (decrement?.Operand is not NameExpr count)
            return null;
        foreach (var node in ModelWalker.DescendantsAndSelf(loop.Body))
        {
            if (node is CallExpr call && isPageOperation(call))
                return new CountDownLoopMatch(loop, count.Identifier, decrement, call) { WrapsOnlyWhenUnsigned = test is BinaryExpr { Operator: ">" or ">=" or "<" or "<=" } };
        }
        return null;
    }

    /// <summary><c>nr--;</c> or <c>--nr;</c> as a statement of its own.</summary>
    private static UnaryExpr? DecrementStatement(Stmt statement, string count) =>
        statement is ExprStmt { Expression: UnaryExpr { Operator: "--", Operand: NameExpr name } step } && name.Identifier == count ? step : null;

    /// <summary>The value a comma expression yields: <c>--nr</c> in <c>(page++, --nr)</c>.</summary>
    private static Expr LastOperand(Expr e) => e is BinaryExpr { Operator: "," } comma ? LastOperand(comma.Right) : e;

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
