using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Folint.Analyzer.Model;

namespace Folint.Analyzer.Shapes;

public enum ZeroClampForm
{
    /// <summary><c>if (mapcount &lt; 0) mapcount = 0;</c></summary>
    IfNegativeAssignZero,

    /// <summary><c>mapcount &lt; 0 ? 0 : mapcount</c> (or <c>mapcount &gt;= 0 ? mapcount : 0</c>).</summary>
    NegativeConditional,

    /// <summary><c>max(mapcount, 0)</c>, <c>max_t(int, mapcount, 0)</c>, <c>Math.Max(mapcount, 0)</c>.</summary>
    MaxWithZero,

    /// <summary><c>if (mapcount &lt; 0) return 0;</c>: the caller reads 0 for every negative value.</summary>
    ReturnZeroWhenNegative,

    /// <summary><c>clamp(mapcount, 0, n)</c>, <c>clamp_t(int, mapcount, 0, n)</c>, <c>Math.Clamp(mapcount, 0, n)</c>.</summary>
    ClampWithZeroFloor,
}

/// <summary>
/// A clamp found by <see cref="ZeroClamp.Find"/>: the node that clamps, the value it clamps (the operand of the
/// sign test or of max), the mapcount read that value comes from, and the variable when the value is one.
/// </summary>
public sealed record ZeroClampMatch(ZeroClampForm Form, Node Clamp, Expr Clamped, Expr MapcountRead, string? Variable);

/// <summary>
/// FOL003's shape, for every frontend: a value derived from a mapcount read, clamped to 0 by a sign test
/// (<c>if (x &lt; 0) x = 0;</c>, <c>if (x &lt; 0) return 0;</c>, <c>x &lt; 0 ? 0 : x</c>, <c>x &gt; 0 ? x : 0</c>,
/// <c>max(x, 0)</c>, <c>clamp(x, 0, n)</c>). page->_mapcount is stored offset by -1 and shares its storage with
/// page_type, so "negative" covers both a typed page and an underflow; the seed-004 fix tests the page-type range
/// instead (page_type_has_type(), page_mapcount_is_type()). A clamp whose condition is such a type test does not match.
/// </summary>
public static class ZeroClamp
{
    /// <summary>The max-like functions of C (include/linux/minmax.h) and C# (Math.Max).</summary>
    public static readonly ImmutableHashSet<string> DefaultMaxFunctions = ImmutableHashSet.Create(StringComparer.Ordinal, "max", "max_t", "Max");

    /// <summary>The clamp-like functions, value then low then high bound (include/linux/minmax.h, Math.Clamp).</summary>
    public static readonly ImmutableHashSet<string> DefaultClampFunctions = ImmutableHashSet.Create(StringComparer.Ordinal, "clamp", "clamp_t", "clamp_val", "Clamp");

    /// <param name="body">A function body in the body model.</param>
    /// <param name="isMapcountRead">
    /// Whether an expression reads a stored mapcount: the C frontend answers for <c>atomic_read(&amp;page->_mapcount)</c>
    /// and its kin, the Roslyn adapter for calls to <c>[RawMapcountRead]</c> methods. Values derived from a read
    /// (arithmetic on it, variables assigned from it) are followed in statement order.
    /// </param>
    /// <param name="maxFunctions">Callee names that return the larger argument; <see cref="DefaultMaxFunctions"/> when null.</param>
    /// <param name="clampFunctions">
    /// Callee names that bound a value (the third argument from the end) below by the second from the end and above by
    /// the last; <see cref="DefaultClampFunctions"/> when null.
    /// </param>
    public static ImmutableArray<ZeroClampMatch> Find(BlockStmt body, Func<Expr, bool> isMapcountRead, ISet<string>? maxFunctions = null, ISet<string>? clampFunctions = null)
    {
        var walker = new Walker(isMapcountRead, maxFunctions ?? DefaultMaxFunctions, clampFunctions ?? DefaultClampFunctions);
        walker.Statement(body);
        return walker.Matches.ToImmutable();
    }

    private sealed class Walker
    {
        private readonly Func<Expr, bool> _isMapcountRead;
        private readonly ISet<string> _maxFunctions;
        private readonly ISet<string> _clampFunctions;

        // Variables whose current value derives from a mapcount read, with that read.
        private readonly Dictionary<string, Expr> _derived = new(StringComparer.Ordinal);

        public Walker(Func<Expr, bool> isMapcountRead, ISet<string> maxFunctions, ISet<string> clampFunctions)
        {
            _isMapcountRead = isMapcountRead;
            _maxFunctions = maxFunctions;
            _clampFunctions = clampFunctions;
        }

        public ImmutableArray<ZeroClampMatch>.Builder Matches { get; } = ImmutableArray.CreateBuilder<ZeroClampMatch>();

        public void Statement(Stmt statement)
        {
            switch (statement)
            {
                case BlockStmt block:
                    foreach (var s in block.Statements)
                        Statement(s);
                    break;
                case DeclStmt decl:
                    foreach (var local in decl.Locals)
                    {
                        if (local.Initializer is null)
                        {
                            _derived.Remove(local.Name);
                            continue;
                        }
                        Expression(local.Initializer);
                        Track(local.Name, local.Initializer);
                    }
                    break;
                case IfStmt ifStmt when IfClamp(ifStmt) is { } match:
                    Matches.Add(match);
                    Expression(ifStmt.Condition);
                    if (ifStmt.Else is not null)
                        Statement(ifStmt.Else);
                    break;
                default:
                    foreach (var child in ModelWalker.Children(statement))
                    {
                        if (child is Stmt s)
                            Statement(s);
                        else if (child is Expr e)
                            Expression(e);
                    }
                    break;
            }
        }

        private void Expression(Expr expression)
        {
            switch (expression)
            {
                case AssignExpr assign:
                    Expression(assign.Value);
                    if (assign.Target is NameExpr target)
                    {
                        if (assign.Operator == AssignOperator.Assign)
                            Track(target.Identifier, assign.Value);
                        else if (DerivedFrom(assign.Value) is { } read)
                            _derived[target.Identifier] = read;
                    }
                    return;
                case ConditionalExpr conditional when ConditionalClamp(conditional) is { } match:
                    Matches.Add(match);
                    break;
                case CallExpr call when (MaxClamp(call) ?? FloorClamp(call)) is { } match:
                    Matches.Add(match);
                    break;
            }
            foreach (var child in ModelWalker.Children(expression))
            {
                if (child is Expr e)
                    Expression(e);
                else if (child is Stmt s)
                    Statement(s);
            }
        }

        private void Track(string name, Expr value)
        {
            if (DerivedFrom(value) is { } read)
                _derived[name] = read;
            else
                _derived.Remove(name);
        }

        /// <summary>The mapcount read <paramref name="e"/> derives from: a read inside it, or a derived variable it names.</summary>
        private Expr? DerivedFrom(Expr e)
        {
            foreach (var node in ModelWalker.DescendantsAndSelf(e))
            {
                if (node is Expr candidate && _isMapcountRead(candidate))
                    return candidate;
                if (node is NameExpr name && _derived.TryGetValue(name.Identifier, out var read))
                    return read;
            }
            return null;
        }

        /// <summary>"Negative" as a clamp tests it: <c>x &lt; 0</c>, and <c>x &lt;= 0</c> (0 reads as 0 either way).</summary>
        private static Expr? NotPositiveOperand(Expr condition) =>
            Comparisons.NegativeTestOperand(condition) ?? Comparisons.NonPositiveTestOperand(condition);

        private ZeroClampMatch? IfClamp(IfStmt ifStmt)
        {
            if (ifStmt.IsPreprocessor || NotPositiveOperand(ifStmt.Condition) is not { } tested)
                return null;
            if (DerivedFrom(tested) is not { } read)
                return null;
            var then = ifStmt.Then is BlockStmt { Statements.Length: 1 } block ? block.Statements[0] : ifStmt.Then;
            if (then is ReturnStmt { Value: { } returned } && Comparisons.IsZero(returned))
                return new ZeroClampMatch(ZeroClampForm.ReturnZeroWhenNegative, ifStmt, tested, read, (tested as NameExpr)?.Identifier);
            if (then is not ExprStmt { Expression: AssignExpr { Operator: AssignOperator.Assign, Target: NameExpr target } assign } || !Comparisons.IsZero(assign.Value))
                return null;
            // The variable set to 0 must be the one tested (mapcount < 0) or part of it (mapcount + 1 < 0).
            foreach (var node in ModelWalker.DescendantsAndSelf(tested))
            {
                if (node is NameExpr n && n.Identifier == target.Identifier)
                    return new ZeroClampMatch(ZeroClampForm.IfNegativeAssignZero, ifStmt, tested, read, target.Identifier);
            }
            return null;
        }

        private ZeroClampMatch? ConditionalClamp(ConditionalExpr conditional)
        {
            Expr? tested = null;
            if (Comparisons.IsZero(conditional.WhenTrue))
                tested = NotPositiveOperand(conditional.Condition);
            else if (Comparisons.IsZero(conditional.WhenFalse))
                tested = Comparisons.NonNegativeTestOperand(conditional.Condition) ?? Comparisons.PositiveTestOperand(conditional.Condition);
            if (tested is null || DerivedFrom(tested) is not { } read)
                return null;
            return new ZeroClampMatch(ZeroClampForm.NegativeConditional, conditional, tested, read, (tested as NameExpr)?.Identifier);
        }

        private ZeroClampMatch? MaxClamp(CallExpr call)
        {
            if (Comparisons.CalleeName(call) is not { } name || !_maxFunctions.Contains(name))
                return null;
            var args = call.Arguments;
            if (args.Length < 2 || !Comparisons.IsZero(args[args.Length - 1]) && !Comparisons.IsZero(args[args.Length - 2]))
                return null;
            var value = Comparisons.IsZero(args[args.Length - 1]) ? args[args.Length - 2] : args[args.Length - 1];
            if (DerivedFrom(value) is not { } read)
                return null;
            return new ZeroClampMatch(ZeroClampForm.MaxWithZero, call, value, read, (value as NameExpr)?.Identifier);
        }

        private ZeroClampMatch? FloorClamp(CallExpr call)
        {
            if (Comparisons.CalleeName(call) is not { } name || !_clampFunctions.Contains(name))
                return null;
            var args = call.Arguments;
            if (args.Length < 3 || !Comparisons.IsZero(args[args.Length - 2]))
                return null;
            var value = args[args.Length - 3];
            if (DerivedFrom(value) is not { } read)
                return null;
            return new ZeroClampMatch(ZeroClampForm.ClampWithZeroFloor, call, value, read, (value as NameExpr)?.Identifier);
        }
    }
}
