using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.IO.Enumeration;
using System.IO.Hashing;
using System.Linq;
using System.Text.Unicode;
using System.Threading;
using System.Threading.Tasks;

namespace Folint.CSource.Index;

/// <summary>
/// What the scan learned of one tree file without parsing it. <see cref="ContentHash"/> identifies the content for the
/// caches; a scan without a cache leaves it 0.
/// </summary>
public sealed record ScannedFile(string Path, long Size, long WriteTicks, UInt128 ContentHash)
{
    /// <summary>Left out of the index: over the size limit or unreadable (the checked-file path reports why).</summary>
    public bool Skipped { get; init; }

    /// <summary>Holds a NUL byte: not C text (reported when it is checked).</summary>
    public bool Binary { get; init; }

    /// <summary>Not valid UTF-8 (noted when it is checked).</summary>
    public bool InvalidUtf8 { get; init; }
}

/// <summary>The scan of a tree: each file's facts in an <see cref="IdentifierIndex"/>, and each file's identity.</summary>
public sealed class TreeScanResult
{
    internal TreeScanResult(IdentifierIndex index, ImmutableArray<ScannedFile> files, int filesRead, bool indexFromCache, string stages = "")
    {
        Stages = stages;
        Index = index;
        Files = files;
        FilesRead = filesRead;
        IndexFromCache = indexFromCache;
        ById = files;
        _byPath = new Lazy<Dictionary<string, int>>(() =>
        {
            var map = new Dictionary<string, int>(files.Length, StringComparer.Ordinal);
            for (var i = 0; i < files.Length; i++)
                map[files[i].Path] = i;
            return map;
        });
    }

    private readonly Lazy<Dictionary<string, int>> _byPath;

    public IdentifierIndex Index { get; }

    /// <summary>The files in index order (a file's id is its position).</summary>
    public ImmutableArray<ScannedFile> Files { get; }

    private ImmutableArray<ScannedFile> ById { get; }

    /// <summary>Files read this run; the others were known from the cache by size and modification time.</summary>
    public int FilesRead { get; }

    public bool IndexFromCache { get; }

    /// <summary>Wall time of the scan's stages (listing, reading, index), for <c>FOLINT_TIMINGS</c>.</summary>
    public string Stages { get; }

    public int IdOf(string path) => _byPath.Value.TryGetValue(path, out var id) ? id : -1;

    /// <summary>A digest of every file's path and content: equal digests, equal trees (as far as .c/.h files go).</summary>
    public UInt128 Digest()
    {
        var hash = new XxHash128();
        Span<byte> buffer = stackalloc byte[16];
        foreach (var file in ById)
        {
            hash.Append(System.Text.Encoding.UTF8.GetBytes(file.Path));
            System.Buffers.Binary.BinaryPrimitives.WriteUInt128LittleEndian(buffer, file.ContentHash);
            hash.Append(buffer);
        }
        return hash.GetCurrentHashAsUInt128();
    }
}

/// <summary>
/// One byte-level pass over every <c>.c</c>/<c>.h</c> file of a tree (symbolic links not followed): each file's facts
/// (<see cref="FileFacts"/>), content hash, and whether it is binary or not UTF-8. With a cache, a file whose size and
/// modification time match the cached entry is not read again, and when no file changed the cached index is used as
/// it is.
/// </summary>
public static class TreeScan
{
    public static TreeScanResult Run(string treeRoot, long maxFileSize, ScanVocabulary vocabulary, ScanCache? cache, int maxDegreeOfParallelism = 0, CancellationToken cancellationToken = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var listed = List(treeRoot);
        var listing = clock.Elapsed.TotalSeconds;
        var cached = cache?.Load(treeRoot, maxFileSize, vocabulary);
        var previous = cached?.ByPath();
        var files = new ScannedFile[listed.Length];
        var perFile = new ulong[]?[listed.Length];
        var reused = new bool[listed.Length];
        var read = 0;
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };
        Parallel.For(0, listed.Length, options, () => new Worker(), (i, _, worker) =>
        {
            var (path, size, ticks) = listed[i];
            if (previous is not null && previous.TryGetValue(path, out var known) && known.File.Size == size && known.File.WriteTicks == ticks && !known.Racy)
            {
                files[i] = known.File;
                reused[i] = true;
                return worker;
            }
            Interlocked.Increment(ref read);
            files[i] = worker.Scan(Path.Combine(treeRoot, path), path, size, ticks, maxFileSize, vocabulary, hashContent: cache is not null, out perFile[i]);
            return worker;
        }, _ => { });

        var reading = clock.Elapsed.TotalSeconds - listing;
        // The cached index holds exactly these files when every one of them was reused and none was added or removed.
        var unchanged = cached is not null && reused.All(r => r) && cached.Files.Length == files.Length;
        IdentifierIndex index;
        if (unchanged)
        {
            index = cached!.Index;
        }
        else
        {
            if (cached is not null && reused.Any(r => r))
            {
                var old = cached.Index.PerFileKeys();
                for (var i = 0; i < files.Length; i++)
                {
                    if (reused[i])
                        perFile[i] = old[previous![files[i].Path].Id];
                }
            }
            var skipped = files.Count(f => f.Skipped);
            index = IdentifierIndex.FromPerFile(files.Select(f => f.Path).ToImmutableArray(), files.Select(f => f.Size).ToArray(), perFile, skipped, cancellationToken);
        }
        var stages = $"list {listing:0.00} s, read {reading:0.00} s, index {clock.Elapsed.TotalSeconds - listing - reading:0.00} s";
        var result = new TreeScanResult(index, files.ToImmutableArray(), read, unchanged, stages);
        if (cache is not null && !unchanged)
            cache.Save(treeRoot, maxFileSize, vocabulary, result);
        return result;
    }

    /// <summary>One thread's scanning state: a key set and a read buffer reused for every file.</summary>
    private sealed class Worker
    {
        private readonly KeySet _keys = new();
        private byte[] _buffer = new byte[1 << 20];

        public ScannedFile Scan(string fullPath, string path, long size, long ticks, long maxFileSize, ScanVocabulary vocabulary, bool hashContent, out ulong[]? keys)
        {
            keys = null;
            if (size > maxFileSize)
                return new ScannedFile(path, size, ticks, default) { Skipped = true };
            int length;
            try
            {
                using var handle = File.OpenHandle(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                length = Read(handle, size, maxFileSize);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new ScannedFile(path, size, ticks, default) { Skipped = true };
            }
            if (length < 0)
                return new ScannedFile(path, size, ticks, default) { Skipped = true };
            var content = _buffer.AsSpan(0, length);
            _keys.Clear();
            FileFacts.Scan(content, vocabulary, _keys);
            keys = _keys.ToArray();
            return new ScannedFile(path, length, ticks, hashContent ? XxHash128.HashToUInt128(content) : default)
            {
                Binary = content.IndexOf((byte)0) >= 0,
                InvalidUtf8 = !Utf8.IsValid(content),
            };
        }

        /// <summary>
        /// Reads the file into the buffer: the listed size, or to the end when it has changed since it was listed (one
        /// read call for most files); -1 when it grew past the limit.
        /// </summary>
        private int Read(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long listedSize, long maxFileSize)
        {
            if (listedSize > 0 && listedSize < _buffer.Length && RandomAccess.GetLength(handle) == listedSize)
            {
                var first = RandomAccess.Read(handle, _buffer.AsSpan(0, (int)listedSize), 0);
                if (first == listedSize)
                    return first;
            }
            var total = 0;
            while (true)
            {
                if (total == _buffer.Length)
                {
                    if (total >= maxFileSize)
                        return -1;
                    Array.Resize(ref _buffer, (int)Math.Min(maxFileSize + 1, _buffer.Length * 2L));
                }
                var read = RandomAccess.Read(handle, _buffer.AsSpan(total), total);
                if (read == 0)
                    return total > maxFileSize ? -1 : total;
                total += read;
            }
        }
    }

    /// <summary>Every .c and .h below the root, tree-relative with forward slashes, in ordinal order, with size and modification time.</summary>
    public static ImmutableArray<(string Path, long Size, long WriteTicks)> List(string treeRoot)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = FileAttributes.ReparsePoint,
            IgnoreInaccessible = true,
            ReturnSpecialDirectories = false,
        };
        var root = Path.TrimEndingDirectorySeparator(treeRoot);
        var entries = new FileSystemEnumerable<(string, long, long)>(
            root,
            (ref FileSystemEntry entry) => (
                Path.Join(entry.Directory.Slice(root.Length).TrimStart('/'), entry.FileName).Replace('\\', '/'),
                entry.Length,
                entry.LastWriteTimeUtc.UtcTicks),
            options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) =>
                !entry.IsDirectory && (entry.FileName.EndsWith(".c", StringComparison.Ordinal) || entry.FileName.EndsWith(".h", StringComparison.Ordinal)),
        };
        return entries.OrderBy(e => e.Item1, StringComparer.Ordinal).ToImmutableArray();
    }
}
