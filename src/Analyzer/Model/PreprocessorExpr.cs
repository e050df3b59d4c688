using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Folint.Analyzer.Model;

/// <summary>
/// The expression of an <c>#if</c>/<c>#elif</c> (and the integer constant expressions cpp shares its grammar with:
/// array sizes, object-like macro bodies), read once into a tree: the frontend builds it when it lexes the directive,
/// the normalizer decides branches from it, a struct member carries it (<see cref="FieldDef.Condition"/>) and the
/// layout evaluates it for each configuration without reading text again.
/// </summary>
public abstract record PpExpr
{
    /// <summary>The tree of <paramref name="text"/>; null when it is not an expression cpp would accept.</summary>
    public static PpExpr? Parse(string text) => PpParser.Parse(text);

    /// <summary>
    /// The value for one configuration, as cpp computes it: <paramref name="defined"/> holds the defined macros and
    /// their values (1 for a CONFIG_ symbol set to y); a name it lacks is 0, or, when <paramref name="strict"/> (array
    /// sizes must be known), makes the whole expression unknown. Null when there is no value (division by zero, an
    /// unparsed condition, an unknown name under <paramref name="strict"/>). Every operand is evaluated, as cpp
    /// diagnoses errors in both arms of <c>?:</c>, <c>&amp;&amp;</c> and <c>||</c>.
    /// </summary>
    public abstract long? Evaluate(IReadOnlyDictionary<string, long> defined, bool strict = false);

    /// <summary>Canonical C spelling (<c>!CONFIG_MEMCG &amp;&amp; defined(CONFIG_SLAB_OBJ_EXT)</c>), for messages.</summary>
    public sealed override string ToString()
    {
        var sb = new StringBuilder();
        Print(sb);
        return sb.ToString();
    }

    internal abstract void Print(StringBuilder sb);

    /// <summary>Both conditions: <paramref name="outer"/> when <paramref name="inner"/> is null and the other way round.</summary>
    public static PpExpr? And(PpExpr? outer, PpExpr? inner) =>
        outer is null ? inner : inner is null ? outer : new PpBinary(BinaryOperator.LogicalAnd, outer, inner);

    /// <summary>
    /// The negation as a condition (its truth, not its value): <c>!X</c> for a primary (<c>X</c>, <c>defined(X)</c>,
    /// <c>IS_ENABLED(X)</c>, <c>(...)</c>), the operand of a negation, <c>!(...)</c> otherwise.
    /// </summary>
    public static PpExpr Not(PpExpr condition) => condition switch
    {
        PpName or PpDefined or PpNumber or PpCall or PpParenthesized => new PpUnary(UnaryOperator.Not, condition),
        PpUnary { Operator: UnaryOperator.Not } not => not.Operand,
        _ => new PpUnary(UnaryOperator.Not, new PpParenthesized(condition)),
    };
}

/// <summary>An integer literal; <see cref="Text"/> is its spelling (<c>0x10UL</c>).</summary>
public sealed record PpNumber(long Value, string Text) : PpExpr
{
    public override long? Evaluate(IReadOnlyDictionary<string, long> defined, bool strict = false) => Value;

    internal override void Print(StringBuilder sb) => sb.Append(Text);
}

/// <summary>A macro name: its value when defined, 0 when not.</summary>
public sealed record PpName(string Name) : PpExpr
{
    public override long? Evaluate(IReadOnlyDictionary<string, long> defined, bool strict = false) =>
        defined.TryGetValue(Name, out var value) ? value : strict ? null : 0;

    internal override void Print(StringBuilder sb) => sb.Append(Name);
}

/// <summary><c>defined(X)</c>, <c>defined X</c>, and what <c>#ifdef X</c> asks.</summary>
public sealed record PpDefined(string Name) : PpExpr
{
    public override long? Evaluate(IReadOnlyDictionary<string, long> defined, bool strict = false) => defined.ContainsKey(Name) ? 1 : 0;

    internal override void Print(StringBuilder sb) => sb.Append("defined(").Append(Name).Append(')');
}

/// <summary>
/// A function-like macro with the first token of its argument: <c>IS_ENABLED(CONFIG_X)</c> and its kin
/// (include/linux/kconfig.h) ask whether the option is set; any other is unknown to cpp here and counts as 0.
/// </summary>
public sealed record PpCall(string Name, string Argument) : PpExpr
{
    public bool IsKconfigTest => Name is "IS_ENABLED" or "IS_BUILTIN" or "IS_MODULE" or "IS_REACHABLE";

    public override long? Evaluate(IReadOnlyDictionary<string, long> defined, bool strict = false)
    {
        if (strict && !defined.ContainsKey(Name))
            return null;
        return Name is "IS_ENABLED" or "IS_BUILTIN" or "IS_REACHABLE" && defined.ContainsKey(Argument) ? 1 : 0;
    }

    internal override void Print(StringBuilder sb) => sb.Append(Name).Append('(').Append(Argument).Append(')');
}

/// <summary><c>! - + ~</c> applied to an operand.</summary>
public sealed record PpUnary(UnaryOperator Operator, PpExpr Operand) : PpExpr
{
    public override long? Evaluate(IReadOnlyDictionary<string, long> defined, bool strict = false) =>
        Operand.Evaluate(defined, strict) is not { } value
            ? null
            : Operator switch
            {
                UnaryOperator.Not => value == 0 ? 1 : 0,
                UnaryOperator.Negate => -value,
                UnaryOperator.Complement => ~value,
                _ => value,
            };

    internal override void Print(StringBuilder sb)
    {
        sb.Append(Operator.Spelling());
        Operand.Print(sb);
    }
}

public sealed record PpBinary(BinaryOperator Operator, PpExpr Left, PpExpr Right) : PpExpr
{
    public override long? Evaluate(IReadOnlyDictionary<string, long> defined, bool strict = false)
    {
        if (Left.Evaluate(defined, strict) is not { } left || Right.Evaluate(defined, strict) is not { } right)
            return null;
        return Operator switch
        {
            BinaryOperator.LogicalOr => left != 0 || right != 0 ? 1 : 0,
            BinaryOperator.LogicalAnd => left != 0 && right != 0 ? 1 : 0,
            BinaryOperator.BitwiseOr => left | right,
            BinaryOperator.ExclusiveOr => left ^ right,
            BinaryOperator.BitwiseAnd => left & right,
            BinaryOperator.Equal => left == right ? 1 : 0,
            BinaryOperator.NotEqual => left != right ? 1 : 0,
            BinaryOperator.Less => left < right ? 1 : 0,
            BinaryOperator.Greater => left > right ? 1 : 0,
            BinaryOperator.LessOrEqual => left <= right ? 1 : 0,
            BinaryOperator.GreaterOrEqual => left >= right ? 1 : 0,
            BinaryOperator.ShiftLeft => left << (int)right,
            BinaryOperator.ShiftRight => left >> (int)right,
            BinaryOperator.Add => left + right,
            BinaryOperator.Subtract => left - right,
            BinaryOperator.Multiply => left * right,
            BinaryOperator.Divide => right == 0 ? null : left / right,
            BinaryOperator.Remainder => right == 0 ? null : left % right,
            _ => null,
        };
    }

    internal override void Print(StringBuilder sb)
    {
        // Trees built by And() hold operands the source never parenthesized (`A && (B || C)`).
        var level = PpParser.Level(Operator);
        PrintOperand(sb, Left, operand => PpParser.Level(operand) < level);
        sb.Append(' ').Append(Operator.Spelling()).Append(' ');
        PrintOperand(sb, Right, operand => PpParser.Level(operand) <= level);
    }

    private static void PrintOperand(StringBuilder sb, PpExpr operand, Func<BinaryOperator, bool> looser)
    {
        var grouped = operand is PpConditional || operand is PpBinary binary && looser(binary.Operator);
        if (grouped)
            sb.Append('(');
        operand.Print(sb);
        if (grouped)
            sb.Append(')');
    }
}

public sealed record PpConditional(PpExpr Condition, PpExpr WhenTrue, PpExpr WhenFalse) : PpExpr
{
    public override long? Evaluate(IReadOnlyDictionary<string, long> defined, bool strict = false)
    {
        var condition = Condition.Evaluate(defined, strict);
        var whenTrue = WhenTrue.Evaluate(defined, strict);
        var whenFalse = WhenFalse.Evaluate(defined, strict);
        if (condition is null || whenTrue is null || whenFalse is null)
            return null;
        return condition.Value != 0 ? whenTrue : whenFalse;
    }

    internal override void Print(StringBuilder sb)
    {
        Condition.Print(sb);
        sb.Append(" ? ");
        WhenTrue.Print(sb);
        sb.Append(" : ");
        WhenFalse.Print(sb);
    }
}

/// <summary>Parentheses as written: the normalizer reads only bare forms (<c>#if X</c>, not <c>#if (X)</c>).</summary>
public sealed record PpParenthesized(PpExpr Inner) : PpExpr
{
    public override long? Evaluate(IReadOnlyDictionary<string, long> defined, bool strict = false) => Inner.Evaluate(defined, strict);

    internal override void Print(StringBuilder sb)
    {
        sb.Append('(');
        Inner.Print(sb);
        sb.Append(')');
    }
}

/// <summary>A condition that is not an expression cpp would accept (<c>sizeof</c>, a stray token): it has no value.</summary>
public sealed record PpUnparsed(string Text) : PpExpr
{
    public override long? Evaluate(IReadOnlyDictionary<string, long> defined, bool strict = false) => null;

    internal override void Print(StringBuilder sb) => sb.Append(Text);
}

/// <summary>Recursive descent over cpp's expression grammar (C's precedence, no assignment or comma).</summary>
internal sealed class PpParser
{
    private static readonly BinaryOperator[][] Levels =
    {
        new[] { BinaryOperator.LogicalOr },
        new[] { BinaryOperator.LogicalAnd },
        new[] { BinaryOperator.BitwiseOr },
        new[] { BinaryOperator.ExclusiveOr },
        new[] { BinaryOperator.BitwiseAnd },
        new[] { BinaryOperator.Equal, BinaryOperator.NotEqual },
        new[] { BinaryOperator.Less, BinaryOperator.Greater, BinaryOperator.LessOrEqual, BinaryOperator.GreaterOrEqual },
        new[] { BinaryOperator.ShiftLeft, BinaryOperator.ShiftRight },
        new[] { BinaryOperator.Add, BinaryOperator.Subtract },
        new[] { BinaryOperator.Multiply, BinaryOperator.Divide, BinaryOperator.Remainder },
    };

    private readonly List<string> _tokens;
    private int _at;

    /// <summary>How tightly <paramref name="op"/> binds: 0 for <c>||</c>, more for tighter operators.</summary>
    public static int Level(BinaryOperator op) => Array.FindIndex(Levels, level => Array.IndexOf(level, op) >= 0);

    private PpParser(List<string> tokens) => _tokens = tokens;

    public static PpExpr? Parse(string text)
    {
        var parser = new PpParser(Tokenize(text));
        if (parser._tokens.Count == 0)
            return null;
        try
        {
            var expression = parser.Conditional();
            return parser._at == parser._tokens.Count ? expression : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var ch = text[i];
            if (char.IsWhiteSpace(ch))
            {
                i++;
                continue;
            }
            var start = i;
            if (ch == '_' || char.IsLetter(ch))
            {
                while (i < text.Length && (text[i] == '_' || char.IsLetterOrDigit(text[i])))
                    i++;
            }
            else if (char.IsDigit(ch))
            {
                while (i < text.Length && char.IsLetterOrDigit(text[i]))
                    i++;
            }
            else if (i + 1 < text.Length && text.Substring(i, 2) is "&&" or "||" or "==" or "!=" or "<=" or ">=" or "<<" or ">>")
            {
                i += 2;
            }
            else
            {
                i++;
            }
            tokens.Add(text.Substring(start, i - start));
        }
        return tokens;
    }

    private string? Peek => _at < _tokens.Count ? _tokens[_at] : null;

    private bool Accept(string token)
    {
        if (Peek != token)
            return false;
        _at++;
        return true;
    }

    private string Next() => _at < _tokens.Count ? _tokens[_at++] : throw new FormatException("unexpected end");

    private PpExpr Conditional()
    {
        var condition = Binary(0);
        if (!Accept("?"))
            return condition;
        var whenTrue = Conditional();
        if (!Accept(":"))
            throw new FormatException("':' expected");
        return new PpConditional(condition, whenTrue, Conditional());
    }

    private PpExpr Binary(int level)
    {
        if (level == Levels.Length)
            return Unary();
        var left = Binary(level + 1);
        while (Peek is { } token && Operators.Binary(token) is { } op && Array.IndexOf(Levels[level], op) >= 0)
        {
            _at++;
            left = new PpBinary(op, left, Binary(level + 1));
        }
        return left;
    }

    private PpExpr Unary()
    {
        if (Peek is "!" or "-" or "+" or "~")
        {
            var op = Operators.Unary(Next())!.Value;
            return new PpUnary(op, Unary());
        }
        return Primary();
    }

    private PpExpr Primary()
    {
        var token = Next();
        if (token == "(")
        {
            var inner = Conditional();
            if (!Accept(")"))
                throw new FormatException("')' expected");
            return new PpParenthesized(inner);
        }
        if (token == "defined")
            return new PpDefined(Parenthesized(optional: true));
        if (char.IsDigit(token[0]))
            return new PpNumber(Number(token), token);
        if (token == "sizeof")
            throw new FormatException("sizeof is not evaluated");
        if (!(token[0] == '_' || char.IsLetter(token[0])))
            throw new FormatException("unexpected " + token);
        if (Peek == "(")
            return new PpCall(token, Parenthesized(optional: false));
        return new PpName(token);
    }

    /// <summary>The first token in <c>(NAME)</c>, or the bare NAME after <c>defined</c>; any other argument text is skipped.</summary>
    private string Parenthesized(bool optional)
    {
        if (!Accept("("))
            return optional ? Next() : throw new FormatException("'(' expected");
        var depth = 1;
        var first = Peek ?? "";
        while (depth > 0)
        {
            var token = Next();
            if (token == "(")
                depth++;
            else if (token == ")")
                depth--;
        }
        return first;
    }

    private static long Number(string token)
    {
        var text = token.TrimEnd('u', 'U', 'l', 'L');
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return long.TryParse(text.Substring(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex) ? hex : throw new FormatException(token);
        if (text.Length > 1 && text[0] == '0')
        {
            try
            {
                return Convert.ToInt64(text, 8);
            }
            catch (Exception e) when (e is ArgumentException or OverflowException)
            {
                throw new FormatException(token, e);
            }
        }
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw new FormatException(token);
    }
}
