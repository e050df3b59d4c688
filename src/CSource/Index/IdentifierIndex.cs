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
/// parsing, <see cref="TreeScan"/>): identifiers outside comments, string and character literals, and the derived
/// facts of <see cref="FileFacts"/>, as 64-bit keys. A lookup gives
/// candidate files, which the caller parses to learn what the identifier does there; a hash collision only adds a
/// candidate, never loses one.
/// </summary>
/// <remarks>
/// The layout is flat arrays, written to and read from the scan cache as they are (<see cref="ScanCache"/>):
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
    public IEnumerable<int> FileIdsWith(string identifier) => FileIdsWithKey(Hash(identifier));

    /// <summary>Paths of the files that mention <paramref name="identifier"/>, in ordinal order.</summary>
    public IEnumerable<string> FilesWith(string identifier) => FileIdsWith(identifier).Select(id => Files[id]);

    /// <summary>Scans every C source and header under <paramref name="treeRoot"/> (symbolic links are not followed).</summary>
    public static IdentifierIndex Build(string treeRoot, long maxFileSize, int maxDegreeOfParallelism = 0, CancellationToken cancellationToken = default) =>
        TreeScan.Run(treeRoot, maxFileSize, ScanVocabulary.None, cache: null, maxDegreeOfParallelism, cancellationToken).Index;

    /// <summary>An index over given contents (tests, editor buffers): path to bytes.</summary>
    public static IdentifierIndex FromContents(IEnumerable<KeyValuePair<string, byte[]>> contents, ScanVocabulary? vocabulary = null)
    {
        var ordered = contents.OrderBy(c => c.Key, StringComparer.Ordinal).ToArray();
        var perFile = new ulong[ordered.Length][];
        var sizes = new long[ordered.Length];
        var seen = new KeySet();
        for (var i = 0; i < ordered.Length; i++)
        {
            seen.Clear();
            FileFacts.Scan(ordered[i].Value, vocabulary ?? ScanVocabulary.None, seen);
            perFile[i] = seen.ToArray();
            sizes[i] = ordered[i].Value.Length;
        }
        return FromPerFile(ordered.Select(c => c.Key).ToImmutableArray(), sizes, perFile, 0, default);
    }

    /// <summary>Ids of the files holding a fact key (<see cref="FileFacts.Key(FileFactKind, string)"/>), ascending.</summary>
    public IEnumerable<int> FileIdsWithKey(ulong key)
    {
        var at = Array.BinarySearch(_keys, key);
        if (at < 0)
            yield break;
        var position = _offsets[at];
        var end = _offsets[at + 1];
        var file = 0;
        while (position < end)
        {
            file += ReadVarint(_postings, ref position);
            yield return file;
        }
    }

    /// <summary>
    /// Builds the posting lists from each file's keys (<paramref name="perFile"/>[id]; the arrays are released as they
    /// are used). Keys are partitioned by their top bits so that each partition is sorted and encoded in parallel.
    /// </summary>
    internal static IdentifierIndex FromPerFile(ImmutableArray<string> files, long[] sizes, ulong[]?[] perFile, int skipped, CancellationToken cancellationToken)
    {
        const int PartitionBits = 10;
        const int Partitions = 1 << PartitionBits;
        // The files are split into ranges scattered in parallel; within a partition the first range's keys come
        // first, so each partition lists its keys in file order.
        var ranges = Math.Max(1, Math.Min(Environment.ProcessorCount, perFile.Length / 1024));
        var rangeCounts = new long[ranges, Partitions];
        Parallel.For(0, ranges, new ParallelOptions { CancellationToken = cancellationToken }, r =>
        {
            for (var f = RangeStart(r); f < RangeStart(r + 1); f++)
            {
                if (perFile[f] is not { } hashes)
                    continue;
                foreach (var key in hashes)
                    rangeCounts[r, (int)(key >> (64 - PartitionBits))]++;
            }
        });
        var counts = new long[Partitions + 1];
        var fill = new long[ranges, Partitions];
        for (var p = 0; p < Partitions; p++)
        {
            var at = counts[p];
            for (var r = 0; r < ranges; r++)
            {
                fill[r, p] = at;
                at += rangeCounts[r, p];
            }
            counts[p + 1] = at;
        }
        var total = counts[Partitions];
        var keys = new ulong[total];
        var ids = new int[total];
        Parallel.For(0, ranges, new ParallelOptions { CancellationToken = cancellationToken }, r =>
        {
            for (var f = RangeStart(r); f < RangeStart(r + 1); f++)
            {
                if (perFile[f] is not { } hashes)
                    continue;
                foreach (var key in hashes)
                {
                    var at = fill[r, (int)(key >> (64 - PartitionBits))]++;
                    keys[at] = key;
                    ids[at] = f;
                }
                perFile[f] = null;
            }
        });
        int RangeStart(int r) => (int)((long)perFile.Length * r / ranges);
        cancellationToken.ThrowIfCancellationRequested();

        var distinctPer = new ulong[Partitions][];
        var offsetsPer = new int[Partitions][];
        var postingsPer = new byte[Partitions][];
        var largest = 0;
        for (var p = 0; p < Partitions; p++)
            largest = Math.Max(largest, (int)(counts[p + 1] - counts[p]));
        Parallel.For(0, Partitions, new ParallelOptions { CancellationToken = cancellationToken }, () => new GroupBuffers(largest), (p, _, buffers) =>
        {
            var from = (int)counts[p];
            var to = (int)counts[p + 1];
            // Group by key with a small open-addressing table (a partition fits in cache): the entries are in file
            // order, so each key's files come out ascending without sorting the entries.
            var size = 16;
            while (size < (to - from) * 2)
                size <<= 1;
            var slots = buffers.Slots;
            Array.Clear(slots, 0, size); // 1 + the distinct key's number, 0 for empty
            var distinct = buffers.Distinct;
            var fileCounts = buffers.FileCounts;
            var slotOf = buffers.SlotOf;
            var keyCount = 0;
            for (var k = from; k < to; k++)
            {
                var key = keys[k];
                var slot = (int)(key * 0x9E3779B97F4A7C15UL >> 40) & (size - 1);
                while (slots[slot] != 0 && distinct[slots[slot] - 1] != key)
                    slot = (slot + 1) & (size - 1);
                if (slots[slot] == 0)
                {
                    distinct[keyCount] = key;
                    fileCounts[keyCount] = 0;
                    slots[slot] = ++keyCount;
                }
                var number = slots[slot] - 1;
                fileCounts[number]++;
                slotOf[k - from] = number;
            }
            // the keys in ascending order (lookups are binary searches), each key's files after the previous key's
            var order = buffers.Order;
            for (var d = 0; d < keyCount; d++)
                order[d] = d;
            var sortedKeys = distinct.AsSpan(0, keyCount).ToArray();
            Array.Sort(sortedKeys, order, 0, keyCount);
            var start = buffers.Start;
            var next = 0;
            for (var i = 0; i < keyCount; i++)
            {
                start[order[i]] = next;
                next += fileCounts[order[i]];
            }
            var grouped = buffers.Grouped;
            for (var k = from; k < to; k++)
                grouped[start[slotOf[k - from]]++] = ids[k];
            var offsets = new int[keyCount];
            var postings = buffers.Postings; // a varint of an int takes at most 5 bytes
            var written = 0;
            var at = 0;
            for (var i = 0; i < keyCount; i++)
            {
                offsets[i] = written;
                var previous = 0;
                for (var end = at + fileCounts[order[i]]; at < end; at++)
                {
                    written = WriteVarint(postings, written, grouped[at] - previous);
                    previous = grouped[at];
                }
            }
            distinctPer[p] = sortedKeys;
            offsetsPer[p] = offsets;
            postingsPer[p] = postings.AsSpan(0, written).ToArray();
            return buffers;
        }, _ => { });

        var distinctCount = distinctPer.Sum(d => d.Length);
        var allKeys = new ulong[distinctCount];
        var allOffsets = new int[distinctCount + 1];
        var allPostings = new byte[postingsPer.Sum(b => (long)b.Length)];
        var keyAt = 0;
        var byteAt = 0;
        for (var p = 0; p < Partitions; p++)
        {
            Array.Copy(distinctPer[p], 0, allKeys, keyAt, distinctPer[p].Length);
            for (var i = 0; i < offsetsPer[p].Length; i++)
                allOffsets[keyAt + i] = offsetsPer[p][i] + byteAt;
            Array.Copy(postingsPer[p], 0, allPostings, byteAt, postingsPer[p].Length);
            keyAt += distinctPer[p].Length;
            byteAt += postingsPer[p].Length;
        }
        allOffsets[distinctCount] = byteAt;
        return new IdentifierIndex(files, sizes.ToImmutableArray(), allKeys, allOffsets, allPostings, skipped) { Postings = total };
    }

    /// <summary>One thread's scratch arrays for grouping partitions of up to <c>largest</c> entries.</summary>
    private sealed class GroupBuffers(int largest)
    {
        public int[] Slots { get; } = new int[Math.Max(16, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, largest) * 2))];
        public ulong[] Distinct { get; } = new ulong[largest];
        public int[] FileCounts { get; } = new int[largest];
        public int[] SlotOf { get; } = new int[largest];
        public int[] Order { get; } = new int[largest];
        public int[] Start { get; } = new int[largest];
        public int[] Grouped { get; } = new int[largest];
        public byte[] Postings { get; } = new byte[largest * 5];
    }

    /// <summary>Each file's keys again, ascending (the inverse of <see cref="FromPerFile"/>): to update the index for a few changed files.</summary>
    internal ulong[][] PerFileKeys()
    {
        var counts = new int[Files.Length];
        var lists = new ulong[Files.Length][];
        for (var pass = 0; pass < 2; pass++)
        {
            if (pass == 1)
            {
                for (var f = 0; f < lists.Length; f++)
                {
                    lists[f] = new ulong[counts[f]];
                    counts[f] = 0;
                }
            }
            for (var k = 0; k < _keys.Length; k++)
            {
                var position = _offsets[k];
                var end = _offsets[k + 1];
                var file = 0;
                while (position < end)
                {
                    file += ReadVarint(_postings, ref position);
                    if (pass == 0)
                        counts[file]++;
                    else
                        lists[file][counts[file]++] = _keys[k];
                }
            }
        }
        return lists;
    }

    /// <summary>Writes the index arrays (for the on-disk cache).</summary>
    internal void Write(BinaryWriter writer)
    {
        writer.Write(Files.Length);
        foreach (var file in Files)
            writer.Write(file);
        foreach (var size in Sizes)
            writer.Write(size);
        writer.Write(SkippedFiles);
        writer.Write(Postings);
        writer.Write(_keys.Length);
        writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_keys.AsSpan()));
        writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_offsets.AsSpan()));
        writer.Write(_postings.Length);
        writer.Write(_postings);
    }

    /// <summary>Reads what <see cref="Write"/> wrote; throws <see cref="InvalidDataException"/> on anything inconsistent.</summary>
    internal static IdentifierIndex Read(BinaryReader reader)
    {
        // Each count is checked against the bytes left, so a damaged one fails here instead of allocating for it.
        var fileCount = CacheStore.Count(reader, reader.ReadInt32(), 1 + 8, "indexed file");
        var files = ImmutableArray.CreateBuilder<string>(fileCount);
        for (var i = 0; i < fileCount; i++)
            files.Add(reader.ReadString());
        var sizes = ImmutableArray.CreateBuilder<long>(fileCount);
        for (var i = 0; i < fileCount; i++)
            sizes.Add(reader.ReadInt64());
        var skipped = reader.ReadInt32();
        var postingCount = reader.ReadInt64();
        var keyCount = CacheStore.Count(reader, reader.ReadInt32(), 8 + 4, "key");
        var keys = new ulong[keyCount];
        ReadExactly(reader, System.Runtime.InteropServices.MemoryMarshal.AsBytes(keys.AsSpan()));
        var offsets = new int[keyCount + 1];
        ReadExactly(reader, System.Runtime.InteropServices.MemoryMarshal.AsBytes(offsets.AsSpan()));
        var postingBytes = CacheStore.Count(reader, reader.ReadInt32(), 1, "posting byte");
        if (offsets[0] != 0 || offsets[keyCount] != postingBytes)
            throw new InvalidDataException("posting lists do not match their offsets");
        for (var k = 0; k < keyCount; k++)
        {
            if (offsets[k + 1] < offsets[k] || (k > 0 && keys[k] <= keys[k - 1]))
                throw new InvalidDataException("keys or offsets out of order");
        }
        var postings = reader.ReadBytes(postingBytes);
        if (postings.Length != postingBytes)
            throw new InvalidDataException("truncated posting lists");
        CheckPostings(keyCount, offsets, postings, fileCount);
        return new IdentifierIndex(files.MoveToImmutable(), sizes.MoveToImmutable(), keys, offsets, postings, skipped) { Postings = postingCount };
    }

    /// <summary>
    /// Every posting list decodes within its bytes to file ids of the index: the queries decode them without checks, so
    /// a list a cache file got wrong would otherwise fail (or answer wrongly) far from the cache.
    /// </summary>
    private static void CheckPostings(int keyCount, int[] offsets, byte[] postings, int fileCount)
    {
        for (var k = 0; k < keyCount; k++)
        {
            var position = offsets[k];
            var end = offsets[k + 1];
            long file = 0;
            while (position < end)
            {
                long value = 0;
                var shift = 0;
                byte b;
                do
                {
                    if (position >= end || shift > 28)
                        throw new InvalidDataException("a posting list does not decode");
                    b = postings[position++];
                    value |= (long)(b & 0x7f) << shift;
                    shift += 7;
                }
                while ((b & 0x80) != 0);
                file += value;
                if (file >= fileCount)
                    throw new InvalidDataException("a posting list names a file the index does not have");
            }
        }
    }

    private static void ReadExactly(BinaryReader reader, Span<byte> into)
    {
        if (reader.Read(into) != into.Length)
            throw new InvalidDataException("truncated index");
    }

    private static int ReadVarint(byte[] postings, ref int position)
    {
        var value = 0;
        var shift = 0;
        byte b;
        do
        {
            b = postings[position++];
            value |= (b & 0x7f) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);
        return value;
    }

    private static int WriteVarint(byte[] into, int at, int value)
    {
        var v = (uint)value;
        while (v >= 0x80)
        {
            into[at++] = (byte)(v | 0x80);
            v >>= 7;
        }
        into[at++] = (byte)v;
        return at;
    }

    /// <summary>
    /// The 64-bit key of an identifier's ASCII bytes: 8-byte words multiplied in, then mixed (fixed, so a persisted
    /// index stays valid across runs; collisions only add candidate files).
    /// </summary>
    public static ulong Hash(string identifier)
    {
        Span<byte> bytes = identifier.Length <= 256 ? stackalloc byte[identifier.Length] : new byte[identifier.Length];
        for (var i = 0; i < identifier.Length; i++)
            bytes[i] = (byte)identifier[i];
        return Hash(bytes);
    }

    /// <inheritdoc cref="Hash(string)"/>
    public static ulong Hash(ReadOnlySpan<byte> identifier)
    {
        const ulong K1 = 0x9E3779B97F4A7C15UL;
        const ulong K2 = 0xC2B2AE3D27D4EB4FUL;
        var hash = 0x27D4EB2F165667C5UL ^ (ulong)identifier.Length * K2;
        while (identifier.Length >= 8)
        {
            hash = System.Numerics.BitOperations.RotateLeft((hash ^ System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(identifier)) * K1, 29);
            identifier = identifier.Slice(8);
        }
        if (!identifier.IsEmpty)
        {
            ulong tail = 0;
            for (var i = identifier.Length - 1; i >= 0; i--)
                tail = tail << 8 | identifier[i];
            hash = System.Numerics.BitOperations.RotateLeft((hash ^ tail) * K1, 29);
        }
        hash ^= hash >> 33;
        hash *= K2;
        hash ^= hash >> 29;
        return hash;
    }

}
