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
using Folint.CSource.Engine;

namespace Folint.CSource.Index;

/// <summary>
/// What the scan learned of one tree file without parsing it. <see cref="ContentHash"/> identifies the content for the
/// caches; a scan without a cache leaves it 0.
/// </summary>
public sealed record ScannedFile(string Path, long Size, long WriteTicks, UInt128 ContentHash)
{
    /// <summary>
    /// st_ctime in ticks, and the file's device and inode: with size and modification time, what must all be unchanged for
    /// the cache to answer for the file without reading it. A same-size edit whose mtime is put back (<c>touch -r</c>,
    /// <c>cp -p</c>, a checkout that restores times) still moves the ctime, which no user can set.
    /// </summary>
    public long ChangeTicks { get; init; }

    public ulong Device { get; init; }

    public ulong Inode { get; init; }

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
/// (<see cref="FileFacts"/>), content hash, and whether it is binary or not UTF-8. With a cache, a file whose size,
/// modification and change times, device and inode match the cached entry is not read again, and when no file changed
/// the cached index is used as it is. Only regular files are opened, and only once lstat has said so: a FIFO named
/// <c>*.c</c> anywhere in the tree would block the open until a writer came, and a device may act on being opened.
/// Such entries, and directories that cannot be listed (a path longer than PATH_MAX), are left out of the index;
/// discovery names the ones that are inputs.
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
            var path = listed[i];
            var fullPath = Path.Combine(treeRoot, path);
            var status = FileStatus.OfLink(fullPath);
            if (previous is not null && previous.TryGetValue(path, out var known) && !known.Racy && Unchanged(known.File, status))
            {
                files[i] = known.File;
                reused[i] = true;
                return worker;
            }
            Interlocked.Increment(ref read);
            files[i] = worker.Scan(fullPath, path, status, maxFileSize, vocabulary, hashContent: cache is not null, out perFile[i]);
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

    private static bool Unchanged(ScannedFile known, FileStatus status) =>
        status.Kind == FileKind.Regular && known.Size == status.Size && known.WriteTicks == status.ModifiedTicks &&
        known.ChangeTicks == status.ChangedTicks && known.Device == status.Identity.Device && known.Inode == status.Identity.Inode;

    /// <summary>One thread's scanning state: a key set and a read buffer reused for every file.</summary>
    private sealed class Worker
    {
        private readonly KeySet _keys = new();
        private byte[] _buffer = new byte[1 << 20];

        public ScannedFile Scan(string fullPath, string path, FileStatus status, long maxFileSize, ScanVocabulary vocabulary, bool hashContent, out ulong[]? keys)
        {
            keys = null;
            var skipped = new ScannedFile(path, status.Size, status.ModifiedTicks, default)
            {
                ChangeTicks = status.ChangedTicks,
                Device = status.Identity.Device,
                Inode = status.Identity.Inode,
                Skipped = true,
            };
            // Over the limit, or over what one array holds (a sparse file under a --max-file-size of gigabytes).
            if (status.Kind != FileKind.Regular || status.Size > Math.Min(maxFileSize, RegularFile.MaxReadable - 1))
                return skipped;
            int length;
            try
            {
                using var handle = RegularFile.Open(fullPath, status, followLinks: false);
                length = Read(handle, status.Size, maxFileSize);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return skipped;
            }
            if (length < 0)
                return skipped;
            var content = _buffer.AsSpan(0, length);
            _keys.Clear();
            FileFacts.Scan(content, vocabulary, _keys);
            keys = _keys.ToArray();
            return skipped with
            {
                Size = length,
                ContentHash = hashContent ? XxHash128.HashToUInt128(content) : default,
                Skipped = false,
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
            var limit = Math.Min(maxFileSize, RegularFile.MaxReadable - 1);
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
                    if (total >= limit)
                        return -1;
                    Array.Resize(ref _buffer, (int)Math.Min(limit + 1, _buffer.Length * 2L));
                }
                var read = RandomAccess.Read(handle, _buffer.AsSpan(total), total);
                if (read == 0)
                    return total > limit ? -1 : total;
                total += read;
            }
        }
    }

    /// <summary>
    /// Every .c and .h below the root that is not a symbolic link, tree-relative with forward slashes, in ordinal order.
    /// The listing reads directories only (no stat of the files: the scan's workers lstat each one).
    /// </summary>
    public static ImmutableArray<string> List(string treeRoot)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = FileAttributes.ReparsePoint,
            IgnoreInaccessible = true,
            ReturnSpecialDirectories = false,
        };
        using var names = new SourceNames(Path.TrimEndingDirectorySeparator(treeRoot), options);
        var listed = new List<string>();
        while (names.MoveNext())
            listed.Add(names.Current);
        listed.Sort(StringComparer.Ordinal);
        return listed.ToImmutableArray();
    }

    private sealed class SourceNames : FileSystemEnumerator<string>
    {
        private readonly int _rootLength;

        public SourceNames(string root, EnumerationOptions options)
            : base(root, options)
        {
            _rootLength = root.Length;
        }

        protected override bool ShouldIncludeEntry(ref FileSystemEntry entry) =>
            !entry.IsDirectory && (entry.FileName.EndsWith(".c", StringComparison.Ordinal) || entry.FileName.EndsWith(".h", StringComparison.Ordinal));

        protected override string TransformEntry(ref FileSystemEntry entry) =>
            Path.Join(entry.Directory.Slice(_rootLength).TrimStart('/'), entry.FileName).Replace('\\', '/');

        // A directory that cannot be read (a path past PATH_MAX, removed while listed) is left out of the scan, not
        // the end of the run: the inputs in it are named by discovery, and the index only loses what it cannot read.
        protected override bool ContinueOnError(int error) => true;
    }
}
