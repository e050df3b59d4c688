using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Folint.Analyzer.Rules;

namespace Folint.CSource.Index;

/// <summary>
/// The facts a byte-level scan records for one file, as 64-bit keys in the <see cref="IdentifierIndex"/>: every
/// identifier in code (its FNV-1a hash, <see cref="IdentifierIndex.Hash"/>), plus derived facts (<see cref="FileFactKind"/>)
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
    /// <c>struct</c>/<c>union</c> directly followed by its body, and the <c>folint:</c> marker.
    /// </summary>
    public static void Scan(ReadOnlySpan<byte> text, ScanVocabulary vocabulary, KeySet into)
    {
        if (text.IndexOf("folint:"u8) >= 0)
            into.Add(SuppressionMarker);
        var i = 0;
        var n = text.Length;
        // the last significant token: an identifier (its hash), a ')' (CloseParenthesis), or nothing (0)
        ulong previous = 0;
        var recordKeyword = false;
        ulong recordTag = 0;
        var prefixLengths = vocabulary.PrefixLengths;
        while (i < n)
        {
            var b = text[i];
            if (IsIdentifierStart(b))
            {
                var hash = OffsetBasis;
                var length = 0;
                while (i < n && IsIdentifierPart(text[i]))
                {
                    hash = (hash ^ text[i]) * Prime;
                    i++;
                    length++;
                    if (length < 64 && (prefixLengths >> length & 1) != 0 && vocabulary.IsPrefix(hash))
                        into.Add(Key(FileFactKind.IdentifierPrefix, hash));
                }
                into.Add(hash);
                recordTag = recordKeyword ? hash : 0;
                recordKeyword = hash == StructKeyword || hash == UnionKeyword;
                previous = hash;
                continue;
            }
            if (b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f' or (byte)'\v' || b == '\\' && i + 1 < n && text[i + 1] is (byte)'\n' or (byte)'\r')
            {
                i++;
                continue;
            }
            if (b == '/' && i + 1 < n)
            {
                if (text[i + 1] == '*')
                {
                    var close = text.Slice(i + 2).IndexOf("*/"u8);
                    i = close < 0 ? n : i + 2 + close + 2;
                    continue;
                }
                if (text[i + 1] == '/')
                {
                    var end = text.Slice(i).IndexOf((byte)'\n');
                    i = end < 0 ? n : i + end;
                    continue;
                }
            }
            if (b >= (byte)'0' && b <= (byte)'9')
            {
                // numbers (0x1f, 1UL, 1e-3) are not identifiers
                while (i < n && IsIdentifierPart(text[i]))
                    i++;
                previous = 0;
                recordKeyword = false;
                recordTag = 0;
                continue;
            }
            if (b is (byte)'"' or (byte)'\'')
            {
                i++;
                while (i < n && text[i] != b && text[i] != '\n')
                    i += text[i] == '\\' ? 2 : 1;
                i++;
                previous = 0;
                recordKeyword = false;
                recordTag = 0;
                continue;
            }
            if (b is (byte)'|' or (byte)'&' or (byte)'^' && i + 1 < n && text[i + 1] == '=' && previous != 0)
                into.Add(Key(FileFactKind.CompoundAssignmentTo, previous));
            if (b == '{' && recordTag != 0)
                into.Add(Key(FileFactKind.RecordDefinition, recordTag));
            previous = b == ')' ? CloseParenthesis : 0;
            recordKeyword = false;
            recordTag = 0;
            i++;
        }
    }

    internal const ulong OffsetBasis = 14695981039346656037UL;
    internal const ulong Prime = 1099511628211UL;

    private static bool IsIdentifierStart(byte b) => b == '_' || (uint)((b | 0x20) - 'a') <= 'z' - 'a';

    private static bool IsIdentifierPart(byte b) => IsIdentifierStart(b) || (uint)(b - '0') <= 9;
}

/// <summary>The static part of what the scan records: the identifier prefixes the rules ask about (up to 63 bytes each).</summary>
public sealed class ScanVocabulary
{
    private readonly HashSet<ulong> _prefixes;

    public ScanVocabulary(IEnumerable<string> prefixes)
    {
        Prefixes = prefixes.Where(p => p.Length is > 0 and < 64).Distinct(StringComparer.Ordinal).OrderBy(p => p, StringComparer.Ordinal).ToArray();
        _prefixes = new HashSet<ulong>(Prefixes.Select(IdentifierIndex.Hash));
        foreach (var prefix in Prefixes)
            PrefixLengths |= 1UL << prefix.Length;
    }

    public static ScanVocabulary None { get; } = new(Array.Empty<string>());

    public IReadOnlyList<string> Prefixes { get; }

    /// <summary>Bit n set when some prefix is n bytes long.</summary>
    public ulong PrefixLengths { get; }

    internal bool IsPrefix(ulong hash) => _prefixes.Contains(hash);

    /// <summary>What the scan records, as text: part of the cache's version.</summary>
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
