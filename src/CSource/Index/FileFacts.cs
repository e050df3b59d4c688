using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Folint.Analyzer.Contracts;
using Folint.CSource.Lexing;
using Folint.CSource.Preprocessor;

namespace Folint.CSource.Index;

/// <summary>
/// The facts a byte-level scan records for one file, as 64-bit keys in the <see cref="IdentifierIndex"/>: every
/// identifier in code (its 64-bit hash, <see cref="IdentifierIndex.Hash"/>), plus derived facts (<see cref="FileFactKind"/>)
/// keyed by the hash of their text mixed with their kind, and whether the file holds a <c>folint:</c> directive.
/// A collision only makes a file a candidate it need not be, never the reverse.
/// </summary>
public static class FileFacts
{
    private const ulong Mix = 0x9E3779B97F4A7C15UL;

    /// <summary>The key of a trigger's fact (its <see cref="FileTrigger.And"/> aside).</summary>
    public static ulong Key(FileFactKind kind, string text) => Key(kind, IdentifierIndex.Hash(text));

    public static ulong Key(FileFactKind kind, ulong textHash) =>
        kind == FileFactKind.Identifier ? textHash : (textHash ^ (ulong)(1 + (int)kind) * 0xC2B2AE3D27D4EB4FUL) * Mix;

    /// <summary>The file holds the text <c>folint:</c> (a suppression directive, or something that looks like one).</summary>
    public static readonly ulong SuppressionMarker = (IdentifierIndex.Hash("folint:") ^ 0x165667B19E3779F9UL) * Mix;

    private static readonly ulong StructKeyword = IdentifierIndex.Hash("struct");
    private static readonly ulong UnionKeyword = IdentifierIndex.Hash("union");
    private static readonly ulong CloseParenthesis = IdentifierIndex.Hash(")");

    /// <summary>
    /// Adds the keys of <paramref name="text"/> to <paramref name="into"/>: identifiers outside comments, string and
    /// character literals (numbers are not identifiers), the prefixes of <paramref name="vocabulary"/> they start
    /// with, the last identifier (or <c>)</c>) before each <c>|=</c>, <c>&amp;=</c>, <c>^=</c>, the tag of each
    /// <c>struct</c>/<c>union</c> directly followed by its body, whether a loop decrements a name and tests it for 0
    /// as a FOL004 count-down form does (<see cref="TestedDecrement"/>), and the <c>folint:</c> marker.
    /// </summary>
    /// <remarks>
    /// The hot loop of a cold whole-tree run (1.3 GB on Debian's 6.12): it jumps to the next byte that can start
    /// something (vectorized), takes identifiers whole (vectorized end search, one hash over 8-byte words), and looks
    /// back or ahead only where context is needed (<c>|=</c>, <c>struct</c>, the blanks before an identifier).
    /// </remarks>
    public static void Scan(ReadOnlySpan<byte> text, ScanVocabulary vocabulary, KeySet into)
    {
        if (text.IndexOf("folint:"u8) >= 0)
            into.Add(SuppressionMarker);
        var i = 0;
        var n = text.Length;
        var countDown = CountDownScan.ForThisThread(text);
        while (i < n)
        {
            var skip = text.Slice(i).IndexOfAny(Interesting);
            if (skip < 0)
                break;
            i += skip;
            var b = text[i];
            if (IsIdentifierStart(b))
            {
                var length = text.Slice(i).IndexOfAnyExcept(IdentifierBytes);
                if (length < 0)
                    length = n - i;
                var identifier = text.Slice(i, length);
                var hash = IdentifierIndex.Hash(identifier);
                into.Add(hash);
                countDown.Identifier(text, i, length, hash);
                if (vocabulary.HasPrefixes)
                    vocabulary.AddPrefixes(identifier, into);
                if (hash == StructKeyword || hash == UnionKeyword)
                    RecordDefinition(text, i + length, into);
                i += length;
                continue;
            }
            if (b is >= (byte)'0' and <= (byte)'9')
            {
                // numbers (0x1f, 1UL, 1e-3) are not identifiers
                var length = text.Slice(i).IndexOfAnyExcept(IdentifierBytes);
                i = length < 0 ? n : i + length;
                continue;
            }
            if (b == '/')
            {
                i = SkipComment(text, i);
                continue;
            }
            if (b is (byte)'"' or (byte)'\'')
            {
                i = CLexer.SkipLiteral(text, i);
                continue;
            }
            // | & ^: a compound assignment when '=' follows; its target is what comes before
            if (i + 1 < n && text[i + 1] == '=' && TargetBefore(text, i) is var target && target != 0)
                into.Add(Key(FileFactKind.CompoundAssignmentTo, target));
            i++;
        }
        if (countDown.Found(text))
            into.Add(TestedDecrement);
    }

    /// <summary>The key of the <see cref="FileFactKind.TestedDecrement"/> fact (<see cref="CountDownScan"/>).</summary>
    public static readonly ulong TestedDecrement = Key(FileFactKind.TestedDecrement, FileTrigger.PreDecrementText);

    /// <summary>Past a comment starting at <paramref name="i"/> (a '/'), or one byte on when it is a division.</summary>
    internal static int SkipComment(ReadOnlySpan<byte> text, int i) => CLexer.IsCommentStart(text, i) ? CLexer.SkipComment(text, i) : i + 1;

    /// <summary>
    /// The hash of the member name a compound assignment at <paramref name="at"/> writes (<c>page-&gt;flags |=</c>,
    /// <c>(folio-&gt;flags.f) &amp;=</c>: the name after the last <c>-&gt;</c> or <c>.</c>, parentheses around it
    /// allowed); ')' when a comment stands in the way (not worth reading back through); 0 when the target is no
    /// member (<c>flags |= x</c> on a local, <c>REG(x) |= y</c>).
    /// </summary>
    private static ulong TargetBefore(ReadOnlySpan<byte> text, int at)
    {
        var end = text.Slice(0, at).LastIndexOfAnyExcept(WhiteSpace);
        while (end >= 0 && text[end] == ')')
            end = text.Slice(0, end).LastIndexOfAnyExcept(WhiteSpace);
        if (end < 0)
            return 0;
        if (text[end] == '/')
            return CloseParenthesis;
        if (!IdentifierBytes.Contains(text[end]))
            return 0;
        var start = text.Slice(0, end + 1).LastIndexOfAnyExcept(IdentifierBytes) + 1;
        if (!IsIdentifierStart(text[start]))
            return 0;
        var before = text.Slice(0, start).LastIndexOfAnyExcept(WhiteSpace);
        var isMember = before >= 0 && (text[before] == '.' || text[before] == '>' && before > 0 && text[before - 1] == '-');
        return isMember ? IdentifierIndex.Hash(text.Slice(start, end + 1 - start)) : 0;
    }

    /// <summary>After <c>struct</c>/<c>union</c>: the tag, when the body follows it (white space and comments between).</summary>
    private static void RecordDefinition(ReadOnlySpan<byte> text, int at, KeySet into)
    {
        at = SkipBlanks(text, at);
        if (at >= text.Length || !IsIdentifierStart(text[at]))
            return;
        var length = text.Slice(at).IndexOfAnyExcept(IdentifierBytes);
        if (length < 0)
            return;
        var tag = text.Slice(at, length);
        var next = SkipBlanks(text, at + length);
        if (next < text.Length && text[next] == '{')
            into.Add(Key(FileFactKind.RecordDefinition, IdentifierIndex.Hash(tag)));
    }

    internal static int SkipBlanks(ReadOnlySpan<byte> text, int at)
    {
        while (at < text.Length)
        {
            var skip = text.Slice(at).IndexOfAnyExcept(WhiteSpace);
            if (skip < 0)
                return text.Length;
            at += skip;
            if (text[at] != '/' || at + 1 >= text.Length || text[at + 1] is not ((byte)'*' or (byte)'/'))
                return at;
            at = SkipComment(text, at);
        }
        return at;
    }

    internal static readonly SearchValues<byte> IdentifierBytes =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789"u8);

    private static readonly SearchValues<byte> Interesting =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789/\"'|&^"u8);

    internal static readonly SearchValues<byte> WhiteSpace = SearchValues.Create(" \t\n\r\f\v\\"u8);

    private static bool IsIdentifierStart(byte b) => b == '_' || (uint)((b | 0x20) - 'a') <= 'z' - 'a';
}

/// <summary>The static part of what the scan records: the identifier prefixes the rules ask about.</summary>
public sealed class ScanVocabulary
{
    private readonly HashSet<ulong> _prefixes;
    private readonly int[] _lengths;
    private readonly ulong[] _starts = new ulong[65536 / 64];

    public ScanVocabulary(IEnumerable<string> prefixes)
    {
        Prefixes = prefixes.Where(p => p.Length >= 2).Distinct(StringComparer.Ordinal).OrderBy(p => p, StringComparer.Ordinal).ToArray();
        _prefixes = new HashSet<ulong>(Prefixes.Select(p => IdentifierIndex.Hash(p)));
        _lengths = Prefixes.Select(p => p.Length).Distinct().OrderBy(l => l).ToArray();
        foreach (var prefix in Prefixes)
        {
            var start = (ushort)(prefix[0] | prefix[1] << 8);
            _starts[start >> 6] |= 1UL << (start & 63);
        }
    }

    public static ScanVocabulary None { get; } = new(Array.Empty<string>());

    public IReadOnlyList<string> Prefixes { get; }

    public bool HasPrefixes => _lengths.Length > 0;

    /// <summary>Adds a prefix fact for each prefix <paramref name="identifier"/> starts with (its first two bytes screen it first, in a bitmap).</summary>
    internal void AddPrefixes(ReadOnlySpan<byte> identifier, KeySet into)
    {
        if (identifier.Length < 2)
            return;
        var start = identifier[0] | identifier[1] << 8;
        if ((_starts[start >> 6] & (1UL << (start & 63))) == 0)
            return;
        foreach (var length in _lengths)
        {
            if (length > identifier.Length)
                break;
            var hash = IdentifierIndex.Hash(identifier.Slice(0, length));
            if (_prefixes.Contains(hash))
                into.Add(FileFacts.Key(FileFactKind.IdentifierPrefix, hash));
        }
    }

    /// <summary>What the scan records, as text: part of the cache's key.</summary>
    public string Describe() => "prefixes:" + string.Join(",", Prefixes);
}

/// <summary>
/// A set of 64-bit keys for one file at a time (open addressing, cleared between files by a generation stamp, so a
/// thread reuses one set for every file it scans).
/// </summary>
public sealed class KeySet
{
    private ulong[] _keys = new ulong[4096];
    private int[] _stamps = new int[4096];
    private int _generation = 1;
    private readonly List<ulong> _items = new();

    public int Count => _items.Count;

    public void Clear()
    {
        _items.Clear();
        if (++_generation == int.MaxValue)
        {
            Array.Clear(_stamps);
            _generation = 1;
        }
    }

    public void Add(ulong key)
    {
        if (_items.Count * 2 >= _keys.Length)
            Grow();
        var mask = _keys.Length - 1;
        var slot = (int)(key * 0x9E3779B97F4A7C15UL >> 40) & mask;
        while (_stamps[slot] == _generation)
        {
            if (_keys[slot] == key)
                return;
            slot = (slot + 1) & mask;
        }
        _stamps[slot] = _generation;
        _keys[slot] = key;
        _items.Add(key);
    }

    public bool Contains(ulong key)
    {
        var mask = _keys.Length - 1;
        var slot = (int)(key * 0x9E3779B97F4A7C15UL >> 40) & mask;
        while (_stamps[slot] == _generation)
        {
            if (_keys[slot] == key)
                return true;
            slot = (slot + 1) & mask;
        }
        return false;
    }

    /// <summary>The keys added since the last <see cref="Clear"/>, in the order they were added.</summary>
    public ulong[] ToArray() => _items.ToArray();

    private void Grow()
    {
        var items = _items.ToArray();
        _keys = new ulong[_keys.Length * 2];
        _stamps = new int[_keys.Length];
        _generation = 1;
        _items.Clear();
        foreach (var key in items)
            Add(key);
    }
}
