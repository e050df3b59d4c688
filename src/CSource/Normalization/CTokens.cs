using System;
using Folint.CSource.Lexing;
using System.Buffers;

namespace Folint.CSource.Normalization;

internal enum TokenKind : byte
{
    Identifier,
    Number,
    /// <summary>A string or character literal, quotes included.</summary>
    Literal,
    /// <summary>One punctuation byte (multi-byte operators are several tokens; the rewrites need no more).</summary>
    Punct,
    /// <summary>A whole preprocessor directive line, continuation lines and comments included.</summary>
    Directive,
    /// <summary>A byte that starts no C token (non-ASCII outside literals and comments, stray control bytes).</summary>
    Other,
}

internal enum DirectiveKind : byte
{
    None,
    If,
    Ifdef,
    Ifndef,
    Elif,
    Else,
    Endif,
    Define,
    Other,
}

internal readonly record struct Token(int Start, int End, TokenKind Kind, byte First, DirectiveKind Directive)
{
    public int Length => End - Start;

    public bool Is(char punct) => Kind == TokenKind.Punct && First == (byte)punct;

    public bool IsConditional => Directive is DirectiveKind.If or DirectiveKind.Ifdef or DirectiveKind.Ifndef;
}

/// <summary>
/// The tokens of one file, in order, comments and whitespace left out, with the matching bracket of every
/// <c>( ) [ ] { }</c> that has one. Lexing is byte-level and total: any byte sequence gives a token list.
/// Arrays are pooled; dispose to return them.
/// </summary>
internal sealed class CTokens : IDisposable
{
    private static readonly SearchValues<byte> IdentifierBytes =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$"u8);

    private Token[] _tokens;
    private int[] _match;

    private CTokens(Token[] tokens, int count, int[] match)
    {
        _tokens = tokens;
        Count = count;
        _match = match;
    }

    public int Count { get; }

    public ReadOnlySpan<Token> Tokens => _tokens.AsSpan(0, Count);

    public ref readonly Token this[int index] => ref _tokens[index];

    /// <summary>Index of the bracket matching the one at <paramref name="index"/>, or -1 when it has none.</summary>
    public int Match(int index) => _match[index];

    /// <summary>The nearest token before <paramref name="index"/> that is not a directive, or -1.</summary>
    public int PreviousCode(int index)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            if (_tokens[i].Kind != TokenKind.Directive)
                return i;
        }
        return -1;
    }

    /// <summary>The nearest token after <paramref name="index"/> that is not a directive, or -1.</summary>
    public int NextCode(int index)
    {
        for (var i = index + 1; i < Count; i++)
        {
            if (_tokens[i].Kind != TokenKind.Directive)
                return i;
        }
        return -1;
    }

    /// <summary>The tokens whose <paramref name="keep"/> entry is true, with brackets matched again among them.</summary>
    public CTokens Keep(bool[] keep)
    {
        var tokens = ArrayPool<Token>.Shared.Rent(Math.Max(16, Count));
        var count = 0;
        for (var i = 0; i < Count; i++)
        {
            if (keep[i])
                tokens[count++] = _tokens[i];
        }
        return new CTokens(tokens, count, MatchBrackets(tokens, count));
    }

    public void Dispose()
    {
        if (_tokens.Length > 0)
            ArrayPool<Token>.Shared.Return(_tokens);
        if (_match.Length > 0)
            ArrayPool<int>.Shared.Return(_match);
        _tokens = [];
        _match = [];
    }

    public static CTokens Lex(ReadOnlySpan<byte> s)
    {
        var tokens = ArrayPool<Token>.Shared.Rent(Math.Max(16, s.Length / 4));
        var count = 0;
        var i = 0;
        var lineStart = true;
        while (i < s.Length)
        {
            var b = s[i];
            if (b == (byte)'\n')
            {
                lineStart = true;
                i++;
                continue;
            }
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\f' or (byte)'\v')
            {
                i++;
                continue;
            }
            if (b == (byte)'\\' && CLexer.IsLineContinuation(s, i, out var skip))
            {
                i += skip;
                continue;
            }
            if (CLexer.IsCommentStart(s, i))
            {
                i = CLexer.SkipComment(s, i);
                continue;
            }

            var start = i;
            var kind = TokenKind.Punct;
            var directive = DirectiveKind.None;
            if (b == (byte)'#' && lineStart)
            {
                kind = TokenKind.Directive;
                directive = ReadDirectiveKind(s, i + 1);
                i = CLexer.EndOfDirective(s, i);
            }
            else if (IsIdentifierStart(b))
            {
                kind = TokenKind.Identifier;
                var rest = s[(i + 1)..].IndexOfAnyExcept(IdentifierBytes);
                i = rest < 0 ? s.Length : i + 1 + rest;
            }
            else if (IsDigit(b) || (b == (byte)'.' && i + 1 < s.Length && IsDigit(s[i + 1])))
            {
                kind = TokenKind.Number;
                i = SkipNumber(s, i);
            }
            else if (b is (byte)'"' or (byte)'\'')
            {
                kind = TokenKind.Literal;
                i = CLexer.SkipLiteral(s, i);
            }
            else
            {
                kind = b < 0x80 && b > 0x20 ? TokenKind.Punct : TokenKind.Other;
                i++;
            }
            lineStart = false;
            if (count == tokens.Length)
                Grow(ref tokens);
            tokens[count++] = new Token(start, i, kind, b, directive);
        }
        return new CTokens(tokens, count, MatchBrackets(tokens, count));
    }

    private static void Grow(ref Token[] tokens)
    {
        var bigger = ArrayPool<Token>.Shared.Rent(tokens.Length * 2);
        tokens.AsSpan().CopyTo(bigger);
        ArrayPool<Token>.Shared.Return(tokens);
        tokens = bigger;
    }

    /// <summary>
    /// Pairs brackets with one stack. A closer that does not match the innermost opener (an <c>#ifdef</c> split)
    /// closes nothing; openers left at the end stay unmatched.
    /// </summary>
    private static int[] MatchBrackets(Token[] tokens, int count)
    {
        var match = ArrayPool<int>.Shared.Rent(Math.Max(1, count));
        var stack = ArrayPool<int>.Shared.Rent(64);
        var depth = 0;
        for (var i = 0; i < count; i++)
        {
            match[i] = -1;
            ref readonly var t = ref tokens[i];
            if (t.Kind != TokenKind.Punct)
                continue;
            switch (t.First)
            {
                case (byte)'(' or (byte)'[' or (byte)'{':
                    if (depth == stack.Length)
                    {
                        var bigger = ArrayPool<int>.Shared.Rent(stack.Length * 2);
                        stack.AsSpan().CopyTo(bigger);
                        ArrayPool<int>.Shared.Return(stack);
                        stack = bigger;
                    }
                    stack[depth++] = i;
                    break;
                case (byte)')' or (byte)']' or (byte)'}':
                    var opener = t.First switch { (byte)')' => (byte)'(', (byte)']' => (byte)'[', _ => (byte)'{' };
                    // Look down the stack a little: one unmatched opener in between (split by #ifdef) is skipped.
                    for (var d = depth - 1; d >= 0 && d >= depth - 2; d--)
                    {
                        if (tokens[stack[d]].First == opener)
                        {
                            match[i] = stack[d];
                            match[stack[d]] = i;
                            depth = d;
                            break;
                        }
                    }
                    break;
            }
        }
        ArrayPool<int>.Shared.Return(stack);
        return match;
    }

    private static bool IsIdentifierStart(byte b) =>
        (uint)((b | 0x20) - 'a') <= 'z' - 'a' || b == (byte)'_' || b == (byte)'$';

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static int SkipNumber(ReadOnlySpan<byte> s, int i)
    {
        i++;
        while (i < s.Length)
        {
            var b = s[i];
            if (IsDigit(b) || IsIdentifierStart(b) || b == (byte)'.')
            {
                i++;
            }
            else if ((b == (byte)'+' || b == (byte)'-') && (s[i - 1] | 0x20) is (byte)'e' or (byte)'p')
            {
                i++;
            }
            else
            {
                break;
            }
        }
        return i;
    }

    private static DirectiveKind ReadDirectiveKind(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && (s[i] == (byte)' ' || s[i] == (byte)'\t'))
            i++;
        var end = i;
        while (end < s.Length && IsIdentifierStart(s[end]))
            end++;
        var name = s[i..end];
        return name switch
        {
            _ when name.SequenceEqual("if"u8) => DirectiveKind.If,
            _ when name.SequenceEqual("ifdef"u8) => DirectiveKind.Ifdef,
            _ when name.SequenceEqual("ifndef"u8) => DirectiveKind.Ifndef,
            _ when name.SequenceEqual("elif"u8) || name.SequenceEqual("elifdef"u8) || name.SequenceEqual("elifndef"u8) => DirectiveKind.Elif,
            _ when name.SequenceEqual("else"u8) => DirectiveKind.Else,
            _ when name.SequenceEqual("endif"u8) => DirectiveKind.Endif,
            _ when name.SequenceEqual("define"u8) => DirectiveKind.Define,
            _ => DirectiveKind.Other,
        };
    }
}
