using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Folint.CSource.Lexing;

/// <summary>
/// Where C comments, string and character literals and directive lines begin and end: the one answer for every byte
/// scan of folint (the normalizer's tokens, the tree scan's facts, the generator-macro scan, the suppression scan,
/// the macro expander's tokens), which used to carry four answers that disagreed. It follows the C translation
/// phases (C11 5.1.1.2): a backslash at the end of a line splices the next line to it (phase 2) before comments and
/// tokens are seen (phase 3), so a <c>//</c> comment whose line ends in a backslash goes on over the next line (gcc
/// warns with -Wcomment; tree-sitter-c reads it so too), and a literal or a directive goes on past such a line end.
/// Generic over the text's unit so that bytes (files) and chars (macro bodies) are lexed by the same code.
/// </summary>
internal static class CLexer
{
    private static readonly SearchValues<byte> DirectiveStops = SearchValues.Create("\n\\/\"'"u8);

    /// <summary>A backslash at <paramref name="i"/> that ends its line (<c>\</c> then <c>\n</c> or <c>\r\n</c>); <paramref name="length"/> bytes splice the lines.</summary>
    public static bool IsLineContinuation<T>(ReadOnlySpan<T> text, int i, out int length)
        where T : unmanaged, IBinaryInteger<T>
    {
        length = 0;
        if (i >= text.Length || text[i] != T.CreateTruncating('\\'))
            return false;
        if (i + 1 < text.Length && text[i + 1] == T.CreateTruncating('\n'))
            length = 2;
        else if (i + 2 < text.Length && text[i + 1] == T.CreateTruncating('\r') && text[i + 2] == T.CreateTruncating('\n'))
            length = 3;
        return length > 0;
    }

    /// <summary>A comment starts at <paramref name="i"/>: <c>/*</c> or <c>//</c>.</summary>
    public static bool IsCommentStart<T>(ReadOnlySpan<T> text, int i)
        where T : unmanaged, IBinaryInteger<T> =>
        i + 1 < text.Length && text[i] == T.CreateTruncating('/') && (text[i + 1] == T.CreateTruncating('*') || text[i + 1] == T.CreateTruncating('/'));

    /// <summary>
    /// Past the comment that starts at <paramref name="i"/> (<see cref="IsCommentStart"/>): after <c>*/</c> (the end of
    /// the text when it is missing), or at the newline that ends a <c>//</c> comment, the first one no backslash splices.
    /// </summary>
    public static int SkipComment<T>(ReadOnlySpan<T> text, int i)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (text[i + 1] == T.CreateTruncating('*'))
        {
            Span<T> close = stackalloc T[] { T.CreateTruncating('*'), T.CreateTruncating('/') };
            var end = text.Slice(i + 2).IndexOf(close);
            return end < 0 ? text.Length : i + 2 + end + 2;
        }
        return EndOfLine(text, i + 2);
    }

    /// <summary>
    /// Past the string or character literal whose quote is at <paramref name="i"/>: after its closing quote, a
    /// backslash escaping the character after it (a spliced line end too); an unterminated literal ends at the newline
    /// that ends its line (not included), as a compiler stops reading it there.
    /// </summary>
    public static int SkipLiteral<T>(ReadOnlySpan<T> text, int i)
        where T : unmanaged, IBinaryInteger<T>
    {
        var quote = text[i];
        i++;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == quote)
                return i + 1;
            if (c == T.CreateTruncating('\n'))
                return i;
            if (c == T.CreateTruncating('\\'))
            {
                i += IsLineContinuation(text, i, out var splice) ? splice : Math.Min(2, text.Length - i);
                continue;
            }
            i++;
        }
        return text.Length;
    }

    /// <summary>
    /// The newline that ends the directive whose <c>#</c> is at <paramref name="i"/> (not included): its logical line,
    /// spliced lines and the lines a <c>/* */</c> comment in it spans included; the end of the text when none.
    /// </summary>
    public static int EndOfDirective<T>(ReadOnlySpan<T> text, int i)
        where T : unmanaged, IBinaryInteger<T>
    {
        i++;
        Span<T> stops = stackalloc T[] { T.CreateTruncating('\n'), T.CreateTruncating('\\'), T.CreateTruncating('/'), T.CreateTruncating('"'), T.CreateTruncating('\'') };
        while (i < text.Length)
        {
            // files are bytes: their directives are searched with the vectorized set, as the normalizer did before
            var next = typeof(T) == typeof(byte)
                ? MemoryMarshal.Cast<T, byte>(text.Slice(i)).IndexOfAny(DirectiveStops)
                : text.Slice(i).IndexOfAny(stops);
            if (next < 0)
                return text.Length;
            i += next;
            var c = text[i];
            if (c == T.CreateTruncating('\n'))
                return i;
            if (c == T.CreateTruncating('\\'))
                i += IsLineContinuation(text, i, out var splice) ? splice : 1;
            else if (IsCommentStart(text, i))
                i = SkipComment(text, i);
            else if (c == T.CreateTruncating('"') || c == T.CreateTruncating('\''))
                i = SkipLiteral(text, i);
            else
                i++;
        }
        return text.Length;
    }

    /// <summary>The newline at or after <paramref name="i"/> that no backslash splices (not included); the end of the text when none.</summary>
    public static int EndOfLine<T>(ReadOnlySpan<T> text, int i)
        where T : unmanaged, IBinaryInteger<T>
    {
        while (i < text.Length)
        {
            var newline = text.Slice(i).IndexOf(T.CreateTruncating('\n'));
            if (newline < 0)
                return text.Length;
            var at = i + newline;
            var before = at - 1;
            if (before >= i && text[before] == T.CreateTruncating('\r'))
                before--;
            if (before < i || text[before] != T.CreateTruncating('\\'))
                return at;
            i = at + 1;
        }
        return text.Length;
    }
}
