using System;
using System.Collections.Generic;
using System.Text;
using Folint.Analyzer.Model;
using Folint.CSource.Lexing;

namespace Folint.CSource.Normalization;

/// <summary>
/// The condition of every <c>#if</c>, <c>#ifdef</c>, <c>#ifndef</c>, <c>#elif</c>, <c>#elifdef</c> and <c>#elifndef</c>
/// of a file, read into a <see cref="PpExpr"/> once when the file is lexed, by the offset of the directive's <c>#</c>.
/// The normalizer decides branches from them and the lowering hands them to struct members: normalization keeps every
/// directive it does not blank at its offset, so both find the same tree. <c>#ifdef X</c> is <c>defined(X)</c>;
/// a condition cpp would not accept is a <see cref="PpUnparsed"/> with its text.
/// </summary>
internal static class DirectiveConditions
{
    public static IReadOnlyDictionary<int, PpExpr> Read(ReadOnlySpan<byte> source)
    {
        using var tokens = CTokens.Lex(source);
        return Read(tokens, source);
    }

    public static IReadOnlyDictionary<int, PpExpr> Read(CTokens tokens, ReadOnlySpan<byte> source)
    {
        var conditions = new Dictionary<int, PpExpr>();
        foreach (ref readonly var t in tokens.Tokens)
        {
            if (t.Kind == TokenKind.Directive && t.Directive is DirectiveKind.If or DirectiveKind.Ifdef or DirectiveKind.Ifndef or DirectiveKind.Elif)
                conditions[t.Start] = Of(source[t.Start..t.End]);
        }
        return conditions;
    }

    /// <summary>The condition of one directive line (<c>#</c> to the end of the line, continuations included).</summary>
    internal static PpExpr Of(ReadOnlySpan<byte> line)
    {
        var i = 1;
        while (i < line.Length && line[i] is (byte)' ' or (byte)'\t')
            i++;
        var keywordStart = i;
        while (i < line.Length && (uint)((line[i] | 0x20) - 'a') <= 'z' - 'a')
            i++;
        var keyword = line[keywordStart..i];
        var text = ConditionText(line[i..]);
        var negated = keyword.SequenceEqual("ifndef"u8) || keyword.SequenceEqual("elifndef"u8);
        if (negated || keyword.SequenceEqual("ifdef"u8) || keyword.SequenceEqual("elifdef"u8))
        {
            if (PpExpr.Parse(text) is not PpName name)
                return new PpUnparsed(text);
            var defined = new PpDefined(name.Name);
            return negated ? new PpUnary(UnaryOperator.Not, defined) : defined;
        }
        return PpExpr.Parse(text) ?? new PpUnparsed(text);
    }

    /// <summary>The text after the keyword with comments as one space each and line continuations spliced, trimmed.</summary>
    private static string ConditionText(ReadOnlySpan<byte> rest)
    {
        var sb = new StringBuilder(rest.Length);
        var i = 0;
        while (i < rest.Length)
        {
            if (CLexer.IsLineContinuation(rest, i, out var splice))
            {
                i += splice;
            }
            else if (CLexer.IsCommentStart(rest, i))
            {
                i = CLexer.SkipComment(rest, i);
                sb.Append(' ');
            }
            else
            {
                sb.Append((char)rest[i]);
                i++;
            }
        }
        return sb.ToString().Trim();
    }
}
