using System;
using System.Collections.Generic;
using System.Text;
using Folint.Analyzer.Model;
using Folint.CSource.Lexing;

namespace Folint.CSource.Normalization;

/// <summary>
/// The second pass: one walk over the tokens left after conditional flattening, rewriting the macros the hints
/// name and the constructs no hint is needed for (type arguments, GNU case ranges). Every rewrite stays inside the
/// bytes of the tokens it replaces; a token inside a rewrite already made is not looked at again.
/// </summary>
internal sealed class MacroPass
{
    // Words that may stand in a type and never name it: kept out of the word a type argument is reduced to.
    private static readonly HashSet<string> TypeWords = new(StringComparer.Ordinal)
    {
        "struct", "union", "enum", "const", "volatile", "restrict", "__restrict", "signed", "unsigned",
        "short", "long", "int", "char", "void", "float", "double", "_Bool", "bool",
    };

    // Words before '(' whose parenthesis tree-sitter-c reads itself: operators taking a type, and keywords
    // before a cast or a condition (`return (unsigned long)x`).
    private static readonly HashSet<string> TypeAware = new(StringComparer.Ordinal)
    {
        "sizeof", "typeof", "__typeof__", "__typeof", "typeof_unqual", "_Alignof", "__alignof__", "alignof",
        "offsetof", "__builtin_offsetof", "_Generic", "__attribute__", "__attribute", "asm", "__asm__", "__asm",
        "if", "while", "for", "switch", "return", "else", "do", "case",
    };

    private readonly MacroHints _hints;
    private readonly CTokens _tokens;
    private readonly byte[] _source;
    private readonly byte[] _text;
    private readonly List<MacroRewrite> _rewrites;
    private readonly Nesting _nesting = new();
    private readonly bool[] _consumed;

    public MacroPass(MacroHints hints, CTokens tokens, byte[] source, byte[] text, List<MacroRewrite> rewrites)
    {
        _hints = hints;
        _tokens = tokens;
        _source = source;
        _text = text;
        _rewrites = rewrites;
        _consumed = new bool[tokens.Count];
    }

    public void Run()
    {
        for (var i = 0; i < _tokens.Count; i++)
        {
            ref readonly var t = ref _tokens[i];
            if (t.Kind == TokenKind.Punct)
            {
                _nesting.Step(_tokens, _source, i);
                continue;
            }
            if (t.Kind == TokenKind.Directive)
            {
                if (t.Directive == DirectiveKind.Define)
                    Define(t);
                continue;
            }
            if (t.Kind != TokenKind.Identifier || _consumed[i] || IsMemberName(i))
                continue;
            var name = Word(t);
            var group = _hints.Find(name);
            if (group is not null && Apply(group, i, name))
                continue;
            if (name.SequenceEqual("case"u8) && _nesting.InFunction)
                CaseRange(i);
            else if (_nesting.InFunction || _nesting.TopBrace == BraceKind.Initializer)
                TypeArguments(i, name);
        }
    }

    private bool Apply(MacroHintGroup group, int i, ReadOnlySpan<byte> name)
    {
        switch (group.Treatment)
        {
            case MacroTreatment.Blank:
                Blank(i, i, name, RewriteKind.Blanked);
                return true;
            case MacroTreatment.BlankWithArguments:
                var open = _tokens.NextCode(i);
                var close = open >= 0 && _tokens[open].Is('(') ? _tokens.Match(open) : -1;
                Blank(i, close > open ? close : i, name, RewriteKind.Blanked);
                return true;
            case MacroTreatment.Inline:
                return Overwrite(i, "inline"u8, name, RewriteKind.Inline);
            case MacroTreatment.Iterator or MacroTreatment.ScopedGuard:
                return IsLoopHeader(i) && Overwrite(i, "while"u8, name,
                    group.Treatment == MacroTreatment.Iterator ? RewriteKind.IteratorLoop : RewriteKind.ScopedGuard);
            case MacroTreatment.FunctionHeader:
                return FunctionHeader(i, name, group.ReturnType!);
            case MacroTreatment.Declaration:
                return Declaration(i, name, group.DeclaredArgument);
            case MacroTreatment.Generator:
                return Generator(i, name);
            case MacroTreatment.MemberGroup:
                return MemberGroup(i, name, group.MembersArgument);
            default:
                return false;
        }
    }

    /// <summary>
    /// <c>name(args) statement</c> where a statement may begin: inside a function, after ';', '{', '}', a label,
    /// <c>else</c>, <c>do</c> or the header of an if/for/while or of another loop macro.
    /// </summary>
    private bool IsLoopHeader(int i)
    {
        if (!_nesting.InFunction || !_nesting.InStatements)
            return false;
        var open = _tokens.NextCode(i);
        if (open < 0 || !_tokens[open].Is('('))
            return false;
        var close = _tokens.Match(open);
        if (close < 0)
            return false;
        var next = _tokens.NextCode(close);
        if (next < 0 || !StartsStatement(next))
            return false;
        var p = _tokens.PreviousCode(i);
        if (p < 0)
            return false;
        ref readonly var prev = ref _tokens[p];
        if (prev.Kind == TokenKind.Punct)
        {
            if (prev.First is (byte)';' or (byte)'{' or (byte)'}' or (byte)':')
                return true;
            if (prev.First != (byte)')')
                return false;
            var opener = _tokens.Match(p);
            var head = opener < 0 ? -1 : _tokens.PreviousCode(opener);
            if (head < 0 || _tokens[head].Kind != TokenKind.Identifier)
                return false;
            var word = Word(_tokens[head]);
            return word.SequenceEqual("if"u8) || word.SequenceEqual("for"u8) || word.SequenceEqual("while"u8)
                || _hints.Find(word) is { Treatment: MacroTreatment.Iterator or MacroTreatment.ScopedGuard };
        }
        if (prev.Kind == TokenKind.Identifier)
        {
            var word = Word(prev);
            return word.SequenceEqual("else"u8) || word.SequenceEqual("do"u8);
        }
        return false;
    }

    private bool StartsStatement(int index)
    {
        ref readonly var t = ref _tokens[index];
        return t.Kind == TokenKind.Identifier
            || (t.Kind == TokenKind.Punct && t.First is (byte)'{' or (byte)'(' or (byte)'*' or (byte)'+' or (byte)'-' or (byte)'&');
    }

    /// <summary>
    /// <c>SYSCALL_DEFINE3(madvise, unsigned long, start, size_t, len_in, int, behavior) {</c> at file scope becomes
    /// <c>long            madvise(unsigned long  start, size_t  len_in, int  behavior) {</c>: the macro name and its
    /// '(' become the return type, the comma after the function's name its '(', the comma inside each (type, name)
    /// pair a space. Annotations the hints know (<c>__user</c>) inside the types are blanked with it.
    /// </summary>
    private bool FunctionHeader(int i, ReadOnlySpan<byte> name, string returnType)
    {
        if (!_nesting.AtFileScope)
            return false;
        var open = _tokens.NextCode(i);
        if (open < 0 || !_tokens[open].Is('('))
            return false;
        var close = _tokens.Match(open);
        if (close < 0)
            return false;
        var next = _tokens.NextCode(close);
        if (next < 0 || !_tokens[next].Is('{'))
            return false;
        var commas = TopLevelCommas(open, close);
        if (commas.Count % 2 != 0)
            return false;
        var fname = _tokens.NextCode(open);
        var fnameEnd = commas.Count > 0 ? commas[0] : close;
        if (fname < 0 || fname + 1 != fnameEnd || _tokens[fname].Kind != TokenKind.Identifier)
            return false;
        for (var k = 1; k < commas.Count; k += 2)
        {
            var typeStart = commas[k - 1] + 1;
            var argName = commas[k] + 1;
            var argEnd = k + 1 < commas.Count ? commas[k + 1] : close;
            if (typeStart >= commas[k] || argName + 1 != argEnd || _tokens[argName].Kind != TokenKind.Identifier)
                return false;
        }

        var start = _tokens[i].Start;
        var returnBytes = Encoding.ASCII.GetBytes(returnType + " ");
        if (commas.Count == 0)
        {
            // No parameters: "SYSCALL_DEFINE0(sync)" -> "long sync(      )"; the name moves to the front.
            var header = Encoding.ASCII.GetBytes(returnType + " " + Encoding.ASCII.GetString(Word(_tokens[fname])) + "(");
            var room = _tokens[close].Start - start;
            if (header.Length > room || _source.AsSpan(start, room).IndexOfAny((byte)'\n', (byte)'\r') >= 0)
                return false;
            Normalizer.Blank(_text, start, _tokens[close].Start);
            Normalizer.Write(_text, start, header);
        }
        else
        {
            Normalizer.Blank(_text, start, _tokens[open].End);
            Normalizer.Write(_text, start, returnBytes);
            _text[_tokens[commas[0]].Start] = (byte)'(';
            for (var k = 1; k < commas.Count; k += 2)
            {
                _text[_tokens[commas[k]].Start] = (byte)' ';
                for (var w = commas[k - 1] + 1; w < commas[k]; w++)
                {
                    ref readonly var word = ref _tokens[w];
                    if (word.Kind == TokenKind.Identifier && _hints.Find(Word(word)) is { Treatment: MacroTreatment.Blank })
                        Normalizer.Blank(_text, word.Start, word.End);
                }
            }
        }
        Add(i, close, name, RewriteKind.FunctionHeader);
        return true;
    }

    /// <summary>
    /// <c>DEFINE_PER_CPU(struct foo, bar)</c> where a declaration may stand (file scope, a member list, a
    /// statement): the argument list but the declared name becomes spaces, leaving <c>DEFINE_PER_CPU bar</c>, a
    /// declaration whose type is the macro name.
    /// </summary>
    private bool Declaration(int i, ReadOnlySpan<byte> name, int declares)
    {
        if (_nesting.Top is (byte)'(' or (byte)'[' || _nesting.TopBrace == BraceKind.Initializer && _nesting.Top == (byte)'{')
            return false;
        var open = _tokens.NextCode(i);
        if (open < 0 || !_tokens[open].Is('('))
            return false;
        var close = _tokens.Match(open);
        if (close < 0)
            return false;
        var commas = TopLevelCommas(open, close);
        if (declares > commas.Count)
            return false;
        var first = declares == 0 ? open + 1 : commas[declares - 1] + 1;
        var last = (declares < commas.Count ? commas[declares] : close) - 1;
        if (first > last || _tokens[first].Kind != TokenKind.Identifier)
            return false;
        var p = _tokens.PreviousCode(i);
        if (p >= 0 && _tokens[p].Kind == TokenKind.Punct && _tokens[p].First is not ((byte)';' or (byte)'{' or (byte)'}' or (byte)':' or (byte)')'))
            return false;
        Normalizer.Blank(_text, _tokens[open].Start, _tokens[first].Start);
        Normalizer.Blank(_text, _tokens[last].End, _tokens[close].End);
        Add(i, close, name, RewriteKind.DeclarationMacro);
        return true;
    }

    /// <summary>
    /// <c>FOLIO_FLAG(dirty, FOLIO_HEAD_PAGE)</c> at file scope, where a declaration starts: becomes
    /// <c>FOLIO_FLAG dirty, FOLIO_HEAD_PAGE;</c>, complete without the semicolon the kernel leaves out. Only when
    /// every argument is one identifier, so the result is a declaration.
    /// </summary>
    private bool Generator(int i, ReadOnlySpan<byte> name)
    {
        if (!_nesting.AtFileScope)
            return false;
        var open = _tokens.NextCode(i);
        if (open < 0 || !_tokens[open].Is('('))
            return false;
        var close = _tokens.Match(open);
        if (close < 0 || close == open + 1)
            return false;
        for (var k = open + 1; k < close; k += 2)
        {
            if (_tokens[k].Kind != TokenKind.Identifier || !(_tokens[k + 1].Is(',') || k + 1 == close))
                return false;
        }
        var p = _tokens.PreviousCode(i);
        if (p >= 0 && !(_tokens[p].Kind == TokenKind.Punct && _tokens[p].First is (byte)';' or (byte)'}' or (byte)')'))
            return false;
        var next = _tokens.NextCode(close);
        if (next >= 0 && _tokens[next].Is('{'))
            return false;
        _text[_tokens[open].Start] = (byte)' ';
        _text[_tokens[close].Start] = next >= 0 && _tokens[next].Is(';') ? (byte)' ' : (byte)';';
        Add(i, close, name, RewriteKind.GeneratorMacro);
        return true;
    }

    /// <summary>
    /// <c>struct_group(stats, u64 a; u64 b;);</c> in a member list becomes <c>struct {      u64 a; u64 b;};</c>: an
    /// anonymous struct member holding the members, which the kernel's union makes reachable by their own names.
    /// </summary>
    private bool MemberGroup(int i, ReadOnlySpan<byte> name, int members)
    {
        if (!(_nesting.Top == (byte)'{' && _nesting.TopBrace == BraceKind.Record))
            return false;
        var open = _tokens.NextCode(i);
        if (open != i + 1 || !_tokens[open].Is('('))
            return false;
        var close = _tokens.Match(open);
        if (close < 0)
            return false;
        var commas = TopLevelCommas(open, close);
        if (members < 1 || members > commas.Count)
            return false;
        var start = _tokens[i].Start;
        var membersStart = _tokens[commas[members - 1]].End;
        if (_tokens[open].End - start < "struct {".Length)
            return false;
        Normalizer.Blank(_text, start, membersStart);
        Normalizer.Write(_text, start, "struct {"u8);
        _text[_tokens[close].Start] = (byte)'}';
        _rewrites.Add(new MacroRewrite(new TextSpan(start, membersStart), Encoding.ASCII.GetString(name), RewriteKind.MemberGroup));
        _rewrites.Add(new MacroRewrite(new TextSpan(_tokens[close].Start, _tokens[close].End), Encoding.ASCII.GetString(name), RewriteKind.MemberGroup));
        _consumed.AsSpan(i, commas[members - 1] - i + 1).Fill(true);
        _consumed[close] = true;
        return true;
    }

    /// <summary>
    /// Two things in a <c>#define</c> that tree-sitter-c cannot read: a GNU named variadic parameter (<c>args...</c>)
    /// and a comment followed by more of the macro on a continued line.
    /// </summary>
    private void Define(in Token t)
    {
        var line = _source.AsSpan(t.Start, t.Length);
        var at = line.IndexOf("define"u8) + "define".Length;
        while (at < line.Length && line[at] is (byte)' ' or (byte)'\t')
            at++;
        var nameStart = at;
        while (at < line.Length && (IsIdentifierByte(line[at])))
            at++;
        var macro = line[nameStart..at];
        if (at < line.Length && line[at] == (byte)'(')
        {
            var close = line[at..].IndexOf((byte)')');
            var dots = close < 0 ? -1 : line[at..(at + close)].IndexOf("..."u8);
            if (dots > 0)
            {
                var d = at + dots;
                var before = d - 1;
                while (before > at && line[before] is (byte)' ' or (byte)'\t')
                    before--;
                if (IsIdentifierByte(line[before]))
                {
                    Normalizer.Blank(_text, t.Start + d, t.Start + d + 3);
                    _rewrites.Add(new MacroRewrite(new TextSpan(t.Start + d, t.Start + d + 3), Encoding.ASCII.GetString(macro), RewriteKind.NamedVariadic));
                }
            }
        }
        // Comments: only those on one line with more of the macro after them.
        var i = at;
        while (i + 1 < line.Length)
        {
            var b = line[i];
            if (b is (byte)'"' or (byte)'\'')
            {
                i = CLexer.SkipLiteral(line, i);
                continue;
            }
            if (!CLexer.IsCommentStart(line, i) || line[i + 1] != (byte)'*')
            {
                i++;
                continue;
            }
            var end = line[(i + 2)..].IndexOf("*/"u8);
            if (end < 0)
                return;
            var commentEnd = i + 2 + end + 2;
            var inside = line[i..commentEnd];
            if (inside.IndexOf((byte)'\n') < 0 && line[commentEnd..].IndexOf((byte)'\n') >= 0)
            {
                Normalizer.Blank(_text, t.Start + i, t.Start + commentEnd);
                _rewrites.Add(new MacroRewrite(new TextSpan(t.Start + i, t.Start + commentEnd), Encoding.ASCII.GetString(macro), RewriteKind.DirectiveComment));
            }
            i = commentEnd;
        }
    }

    private static bool IsIdentifierByte(byte b) =>
        (uint)((b | 0x20) - 'a') <= 'z' - 'a' || (uint)(b - '0') <= 9 || b == (byte)'_' || b == (byte)'$';

    /// <summary>
    /// A macro argument that is a type (<c>struct folio</c>, <c>unsigned long</c>, <c>void *</c>): words and '*'
    /// only, and two words in a row or a trailing '*', which no expression has. It is reduced to one word, the type's
    /// name, so tree-sitter reads an identifier.
    /// </summary>
    private void TypeArguments(int i, ReadOnlySpan<byte> name)
    {
        var open = i + 1;
        if (open >= _tokens.Count || !_tokens[open].Is('('))
            return;
        var close = _tokens.Match(open);
        if (close < 0)
            return;
        var calleeChecked = false;
        var argStart = open + 1;
        for (var k = open + 1; k <= close; k++)
        {
            ref readonly var t = ref _tokens[k];
            if (t.Kind == TokenKind.Punct && t.First is (byte)'(' or (byte)'[' or (byte)'{')
            {
                var m = _tokens.Match(k);
                if (m < 0 || m > close)
                    return;
                k = m;
                continue;
            }
            if (k != close && !t.Is(','))
                continue;
            if (IsTypeArgument(argStart, k))
            {
                if (!calleeChecked)
                {
                    if (TypeAware.Contains(Encoding.ASCII.GetString(name)))
                        return;
                    calleeChecked = true;
                }
                ReduceTypeArgument(argStart, k, name);
            }
            argStart = k + 1;
        }
    }

    private bool IsTypeArgument(int start, int end)
    {
        if (end - start < 2)
            return false;
        var adjacentWords = false;
        for (var k = start; k < end; k++)
        {
            ref readonly var t = ref _tokens[k];
            if (t.Kind == TokenKind.Identifier)
            {
                if (k > start && _tokens[k - 1].Kind == TokenKind.Identifier)
                    adjacentWords = true;
            }
            else if (!t.Is('*'))
            {
                return false;
            }
        }
        return adjacentWords || _tokens[end - 1].Is('*');
    }

    private void ReduceTypeArgument(int start, int end, ReadOnlySpan<byte> macro)
    {
        var keep = -1;
        for (var k = end - 1; k >= start; k--)
        {
            ref readonly var t = ref _tokens[k];
            if (t.Kind != TokenKind.Identifier)
                continue;
            if (keep < 0)
                keep = k;
            var word = Word(t);
            if (!TypeWords.Contains(Encoding.ASCII.GetString(word)) && _hints.Find(word) is null)
            {
                keep = k;
                break;
            }
        }
        for (var k = start; k < end; k++)
        {
            if (k != keep)
                Normalizer.Blank(_text, _tokens[k].Start, _tokens[k].End);
        }
        Add(start, end - 1, macro, RewriteKind.TypeArgument);
    }

    /// <summary>GNU <c>case low ... high:</c>: the <c>...</c> becomes <c>|| </c>, which tree-sitter reads as an expression.</summary>
    private void CaseRange(int i)
    {
        for (var k = i + 1; k + 2 < _tokens.Count && k < i + 64; k++)
        {
            ref readonly var t = ref _tokens[k];
            if (t.Is(':') || t.Is(';') || t.Is('{') || t.Is('}'))
                return;
            if (t.Is('.') && _tokens[k + 1].Is('.') && _tokens[k + 2].Is('.')
                && _tokens[k + 1].Start == t.Start + 1 && _tokens[k + 2].Start == t.Start + 2)
            {
                Normalizer.Blank(_text, t.Start, t.Start + 3);
                Normalizer.Write(_text, t.Start, "||"u8);
                Add(k, k + 2, "..."u8, RewriteKind.CaseRange);
                return;
            }
        }
    }

    private List<int> TopLevelCommas(int open, int close)
    {
        var commas = new List<int>();
        for (var k = open + 1; k < close; k++)
        {
            ref readonly var t = ref _tokens[k];
            if (t.Kind == TokenKind.Punct && t.First is (byte)'(' or (byte)'[' or (byte)'{')
            {
                var m = _tokens.Match(k);
                if (m > k && m < close)
                    k = m;
            }
            else if (t.Is(','))
            {
                commas.Add(k);
            }
        }
        return commas;
    }

    /// <summary>A name after '.' or '->' is a member, never a macro use.</summary>
    private bool IsMemberName(int i)
    {
        if (i == 0)
            return false;
        ref readonly var prev = ref _tokens[i - 1];
        return prev.Is('.') || (prev.Is('>') && i >= 2 && _tokens[i - 2].Is('-') && _tokens[i - 2].End == prev.Start);
    }

    private ReadOnlySpan<byte> Word(in Token t) => _source.AsSpan(t.Start, t.Length);

    private void Blank(int first, int last, ReadOnlySpan<byte> macro, RewriteKind kind)
    {
        Normalizer.Blank(_text, _tokens[first].Start, _tokens[last].End);
        Add(first, last, macro, kind);
    }

    /// <summary>Writes <paramref name="replacement"/> over the token and spaces over the rest of it, when it fits.</summary>
    private bool Overwrite(int index, ReadOnlySpan<byte> replacement, ReadOnlySpan<byte> macro, RewriteKind kind)
    {
        ref readonly var t = ref _tokens[index];
        if (t.Length < replacement.Length)
            return false;
        Normalizer.Blank(_text, t.Start, t.End);
        Normalizer.Write(_text, t.Start, replacement);
        Add(index, index, macro, kind);
        return true;
    }

    /// <summary>Records a rewrite of tokens first..last (inclusive); they are not looked at again.</summary>
    private void Add(int first, int last, ReadOnlySpan<byte> macro, RewriteKind kind)
    {
        _rewrites.Add(new MacroRewrite(new TextSpan(_tokens[first].Start, _tokens[last].End), Encoding.ASCII.GetString(macro), kind));
        _consumed.AsSpan(first, last - first + 1).Fill(true);
    }
}
