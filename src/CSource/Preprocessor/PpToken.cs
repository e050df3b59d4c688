using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Folint.CSource.Lexing;

namespace Folint.CSource.Preprocessor;

internal enum PpTokenKind { Identifier, Number, String, Char, Punctuator, Other }

/// <summary>
/// A preprocessing token of a macro body or argument. <see cref="HideSet"/> names the macros whose expansion
/// produced the token: a token is never expanded again by a macro in its own hide set (C11 6.10.3.4).
/// </summary>
internal sealed record PpToken(PpTokenKind Kind, string Text, bool SpaceBefore, ImmutableHashSet<string> HideSet)
{
    public bool Is(string text) => Text == text && Kind == PpTokenKind.Punctuator;

    public PpToken WithSpace(bool spaceBefore) => spaceBefore == SpaceBefore ? this : this with { SpaceBefore = spaceBefore };
}

/// <summary>Splits C text (a macro body, joined continuation lines) into preprocessing tokens; comments become space.</summary>
internal static class PpLexer
{
    private static readonly string[] Punctuators =
    {
        "%:%:", "...", "<<=", ">>=", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
        "*=", "/=", "%=", "+=", "-=", "&=", "^=", "|=", "##", "<:", ":>", "<%", "%>", "%:",
    };

    public static ImmutableArray<PpToken> Lex(string text)
    {
        var tokens = ImmutableArray.CreateBuilder<PpToken>();
        var space = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (CLexer.IsLineContinuation(text.AsSpan(), i, out var splice))
            {
                i += splice;
                space = true;
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                space = true;
                i++;
                continue;
            }
            if (CLexer.IsCommentStart(text.AsSpan(), i))
            {
                i = CLexer.SkipComment(text.AsSpan(), i);
                space = true;
                continue;
            }
            var start = i;
            PpTokenKind kind;
            if (IsIdentifierStart(c))
            {
                while (i < text.Length && IsIdentifierPart(text[i]))
                    i++;
                kind = PpTokenKind.Identifier;
            }
            else if (char.IsDigit(c) || (c == '.' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                // pp-number: digits, letters, dots, and signs after an exponent letter
                i++;
                while (i < text.Length && (IsIdentifierPart(text[i]) || text[i] == '.' ||
                       ((text[i] is '+' or '-') && text[i - 1] is 'e' or 'E' or 'p' or 'P')))
                    i++;
                kind = PpTokenKind.Number;
            }
            else if (c is '"' or '\'')
            {
                i = CLexer.SkipLiteral(text.AsSpan(), i);
                kind = c == '"' ? PpTokenKind.String : PpTokenKind.Char;
            }
            else
            {
                var length = 1;
                foreach (var p in Punctuators)
                {
                    if (string.CompareOrdinal(text, i, p, 0, p.Length) == 0)
                    {
                        length = p.Length;
                        break;
                    }
                }
                i += length;
                kind = IsPunctuator(c) ? PpTokenKind.Punctuator : PpTokenKind.Other;
            }
            tokens.Add(new PpToken(kind, text.Substring(start, i - start), space, ImmutableHashSet<string>.Empty));
            space = false;
        }
        return tokens.ToImmutable();
    }

    /// <summary>Prints tokens back as C, one space where the source had any.</summary>
    public static string Print(IEnumerable<PpToken> tokens)
    {
        var sb = new StringBuilder();
        foreach (var token in tokens)
        {
            if (token.SpaceBefore && sb.Length > 0)
                sb.Append(' ');
            sb.Append(token.Text);
        }
        return sb.ToString();
    }

    internal static bool IsIdentifierStart(char c) => c == '_' || c == '$' || (c < 128 && char.IsLetter(c));

    internal static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || (c < 128 && char.IsDigit(c));

    private static bool IsPunctuator(char c) => "{}[]()<>;:,.?!~+-*/%^&|=#".IndexOf(c) >= 0;
}
