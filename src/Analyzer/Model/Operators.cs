using System;

namespace Folint.Analyzer.Model;

// The operators of the body model and of #if expressions. Frontends map their own spelling (tree-sitter's operator
// text, Roslyn's operator kinds) to these once, in the lowering; rules compare enum values; messages, fix texts and
// fingerprints print the C spelling from the one table in Operators.

/// <summary>Prefix or postfix operators: <c>&amp; * ! ~ - + ++ --</c>.</summary>
public enum UnaryOperator { AddressOf, Dereference, Not, Complement, Negate, Plus, Increment, Decrement }

/// <summary>Binary operators, the comma operator included.</summary>
public enum BinaryOperator
{
    Add, Subtract, Multiply, Divide, Remainder, ShiftLeft, ShiftRight,
    BitwiseAnd, BitwiseOr, ExclusiveOr, LogicalAnd, LogicalOr,
    Equal, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual,
    Comma,
}

/// <summary>Simple and compound assignments: <c>= += -= *= /= %= &lt;&lt;= &gt;&gt;= &amp;= |= ^=</c>.</summary>
public enum AssignOperator { Assign, Add, Subtract, Multiply, Divide, Remainder, ShiftLeft, ShiftRight, BitwiseAnd, BitwiseOr, ExclusiveOr }

/// <summary>The C spelling of every operator, and the way back from it.</summary>
public static class Operators
{
    private static readonly string[] UnarySpellings = { "&", "*", "!", "~", "-", "+", "++", "--" };

    private static readonly string[] BinarySpellings =
    {
        "+", "-", "*", "/", "%", "<<", ">>",
        "&", "|", "^", "&&", "||",
        "==", "!=", "<", "<=", ">", ">=",
        ",",
    };

    private static readonly string[] AssignSpellings = { "=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "|=", "^=" };

    public static string Spelling(this UnaryOperator op) => UnarySpellings[(int)op];

    public static string Spelling(this BinaryOperator op) => BinarySpellings[(int)op];

    public static string Spelling(this AssignOperator op) => AssignSpellings[(int)op];

    /// <summary>The unary operator spelled <paramref name="text"/>; null for anything else.</summary>
    public static UnaryOperator? Unary(string text) => Find<UnaryOperator>(UnarySpellings, text);

    /// <summary>The binary operator spelled <paramref name="text"/>; null for anything else.</summary>
    public static BinaryOperator? Binary(string text) => Find<BinaryOperator>(BinarySpellings, text);

    /// <summary>The assignment operator spelled <paramref name="text"/>; null for anything else.</summary>
    public static AssignOperator? Assign(string text) => Find<AssignOperator>(AssignSpellings, text);

    /// <summary>The compound assignment that applies <paramref name="op"/> (<c>+</c> gives <c>+=</c>); null when C has none.</summary>
    public static AssignOperator? Compound(BinaryOperator op) => Assign(op.Spelling() + "=");

    private static T? Find<T>(string[] spellings, string text)
        where T : struct, Enum
    {
        var index = Array.IndexOf(spellings, text);
        return index < 0 ? null : (T)(object)index;
    }
}
