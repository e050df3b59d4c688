using System;
using System.Collections.Generic;

namespace Folint.CSource.Normalization;

internal enum BraceKind : byte
{
    /// <summary>The body of a function definition.</summary>
    FunctionBody,
    /// <summary>A compound statement inside a function (or a GNU statement expression).</summary>
    Block,
    /// <summary>The member list of a struct, union or enum.</summary>
    Record,
    /// <summary>A braced initializer or compound literal.</summary>
    Initializer,
}

/// <summary>
/// The open brackets at a point of a token walk, each brace with what it opens. Both passes of the normalizer
/// walk with one, so "inside a function body" and "inside an argument list" mean the same in both.
/// </summary>
internal sealed class Nesting
{
    private readonly List<(byte Opener, BraceKind Kind)> _open = new();
    private int _functionBodies;

    public int Depth => _open.Count;

    public bool AtFileScope => _open.Count == 0;

    public bool InFunction => _functionBodies > 0;

    /// <summary>The innermost open bracket ('(', '[', '{'), or 0 at file scope.</summary>
    public byte Top => _open.Count == 0 ? (byte)0 : _open[^1].Opener;

    public BraceKind TopBrace => _open.Count == 0 ? BraceKind.Record : _open[^1].Kind;

    /// <summary>True when the innermost bracket is a brace in which statements stand.</summary>
    public bool InStatements => _open.Count > 0 && _open[^1].Opener == (byte)'{' && _open[^1].Kind is BraceKind.FunctionBody or BraceKind.Block;

    /// <summary>Updates the nesting for the punctuation token at <paramref name="index"/>.</summary>
    public void Step(CTokens tokens, ReadOnlySpan<byte> source, int index)
    {
        ref readonly var t = ref tokens[index];
        if (t.Kind != TokenKind.Punct)
            return;
        switch (t.First)
        {
            case (byte)'(' or (byte)'[':
                _open.Add((t.First, BraceKind.Block));
                break;
            case (byte)'{':
                var kind = Classify(tokens, source, index);
                _open.Add(((byte)'{', kind));
                if (kind == BraceKind.FunctionBody)
                    _functionBodies++;
                break;
            case (byte)')':
                Close((byte)'(');
                break;
            case (byte)']':
                Close((byte)'[');
                break;
            case (byte)'}':
                Close((byte)'{');
                break;
        }
    }

    private void Close(byte opener)
    {
        // A closer that does not match the innermost opener closes the one below it when that matches (one
        // stray opener, typically left by a preprocessor branch); otherwise it is ignored.
        for (var d = _open.Count - 1; d >= 0 && d >= _open.Count - 2; d--)
        {
            if (_open[d].Opener != opener)
                continue;
            for (var k = _open.Count - 1; k >= d; k--)
            {
                if (_open[k].Kind == BraceKind.FunctionBody && _open[k].Opener == (byte)'{')
                    _functionBodies--;
            }
            _open.RemoveRange(d, _open.Count - d);
            return;
        }
    }

    /// <summary>What a '{' opens, judged from the token before it and the enclosing bracket.</summary>
    private BraceKind Classify(CTokens tokens, ReadOnlySpan<byte> source, int index)
    {
        var p = tokens.PreviousCode(index);
        var enclosing = _open.Count == 0 ? (byte)0 : _open[^1].Opener;
        var enclosingKind = _open.Count == 0 ? BraceKind.Record : _open[^1].Kind;
        if (p < 0)
            return enclosing == 0 ? BraceKind.Record : BraceKind.Block;
        ref readonly var prev = ref tokens[p];
        if (prev.Kind == TokenKind.Punct)
        {
            switch (prev.First)
            {
                case (byte)')':
                    // After a parameter list at file scope: a function body (annotations after the list end in ')'
                    // too). Inside a function: the body of if/for/while/switch, or a compound literal.
                    if (enclosing == 0)
                        return BraceKind.FunctionBody;
                    return enclosingKind == BraceKind.Initializer && enclosing == (byte)'{' ? BraceKind.Initializer : BraceKind.Block;
                case (byte)'(':
                    return BraceKind.Block; // ({ ... }) statement expression
                case (byte)';' or (byte)'}' or (byte)':':
                    return enclosing == (byte)'{' && enclosingKind == BraceKind.Initializer ? BraceKind.Initializer : BraceKind.Block;
                case (byte)'{':
                    return enclosingKind is BraceKind.Initializer ? BraceKind.Initializer : BraceKind.Block;
                default:
                    return BraceKind.Initializer; // = { ... }, , { ... }, [x] = { ... }
            }
        }
        if (prev.Kind == TokenKind.Identifier)
        {
            var word = source[prev.Start..prev.End];
            if (word.SequenceEqual("else"u8) || word.SequenceEqual("do"u8))
                return BraceKind.Block;
            // struct/union/enum with or without a tag: a member list.
            for (var k = p; k >= 0 && k >= p - 3; k--)
            {
                ref readonly var w = ref tokens[k];
                if (w.Kind != TokenKind.Identifier)
                    continue;
                var text = source[w.Start..w.End];
                if (text.SequenceEqual("struct"u8) || text.SequenceEqual("union"u8) || text.SequenceEqual("enum"u8))
                    return BraceKind.Record;
            }
            return enclosing == 0 ? BraceKind.FunctionBody : BraceKind.Block;
        }
        return BraceKind.Initializer;
    }
}
