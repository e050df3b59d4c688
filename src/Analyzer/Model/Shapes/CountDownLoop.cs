using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Folint.Analyzer.Model;

namespace Folint.Analyzer.Shapes;

/// <summary>The count-down forms <see cref="CountDownLoop.Find"/> looks for; a frontend opts into those it reports.</summary>
[Flags]
public enum CountDownForms
{
    /// <summary>The test decrements: <c>if (--nr == 0) break;</c>, <c>do { } while (--nr);</c>, <c>while (--nr)</c> (seed 003).</summary>
    PrefixDecrementTested = 1,

    /// <summary>
    /// The decrement is a statement of its own before a test of the count, in a loop whose body runs before its first
    /// test: <c>do { op(page++); nr--; } while (nr);</c>, <c>for (;;) { op(page++); nr--; if (!nr) break; }</c>.
    /// </summary>
    DecrementStatementThenTest = 2,

    /// <summary>A loop that tests the count for 0 and decrements it twice an iteration: <c>for (; nr; nr--) { ...; nr--; }</c>.</summary>
    DecrementedTwice = 4,

    /// <summary>A loop that tests the count for 0 and steps it down by more than 1 (<c>nr -= step</c>), the step not clamped to the count.</summary>
    SteppedPastZero = 8,

    All = PrefixDecrementTested | DecrementStatementThenTest | DecrementedTwice | SteppedPastZero,
}

/// <summary>A count-down loop found by <see cref="CountDownLoop.Find"/>: the loop, its count and the decrement tested after the work.</summary>
/// <param name="Decrement">The decrement that takes the count past 0: <c>--nr</c>, <c>nr--</c>, <c>nr -= step</c>.</param>
public sealed record CountDownLoopMatch(LoopStmt Loop, string Count, Expr Decrement, CallExpr PageOperation)
{
    public CountDownForms Form { get; init; } = CountDownForms.PrefixDecrementTested;

    /// <summary>For <see cref="CountDownForms.SteppedPastZero"/>: the step subtracted (<c>step</c> in <c>nr -= step</c>).</summary>
    public Expr? Step { get; init; }

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
    /// <param name="forms">The forms to report; by default the seed's (<see cref="CountDownForms.PrefixDecrementTested"/>).</param>
    /// <param name="isMultipleOf">
    /// For <see cref="CountDownForms.SteppedPastZero"/>: whether a value assigned to the count is a multiple of the step
    /// (the C rule: <c>PAGE_ALIGN(size)</c> of <c>PAGE_SIZE</c>, <c>ALIGN(x, a)</c> of <c>a</c>). A count every
    /// assignment of which is a multiple of the step, or a product with it, reaches 0 exactly. Null: only products.
    /// </param>
    public static ImmutableArray<CountDownLoopMatch> Find(BlockStmt body, Func<CallExpr, bool> isPageOperation, Func<CallExpr, bool>? isAssertion = null, Func<Expr, bool>? isNonZero = null, CountDownForms forms = CountDownForms.PrefixDecrementTested, Func<Expr, Expr, bool>? isMultipleOf = null)
    {
        var matches = ImmutableArray.CreateBuilder<CountDownLoopMatch>();
        new Walker(isPageOperation, isAssertion, isNonZero, forms, body, isMultipleOf, matches).Walk(body, ImmutableHashSet<string>.Empty);
        return matches.ToImmutable();
    }

    /// <summary>
    /// Every loop of the shape in <paramref name="body"/>, nested ones included, with no judgement of what runs
    /// before it: for a frontend that decides "is the count known not to be 0 here" by its own flow analysis (the
    /// Roslyn analyzer asks the compiler's control flow graph) instead of <see cref="Find"/>'s walk.
    /// </summary>
    /// <param name="separateDecrement">
    /// Also match a count decremented by a statement of its own before the test, <c>do { op(page++); nr--; } while (nr);</c>
    /// and <c>for (;;) { op(page++); nr--; if (nr == 0) break; }</c>: the same wrap on a zero count
    /// (<see cref="CountDownForms.DecrementStatementThenTest"/>; the C rule asks <see cref="Find"/> for every form).
    /// </param>
    public static ImmutableArray<CountDownLoopMatch> Candidates(BlockStmt body, Func<CallExpr, bool> isPageOperation, bool separateDecrement = false)
    {
        var forms = CountDownForms.PrefixDecrementTested | (separateDecrement ? CountDownForms.DecrementStatementThenTest : 0);
        var matches = ImmutableArray.CreateBuilder<CountDownLoopMatch>();
        foreach (var node in ModelWalker.DescendantsAndSelf(body))
        {
            if (node is LoopStmt loop && Match(loop, isPageOperation, forms, body, isMultipleOf: null) is { } match)
                matches.Add(match);
        }
        return matches.ToImmutable();
    }

    private sealed class Walker
    {
        private readonly Func<CallExpr, bool> _isPageOperation;
        private readonly Func<CallExpr, bool>? _isAssertion;
        private readonly Func<Expr, bool>? _isNonZero;
        private readonly CountDownForms _forms;
        private readonly BlockStmt _function;
        private readonly ImmutableArray<CountDownLoopMatch>.Builder _matches;

        private readonly Func<Expr, Expr, bool>? _isMultipleOf;

        public Walker(Func<CallExpr, bool> isPageOperation, Func<CallExpr, bool>? isAssertion, Func<Expr, bool>? isNonZero, CountDownForms forms, BlockStmt function, Func<Expr, Expr, bool>? isMultipleOf, ImmutableArray<CountDownLoopMatch>.Builder matches)
        {
            _isMultipleOf = isMultipleOf;
            _isPageOperation = isPageOperation;
            _isAssertion = isAssertion;
            _isNonZero = isNonZero;
            _forms = forms;
            _function = function;
            _matches = matches;
        }

        public ImmutableHashSet<string> Walk(Stmt statement, ImmutableHashSet<string> guarded) => CountDownLoop.Walk(statement, guarded, this);

        /// <summary>A count assigned a value known not to be 0, or a copy of a count already ruled non-zero (<c>i = nr</c>), stays guarded.</summary>
        public ImmutableHashSet<string> Assigned(string name, Expr? value, ImmutableHashSet<string> guarded) =>
            value is not null && (_isNonZero is not null && _isNonZero(value) || Unwrapped(value) is NameExpr copy && guarded.Contains(copy.Identifier))
                ? guarded.Add(name)
                : guarded.Remove(name);

        public string? Asserted(CallExpr call) =>
            _isAssertion is not null && call.Arguments.Length > 0 && _isAssertion(call) ? ZeroGuardedName(call.Arguments[0]) : null;

        public void Loop(LoopStmt loop, ImmutableHashSet<string> guarded)
        {
            if (Match(loop, _isPageOperation, _forms, _function, _isMultipleOf) is not { } match)
                return;
            // A zero count is what a guard rules out; a step that overshoots a non-zero count is not.
            if (match.Form != CountDownForms.SteppedPastZero && guarded.Contains(match.Count))
                return;
            _matches.Add(match);
        }
    }

    private static Expr Unwrapped(Expr e) => e is CastExpr cast ? Unwrapped(cast.Operand) : e;

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
                return walker.Assigned(target.Identifier, assign.Operator == AssignOperator.Assign ? assign.Value : null, guarded);
            case ExprStmt { Expression: UnaryExpr { Operator: UnaryOperator.Decrement, Operand: NameExpr decremented } }:
                return guarded.Remove(decremented.Identifier);
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

    private static CountDownLoopMatch? Match(LoopStmt loop, Func<CallExpr, bool> isPageOperation, CountDownForms forms, BlockStmt function, Func<Expr, Expr, bool>? isMultipleOf)
    {
        if (PageOperationIn(loop, isPageOperation) is not { } operation)
            return null;
        if ((forms & CountDownForms.PrefixDecrementTested) != 0 && PrefixDecrementTested(loop) is { } tested)
            return new CountDownLoopMatch(loop, tested.Count, tested.Decrement, operation) { WrapsOnlyWhenUnsigned = tested.Relational };
        if ((forms & CountDownForms.DecrementStatementThenTest) != 0 && DecrementStatementThenTest(loop) is { } statement)
            return new CountDownLoopMatch(loop, statement.Count, statement.Decrement, operation) { Form = CountDownForms.DecrementStatementThenTest, WrapsOnlyWhenUnsigned = statement.Relational };
        if (TestedCount(loop) is not { } count)
            return null;
        if ((forms & CountDownForms.DecrementedTwice) != 0 && DecrementedTwice(loop, count.Name) is { } twice)
            return new CountDownLoopMatch(loop, count.Name, twice, operation) { Form = CountDownForms.DecrementedTwice, WrapsOnlyWhenUnsigned = count.Relational };
        if ((forms & CountDownForms.SteppedPastZero) != 0 && SteppedPastZero(loop, count.Name, function, isMultipleOf) is { } stepped)
            return new CountDownLoopMatch(loop, count.Name, stepped.Decrement, operation) { Form = CountDownForms.SteppedPastZero, Step = stepped.Step, WrapsOnlyWhenUnsigned = count.Relational };
        return null;
    }

    private static CallExpr? PageOperationIn(LoopStmt loop, Func<CallExpr, bool> isPageOperation)
    {
        foreach (var node in ModelWalker.DescendantsAndSelf(loop.Body))
        {
            if (node is CallExpr call && isPageOperation(call))
                return call;
        }
        return null;
    }

    private static (string Count, UnaryExpr Decrement, bool Relational)? PrefixDecrementTested(LoopStmt loop)
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
            }
        }
        else if (loop.Kind is LoopKind.For or LoopKind.While && loop.Body is BlockStmt block)
        {
            // for (;;) { ...; if (--nr == 0) break; ... }  (the decrement as a statement: DecrementStatementThenTest)
            foreach (var s in block.Statements)
            {
                if (s is IfStmt { Else: null } exit && Leaves(exit.Then) && Comparisons.ZeroTestOperand(LastOperand(exit.Condition)) is { } operand && PreDecrement(operand) is { } d)
                {
                    decrement = d;
                    test = LastOperand(exit.Condition);
                    break;
                }
            }
        }
        if (decrement?.Operand is not NameExpr count)
            return null;
        return (count.Identifier, decrement, IsRelational(test));
    }

    private static bool IsRelational(Expr? test) => test is BinaryExpr { Operator: BinaryOperator.Greater or BinaryOperator.GreaterOrEqual or BinaryOperator.Less or BinaryOperator.LessOrEqual };

    /// <summary>
    /// <c>do { ...; nr--; } while (nr);</c> and <c>for (;;) { ...; nr--; if (!nr) break; }</c>: the body runs before the
    /// first test, and an unconditional decrement statement of the count comes before the test with no exit on a zero
    /// count between them.
    /// </summary>
    private static (string Count, Expr Decrement, bool Relational)? DecrementStatementThenTest(LoopStmt loop)
    {
        if (loop.Body is not BlockStmt block)
            return null;
        if (loop.Kind is LoopKind.DoWhile && loop.Condition is not null)
        {
            var test = LastOperand(loop.Condition);
            if (Unwrapped(Comparisons.NonZeroTestOperand(test) ?? test) is not NameExpr count)
                return null;
            // An exit on a zero count before the decrement (do { if (!nr) break; ...; nr--; } while (nr)) keeps 0 out;
            // one after it comes too late: the decrement has wrapped the count already.
            foreach (var statement in block.Statements)
            {
                if (ExitsOnZero(statement, count.Identifier))
                    return null;
                if (DecrementOf(statement, count.Identifier, loop) is { } decrement)
                    return (count.Identifier, decrement, IsRelational(test));
            }
            return null;
        }
        if (loop.Kind is LoopKind.For or LoopKind.While && IsForever(loop.Condition))
        {
            for (var k = 0; k < block.Statements.Length; k++)
            {
                if (block.Statements[k] is not IfStmt { Else: null } exit || !Leaves(exit.Then))
                    continue;
                var test = LastOperand(exit.Condition);
                if (Comparisons.ZeroTestOperand(test) is not { } operand || Unwrapped(operand) is not NameExpr count)
                    continue;
                for (var j = 0; j < k; j++)
                {
                    if (ExitsOnZero(block.Statements[j], count.Identifier))
                        return null;
                    if (DecrementOf(block.Statements[j], count.Identifier, loop) is { } decrement)
                        return (count.Identifier, decrement, IsRelational(test));
                }
                return null;
            }
        }
        return null;
    }

    /// <summary>The count a for/while/do loop's condition tests for 0: <c>nr</c>, <c>nr != 0</c>, <c>nr &gt; 0</c>.</summary>
    private static (string Name, bool Relational)? TestedCount(LoopStmt loop)
    {
        if (loop.Kind is LoopKind.IteratorMacro || loop.Condition is null)
            return null;
        var test = LastOperand(loop.Condition);
        if (Comparisons.NonZeroTestOperand(test) is not { } operand || Unwrapped(operand) is not NameExpr count)
            return null;
        // while ((long)size > 0): the cast makes the relational test signed, so a count stepped past 0 stops it.
        if (IsRelational(test) && operand is CastExpr { Type.Base: var castTo } && !castTo.Contains("unsigned") && castTo is not ("size_t" or "u64" or "u32" or "u16" or "u8" or "unsigned" or "uint" or "ulong"))
            return null;
        return (count.Identifier, IsRelational(test));
    }

    /// <summary>
    /// <c>for (; nr; nr--) { ...; nr--; }</c>: the update decrements the count and so does a statement of the body that
    /// no test of the count guards; when that statement takes the count to 0, the update wraps it.
    /// </summary>
    private static Expr? DecrementedTwice(LoopStmt loop, string count)
    {
        if (loop.Kind is not LoopKind.For || loop.Update is null || !ModelWalker.DescendantsAndSelf(loop.Update).OfType<Expr>().Any(e => IsDecrement(e, count, loop) is not null))
            return null;
        return UnguardedDecrement(loop.Body, count, loop);
    }

    private static Expr? UnguardedDecrement(Stmt statement, string count, LoopStmt loop)
    {
        switch (statement)
        {
            case ExprStmt expression when DecrementOf(expression, count, loop) is { } decrement:
                return decrement;
            case IfStmt ifStmt when Mentions(ifStmt.Condition, count):
                return null;
            case LoopStmt:
                return null;
            default:
                foreach (var child in ModelWalker.Children(statement))
                {
                    if (child is Stmt s && UnguardedDecrement(s, count, loop) is { } found)
                        return found;
                }
                return null;
        }
    }

    /// <summary>
    /// A loop that tests the count for 0 and subtracts a step other than 1 from it (<c>nr -= step</c>, <c>nr = nr - step</c>),
    /// in its update or as a statement of its body, where the step is not clamped to the count (<c>step = min(nr, ...)</c>,
    /// <c>if (step &gt; nr) step = nr;</c>) nor asserted to divide it (<c>IS_ALIGNED(nr, step)</c>, <c>nr % step</c>).
    /// </summary>
    private static (Expr Decrement, Expr Step)? SteppedPastZero(LoopStmt loop, string count, BlockStmt function, Func<Expr, Expr, bool>? isMultipleOf)
    {
        var candidates = new List<Expr>();
        if (loop.Update is not null)
            candidates.Add(loop.Update);
        if (loop.Body is BlockStmt block)
        {
            foreach (var s in block.Statements)
            {
                if (s is ExprStmt e)
                    candidates.Add(e.Expression);
            }
        }
        foreach (var candidate in candidates)
        {
            foreach (var node in ModelWalker.DescendantsAndSelf(candidate))
            {
                if (node is not Expr e || SubtractedStep(e, count) is not { } step)
                    continue;
                if (Comparisons.IntegerValue(step) is 1 or 0 || !IsInvariant(step, loop) || IsClampedOrAligned(step, count, function) || AlwaysMultipleOf(count, step, function, isMultipleOf))
                    return null;
                return (e, step);
            }
        }
        return null;
    }

    private static Expr? SubtractedStep(Expr e, string count) => e switch
    {
        AssignExpr { Operator: AssignOperator.Subtract, Target: var target, Value: var step } when Comparisons.IsName(target, count) => step,
        AssignExpr { Operator: AssignOperator.Assign, Target: var target, Value: BinaryExpr { Operator: BinaryOperator.Subtract, Left: var left, Right: var step } } when Comparisons.IsName(target, count) && Comparisons.IsName(left, count) => step,
        _ => null,
    };

    /// <summary>The step is min(count, ...) or a variable the function clamps to the count or asserts divides it.</summary>
    private static bool IsClampedOrAligned(Expr step, string count, BlockStmt function)
    {
        if (IsMinWith(step, count))
            return true;
        var stepName = Unwrapped(step) is NameExpr n ? n.Identifier : null;
        foreach (var node in ModelWalker.DescendantsAndSelf(function))
        {
            switch (node)
            {
                case LocalDecl { Initializer: { } init } local when local.Name == stepName && IsMinWith(init, count):
                case AssignExpr { Operator: AssignOperator.Assign, Target: NameExpr target, Value: var value } when target.Identifier == stepName && (IsMinWith(value, count) || Comparisons.IsName(value, count)):
                    return true;
                case CallExpr { CalleeName: "IS_ALIGNED" or "IS_ALIGNED_DOWN" } aligned when aligned.Arguments.Length == 2 && Comparisons.IsName(aligned.Arguments[0], count):
                    return true;
                case BinaryExpr { Operator: BinaryOperator.Remainder or BinaryOperator.BitwiseAnd } remainder when Comparisons.IsName(remainder.Left, count):
                    return true;
            }
        }
        return false;
    }

    /// <summary>Every value the function assigns the count (a parameter has none it can see) is a multiple of the step.</summary>
    private static bool AlwaysMultipleOf(string count, Expr step, BlockStmt function, Func<Expr, Expr, bool>? isMultipleOf)
    {
        var any = false;
        foreach (var node in ModelWalker.DescendantsAndSelf(function))
        {
            var value = node switch
            {
                LocalDecl { Initializer: { } init } local when local.Name == count => init,
                AssignExpr { Operator: AssignOperator.Assign, Target: var target, Value: var assigned } when Comparisons.IsName(target, count) => assigned,
                _ => null,
            };
            if (value is null)
                continue;
            if (!IsProductWith(value, step) && !(isMultipleOf?.Invoke(value, step) ?? false))
                return false;
            any = true;
        }
        return any;
    }

    private static bool IsProductWith(Expr value, Expr step) =>
        Unwrapped(value) is BinaryExpr { Operator: BinaryOperator.Multiply } product && (Same(product.Left, step) || Same(product.Right, step));

    private static bool Same(Expr a, Expr b) => ExprPrinter.Print(Unwrapped(a)) == ExprPrinter.Print(Unwrapped(b));

    private static bool IsMinWith(Expr e, string count) =>
        Unwrapped(e) is CallExpr { CalleeName: "min" or "min_t" or "umin" or "min3" } call && call.Arguments.Any(a => Mentions(a, count));

    private static bool Mentions(Expr e, string name) =>
        ModelWalker.DescendantsAndSelf(e).Any(n => n is NameExpr found && found.Identifier == name);

    /// <summary>
    /// An expression statement that decrements the count: <c>nr--;</c>, <c>--nr;</c>, <c>nr -= k;</c>, <c>nr = nr - k;</c>
    /// with a step <paramref name="loop"/> does not compute (<see cref="IsInvariant"/>).
    /// </summary>
    private static Expr? DecrementOf(Stmt statement, string count, LoopStmt loop) =>
        statement is ExprStmt { Expression: var e } ? IsDecrement(e, count, loop) : null;

    private static Expr? IsDecrement(Expr e, string count, LoopStmt loop) => e switch
    {
        UnaryExpr { Operator: UnaryOperator.Decrement, Operand: var operand } when Comparisons.IsName(operand, count) => e,
        _ when SubtractedStep(e, count) is { } step && IsInvariant(step, loop) => e,
        _ => null,
    };

    /// <summary>
    /// A step the loop does not compute: a literal, or a name no statement of the loop assigns (a parameter, a
    /// constant). A step computed in the loop is what one round consumed (<c>len -= n</c> after <c>n = copy(..., len)</c>),
    /// bounded by what was asked, and 0 when nothing was asked; whether it can overshoot is beyond this shape.
    /// </summary>
    private static bool IsInvariant(Expr step, LoopStmt loop)
    {
        if (Comparisons.IntegerValue(step) is not null)
            return true;
        if (Unwrapped(step) is not NameExpr name)
            return false;
        foreach (var node in ModelWalker.DescendantsAndSelf(loop))
        {
            switch (node)
            {
                case AssignExpr { Target: var target } when Comparisons.IsName(target, name.Identifier):
                case UnaryExpr { Operator: UnaryOperator.Increment or UnaryOperator.Decrement, Operand: var operand } when Comparisons.IsName(operand, name.Identifier):
                case LocalDecl local when local.Name == name.Identifier:
                    return false;
            }
        }
        return true;
    }

    /// <summary><c>if (!nr) break;</c> (or return, goto) in the body: the loop leaves before the wrapped count is used.</summary>
    private static bool ExitsOnZero(Stmt statement, string count) =>
        statement is IfStmt { Else: null } exit && Leaves(exit.Then) && Comparisons.ZeroTestOperand(LastOperand(exit.Condition)) is { } operand && Comparisons.IsName(operand, count);

    /// <summary>The value a comma expression yields: <c>--nr</c> in <c>(page++, --nr)</c>.</summary>
    private static Expr LastOperand(Expr e) => e is BinaryExpr { Operator: BinaryOperator.Comma } comma ? LastOperand(comma.Right) : e;

    private static UnaryExpr? PreDecrement(Expr e) =>
        e is UnaryExpr { Operator: UnaryOperator.Decrement, IsPostfix: false } u ? u : e is CastExpr c ? PreDecrement(c.Operand) : null;

    private static bool IsForever(Expr? condition) =>
        condition is null
        || condition is NameExpr { Identifier: "true" }
        || condition is LiteralExpr { Kind: LiteralKind.Number } literal && Comparisons.IntegerValue(literal) is { } v && v != 0;

    /// <summary>The count a condition says is zero: <c>!nr</c>, <c>nr == 0</c>, <c>VM_WARN_ON_ONCE(!nr)</c>, <c>!nr || ...</c>.</summary>
    private static string? ZeroGuardedName(Expr condition)
    {
        if (Comparisons.ZeroTestOperand(condition) is NameExpr name)
            return name.Identifier;
        if (condition is BinaryExpr { Operator: BinaryOperator.LogicalOr } or)
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
        if (condition is BinaryExpr { Operator: BinaryOperator.LogicalAnd } and)
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
