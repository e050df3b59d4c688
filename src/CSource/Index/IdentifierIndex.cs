using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Folint.CSource.Index;

/// <summary>
/// Which files of a tree mention an identifier. Built by a byte-level scan of every <c>.c</c>/<c>.h</c> file (no
/// parsing): identifiers outside comments, string and character literals, hashed with 64-bit FNV-1a. A lookup gives
/// candidate files, which the caller parses to learn what the identifier does there; a hash collision only adds a
/// candidate, never loses one.
/// </summary>
/// <remarks>
/// The layout is flat arrays, so it can be written to disk and mapped back as it is (a later issue adds that cache):
/// <see cref="Files"/> (tree-relative paths, ordinal order, the file id is the position), the sorted distinct
/// identifier hashes, for each hash the offset of its posting list, and the posting lists as LEB128 varints of
/// file-id deltas. On Debian's 6.12 tree this is a few tens of MB; the strings of the identifiers are never kept.
/// </remarks>
public sealed class IdentifierIndex
{
    private readonly ulong[] _keys;
    private readonly int[] _offsets;
    private readonly byte[] _postings;

    private IdentifierIndex(ImmutableArray<string> files, ImmutableArray<long> sizes, ulong[] keys, int[] offsets, byte[] postings, int skipped)
    {
        Files = files;
        Sizes = sizes;
        _keys = keys;
        _offsets = offsets;
        _postings = postings;
        SkippedFiles = skipped;
    }

    /// <summary>Tree-relative paths with forward slashes; a file's id is its position.</summary>
    public ImmutableArray<string> Files { get; }

    /// <summary>Size in bytes of each file when it was scanned.</summary>
    public ImmutableArray<long> Sizes { get; }

    /// <summary>Files left out: over the size limit or unreadable.</summary>
    public int SkippedFiles { get; }

    public int DistinctIdentifiers => _keys.Length;

    public long Postings { get; private set; }

    /// <summary>Bytes held by the index arrays (paths not counted).</summary>
    public long MemoryBytes => (long)_keys.Length * sizeof(ulong) + (long)_offsets.Length * sizeof(int) + _postings.Length;

    /// <summary>Ids of the files that mention <paramref name="identifier"/>, ascending.</summary>
    public IEnumerable<int> FileIdsWith(string identifier)
    {
        var at = Array.BinarySearch(_keys, Hash(identifier));
        if (at < 0)
            yield break;
        var position = _offsets[at];
        var end = _offsets[at + 1];
        var file = 0;
        while (position < end)
        {
            var delta = 0;
            var shift = 0;
            byte b;
            do
            {
                b = _postings[position++];
                delta |= (b & 0x7f) << shift;
                shift += 7;
            }
            while ((b & 0x80) != 0);
            file += delta;
            yield return file;
        }
    }

    /// <summary>Paths of the files that mention <paramref name="identifier"/>, in ordinal order.</summary>
    public IEnumerable<string> FilesWith(string identifier) => FileIdsWith(identifier).Select(id => Files[id]);

    /// <summary>Scans every C source and header under <paramref name="treeRoot"/> (symbolic links are not followed).</summary>
    public static IdentifierIndex Build(string treeRoot, long maxFileSize, int maxDegreeOfParallelism = 0, CancellationToken cancellationToken = default)
    {
        var files = TreeSources(treeRoot);
        var perFile = new ulong[files.Length][];
        var sizes = new long[files.Length];
        var skipped = 0;
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };
        Parallel.For(0, files.Length, options, () => new HashSet<ulong>(), (i, _, seen) =>
        {
            var full = Path.Combine(treeRoot, files[i]);
            byte[] content;
            try
            {
                var info = new FileInfo(full);
                if (info.Length > maxFileSize)
                {
                    Interlocked.Increment(ref skipped);
                    perFile[i] = Array.Empty<ulong>();
                    return seen;
                }
                content = File.ReadAllBytes(full);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Interlocked.Increment(ref skipped);
                perFile[i] = Array.Empty<ulong>();
                return seen;
            }
            sizes[i] = content.Length;
            seen.Clear();
            Scan(content, seen);
            var hashes = new ulong[seen.Count];
            seen.CopyTo(hashes);
            perFile[i] = hashes;
            return seen;
        }, _ => { });
        return FromPerFile(files, sizes, perFile, skipped, cancellationToken);
    }

    /// <summary>An index over given contents (tests, editor buffers): path to bytes.</summary>
    public static IdentifierIndex FromContents(IEnumerable<KeyValuePair<string, byte[]>> contents)
    {
        var ordered = contents.OrderBy(c => c.Key, StringComparer.Ordinal).ToArray();
        var perFile = new ulong[ordered.Length][];
        var sizes = new long[ordered.Length];
        var seen = new HashSet<ulong>();
        for (var i = 0; i < ordered.Length; i++)
        {
            seen.Clear();
            Scan(ordered[i].Value, seen);
            perFile[i] = seen.ToArray();
            sizes[i] = ordered[i].Value.Length;
        }
        return FromPerFile(ordered.Select(c => c.Key).ToImmutableArray(), sizes, perFile, 0, default);
    }

    private static IdentifierIndex FromPerFile(ImmutableArray<string> files, long[] sizes, ulong[][] perFile, int skipped, CancellationToken cancellationToken)
    {
        // Postings in hash order, file ids ascending within a hash: sort (hash, file) pairs once.
        long total = 0;
        foreach (var hashes in perFile)
            total += hashes.Length;
        var keys = new ulong[total];
        var ids = new int[total];
        var at = 0;
        for (var f = 0; f < perFile.Length; f++)
        {
            var hashes = perFile[f];
            Array.Copy(hashes, 0, keys, at, hashes.Length);
            ids.AsSpan(at, hashes.Length).Fill(f);
            at += hashes.Length;
            perFile[f] = null!;
        }
        cancellationToken.ThrowIfCancellationRequested();
        Array.Sort(keys, ids);

        var distinct = new List<ulong>();
        var offsets = new List<int>();
        using var postings = new MemoryStream();
        var i = 0;
        while (i < keys.Length)
        {
            var key = keys[i];
            var j = i;
            while (j < keys.Length && keys[j] == key)
                j++;
            // equal hashes came from different files; the sort is not stable, so order their ids
            Array.Sort(ids, i, j - i);
            distinct.Add(key);
            offsets.Add((int)postings.Position);
            var previous = 0;
            for (var k = i; k < j; k++)
            {
                WriteVarint(postings, ids[k] - previous);
                previous = ids[k];
            }
            i = j;
        }
        offsets.Add((int)postings.Position);
        return new IdentifierIndex(files, sizes.ToImmutableArray(), distinct.ToArray(), offsets.ToArray(), postings.ToArray(), skipped) { Postings = total };
    }

    private static void WriteVarint(Stream stream, int value)
    {
        var v = (uint)value;
        while (v >= 0x80)
        {
            stream.WriteByte((byte)(v | 0x80));
            v >>= 7;
        }
        stream.WriteByte((byte)v);
    }

    /// <summary>Every .c and .h below the root, tree-relative with forward slashes, in ordinal order.</summary>
    private static ImmutableArray<string> TreeSources(string treeRoot)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = FileAttributes.ReparsePoint,
            IgnoreInaccessible = true,
            ReturnSpecialDirectories = false,
        };
        return Directory.EnumerateFiles(treeRoot, "*", options)
            .Where(f => f.EndsWith(".c", StringComparison.Ordinal) || f.EndsWith(".h", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(treeRoot, f).Replace('\\', '/'))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    /// <summary>Adds the hash of every identifier of C text outside comments and literals.</summary>
    internal static void Scan(ReadOnlySpan<byte> text, HashSet<ulong> into)
    {
        var i = 0;
        var n = text.Length;
        while (i < n)
        {
            var b = text[i];
            if (IsIdentifierStart(b))
            {
                var hash = OffsetBasis;
                while (i < n && IsIdentifierPart(text[i]))
                {
                    hash = (hash ^ text[i]) * Prime;
                    i++;
                }
                into.Add(hash);
                continue;
            }
            if (b >= (byte)'0' && b <= (byte)'9')
            {
                // numbers (0x1f, 1UL, 1e-3) are not identifiers
                while (i < n && IsIdentifierPart(text[i]))
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
            if (b is (byte)'"' or (byte)'\'')
            {
                i++;
                while (i < n && text[i] != b && text[i] != '\n')
                    i += text[i] == '\\' ? 2 : 1;
                i++;
                continue;
            }
            i++;
        }
    }

    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    /// <summary>64-bit FNV-1a of the identifier's ASCII bytes: fixed, so a persisted index stays valid across runs.</summary>
    public static ulong Hash(string identifier)
    {
        var hash = OffsetBasis;
        foreach (var c in identifier)
            hash = (hash ^ (byte)c) * Prime;
        return hash;
    }

    private static bool IsIdentifierStart(byte b) => b == '_' || (uint)((b | 0x20) - 'a') <= 'z' - 'a';

    private static bool IsIdentifierPart(byte b) => IsIdentifierStart(b) || (uint)(b - '0') <= 9;
}
