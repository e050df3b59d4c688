using Folint.Analyzer.Model;

namespace Folint.Analyzer.Shapes;

/// <summary>Recognises the comparisons against zero that C and C# write in many spellings.</summary>
internal static class Comparisons
{
    /// <summary>0, 0U, 0UL, 0L, (int)0.</summary>
    public static bool IsZero(Expr e) => IntegerValue(e) == 0;

    /// <summary>The value of an integer literal, possibly negated or cast; null for anything else.</summary>
    public static long? IntegerValue(Expr e)
    {
        switch (e)
        {
            case CastExpr cast:
                return IntegerValue(cast.Operand);
            case UnaryExpr { Operator: UnaryOperator.Negate, IsPostfix: false } neg:
                return -IntegerValue(neg.Operand);
            case UnaryExpr { Operator: UnaryOperator.Plus, IsPostfix: false } pos:
                return IntegerValue(pos.Operand);
            case LiteralExpr { Kind: LiteralKind.Number } literal:
                var text = literal.Text.TrimEnd('u', 'U', 'l', 'L');
                if (text.StartsWith("0x", System.StringComparison.OrdinalIgnoreCase))
                    return long.TryParse(text.Substring(2), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var hex) ? hex : null;
                return long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;
            default:
                return null;
        }
    }

    /// <summary>
    /// "<paramref name="e"/> is negative": the operand of <c>x &lt; 0</c>, <c>x &lt;= -1</c>, <c>0 &gt; x</c>, <c>-1 &gt;= x</c>;
    /// null when <paramref name="e"/> is not such a test.
    /// </summary>
    public static Expr? NegativeTestOperand(Expr e)
    {
        if (e is not BinaryExpr b)
            return null;
        return b.Operator switch
        {
            BinaryOperator.Less when IntegerValue(b.Right) == 0 => b.Left,
            BinaryOperator.LessOrEqual when IntegerValue(b.Right) == -1 => b.Left,
            BinaryOperator.Greater when IntegerValue(b.Left) == 0 => b.Right,
            BinaryOperator.GreaterOrEqual when IntegerValue(b.Left) == -1 => b.Right,
            _ => null,
        };
    }

    /// <summary>"<paramref name="e"/> is not negative": <c>x &gt;= 0</c>, <c>x &gt; -1</c>, <c>0 &lt;= x</c>, <c>-1 &lt; x</c>.</summary>
    public static Expr? NonNegativeTestOperand(Expr e)
    {
        if (e is not BinaryExpr b)
            return null;
        return b.Operator switch
        {
            BinaryOperator.GreaterOrEqual when IntegerValue(b.Right) == 0 => b.Left,
            BinaryOperator.Greater when IntegerValue(b.Right) == -1 => b.Left,
            BinaryOperator.LessOrEqual when IntegerValue(b.Left) == 0 => b.Right,
            BinaryOperator.Less when IntegerValue(b.Left) == -1 => b.Right,
            _ => null,
        };
    }

    /// <summary>"<paramref name="e"/> is negative or zero": <c>x &lt;= 0</c>, <c>x &lt; 1</c>, <c>0 &gt;= x</c>, <c>1 &gt; x</c>.</summary>
    public static Expr? NonPositiveTestOperand(Expr e)
    {
        if (e is not BinaryExpr b)
            return null;
        return b.Operator switch
        {
            BinaryOperator.LessOrEqual when IntegerValue(b.Right) == 0 => b.Left,
            BinaryOperator.Less when IntegerValue(b.Right) == 1 => b.Left,
            BinaryOperator.GreaterOrEqual when IntegerValue(b.Left) == 0 => b.Right,
            BinaryOperator.Greater when IntegerValue(b.Left) == 1 => b.Right,
            _ => null,
        };
    }

    /// <summary>"<paramref name="e"/> is positive": <c>x &gt; 0</c>, <c>x &gt;= 1</c>, <c>0 &lt; x</c>, <c>1 &lt;= x</c>.</summary>
    public static Expr? PositiveTestOperand(Expr e)
    {
        if (e is not BinaryExpr b)
            return null;
        return b.Operator switch
        {
            BinaryOperator.Greater when IntegerValue(b.Right) == 0 => b.Left,
            BinaryOperator.GreaterOrEqual when IntegerValue(b.Right) == 1 => b.Left,
            BinaryOperator.Less when IntegerValue(b.Left) == 0 => b.Right,
            BinaryOperator.LessOrEqual when IntegerValue(b.Left) == 1 => b.Right,
            _ => null,
        };
    }

    /// <summary>
    /// "<paramref name="e"/> is zero": <c>!x</c>, <c>x == 0</c>, <c>0 == x</c>, <c>x &lt; 1</c>, <c>x &lt;= 0</c>; null otherwise.
    /// </summary>
    public static Expr? ZeroTestOperand(Expr e)
    {
        switch (e)
        {
            case UnaryExpr { Operator: UnaryOperator.Not, IsPostfix: false } not:
                return not.Operand;
            case BinaryExpr b:
                return b.Operator switch
                {
                    BinaryOperator.Equal when IsZero(b.Right) => b.Left,
                    BinaryOperator.Equal when IsZero(b.Left) => b.Right,
                    BinaryOperator.Less when IntegerValue(b.Right) == 1 => b.Left,
                    BinaryOperator.LessOrEqual when IsZero(b.Right) => b.Left,
                    _ => null,
                };
            default:
                return null;
        }
    }

    /// <summary>"<paramref name="e"/> is not zero": <c>x</c> alone (C truthiness), <c>x != 0</c>, <c>x &gt; 0</c>, <c>x &gt;= 1</c>.</summary>
    public static Expr? NonZeroTestOperand(Expr e)
    {
        switch (e)
        {
            case NameExpr or MemberExpr:
                return e;
            case UnaryExpr { Operator: UnaryOperator.Not, IsPostfix: false } not when ZeroTestOperand(not.Operand) is { } inner:
                return inner;
            case BinaryExpr b:
                return b.Operator switch
                {
                    BinaryOperator.NotEqual when IsZero(b.Right) => b.Left,
                    BinaryOperator.NotEqual when IsZero(b.Left) => b.Right,
                    BinaryOperator.Greater when IsZero(b.Right) => b.Left,
                    BinaryOperator.GreaterOrEqual when IntegerValue(b.Right) == 1 => b.Left,
                    _ => null,
                };
            default:
                return null;
        }
    }

    /// <summary>The name a call goes to: <c>f</c> in <c>f(x)</c>, <c>Max</c> in <c>Math.Max(x, 0)</c> and <c>page.Max(x)</c>.</summary>
    public static string? CalleeName(CallExpr call) => call.Callee switch
    {
        NameExpr name => name.Identifier,
        MemberExpr member => member.Member,
        _ => null,
    };

    /// <summary>Whether <paramref name="e"/> names the variable <paramref name="name"/> (possibly through a cast).</summary>
    public static bool IsName(Expr e, string name) => e switch
    {
        NameExpr n => n.Identifier == name,
        CastExpr c => IsName(c.Operand, name),
        _ => false,
    };
}
