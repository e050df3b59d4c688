using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.IO.Hashing;
using System.Text;
using Folint.CSource.Engine;

namespace Folint.CSource.Index;

/// <summary>
/// The on-disk cache directory (<c>--cache-dir</c>, else <c>$XDG_CACHE_HOME/folint</c>, else <c>~/.cache/folint</c>).
/// Every file in it is versioned by <see cref="Version"/> (the tool's version and build, and a hash of rules/) and
/// written atomically (a temporary file renamed over the old one), so a run never reads half a file and two runs may
/// write at once (the last rename wins, both files whole). A file that cannot be read, is damaged or comes from
/// another version is ignored with a warning and rewritten; deleting the directory is always safe.
/// </summary>
public sealed class CacheStore
{
    private readonly Action<string> _warn;

    public CacheStore(string directory, string version, Action<string> warn)
    {
        Directory = directory;
        Version = version;
        _warn = warn;
    }

    public string Directory { get; }

    public string Version { get; }

    /// <summary>The default directory for an environment: <c>$XDG_CACHE_HOME/folint</c>, else <c>$HOME/.cache/folint</c>; null without either.</summary>
    public static string? DefaultDirectory(Func<string, string?> environment)
    {
        if (environment("XDG_CACHE_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg))
            return Path.Combine(xdg, "folint");
        return environment("HOME") is { Length: > 0 } home ? Path.Combine(home, ".cache", "folint") : null;
    }

    /// <summary>A file name for <paramref name="kind"/> keyed by <paramref name="key"/> (hashed, so any text will do).</summary>
    public string PathFor(string kind, string key) =>
        Path.Combine(Directory, $"{kind}-{XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(key)):x16}.bin");

    /// <summary>A cache file larger than this is not one folint wrote (a whole-tree scan of linux-source-6.12 is 79 MB).</summary>
    public const long MaxFileBytes = 1L << 30;

    /// <summary>
    /// Reads a cache file written by <see cref="Write"/>; null when it does not exist, when <paramref name="read"/> finds
    /// it is not for this request, or (with a warning) when it is unusable: not a regular file (it is not opened then),
    /// over <see cref="MaxFileBytes"/>, from another version, inconsistent, or failing its checksum. The checksum covers
    /// every byte, so a damaged file is never taken for a valid one.
    /// </summary>
    public T? Read<T>(string path, Func<BinaryReader, T?> read) where T : class
    {
        var status = FileStatus.OfLink(path);
        if (!status.Exists)
            return null;
        try
        {
            using var handle = RegularFile.Open(path, status, followLinks: false);
            var length = RandomAccess.GetLength(handle);
            if (length > MaxFileBytes)
                throw new InvalidDataException($"{SourceDiscovery.Size(length)}, more than a cache file can be");
            if (length < ChecksumBytes)
                throw new EndOfStreamException();
            using var file = new FileStream(handle, FileAccess.Read, 1 << 16);
            using var payload = new ChecksummedStream(file, length - ChecksumBytes);
            using var reader = new BinaryReader(payload, Encoding.UTF8, leaveOpen: true);
            if (reader.ReadString() != Magic)
                throw new InvalidDataException("not a folint cache file");
            var version = reader.ReadString();
            if (version != Version)
            {
                _warn($"folint: ignoring the cache {path}: written by another version of folint or its rules; it is rebuilt");
                return null;
            }
            var value = read(reader);
            if (value is null)
                return null;
            if (reader.ReadString() != End)
                throw new InvalidDataException("no end marker");
            if (payload.Remaining != 0)
                throw new InvalidDataException("data after the end marker");
            Span<byte> stored = stackalloc byte[ChecksumBytes];
            file.ReadExactly(stored);
            if (!stored.SequenceEqual(payload.Checksum()))
                throw new InvalidDataException("checksum mismatch: the file is damaged");
            return value;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException or OverflowException or IndexOutOfRangeException or OutOfMemoryException or FormatException)
        {
            _warn($"folint: ignoring the cache {path}: it cannot be read ({(e is EndOfStreamException ? "truncated" : e.Message)}); it is rebuilt");
            return null;
        }
    }

    /// <summary>The bytes a reader has left before the checksum: what counts read from the file are checked against, so a damaged count cannot ask for gigabytes.</summary>
    internal static long Remaining(BinaryReader reader) => reader.BaseStream is ChecksummedStream stream ? stream.Remaining : reader.BaseStream.Length - reader.BaseStream.Position;

    /// <summary>Throws unless <paramref name="count"/> items of at least <paramref name="bytesEach"/> bytes fit in what is left of the file.</summary>
    internal static int Count(BinaryReader reader, int count, int bytesEach, string what)
    {
        if (count < 0)
            throw new InvalidDataException($"negative {what} count");
        if ((long)count * bytesEach > Remaining(reader))
            throw new InvalidDataException($"{what} count {count} is more than the file holds");
        return count;
    }

    /// <summary>Writes a cache file atomically, with a checksum of its content at the end; a failure is a warning (the run goes on without the cache).</summary>
    public void Write(string path, Action<BinaryWriter> write)
    {
        string? temporary = null;
        try
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                var payload = new ChecksummedStream(stream, long.MaxValue);
                using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
                {
                    writer.Write(Magic);
                    writer.Write(Version);
                    write(writer);
                    writer.Write(End);
                    writer.Flush();
                }
                stream.Write(payload.Checksum());
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
            temporary = null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _warn($"folint: cannot write the cache {path}: {e.Message}");
        }
        finally
        {
            if (temporary is not null)
            {
                try
                {
                    File.Delete(temporary);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // left for the next run to overwrite; never fatal
                }
            }
        }
    }

    private const int ChecksumBytes = 16;

    private const string Magic = "folint-cache";
    private const string End = "end";
}

/// <summary>The scan of one tree, cached: each file's identity and the index built from all of them.</summary>
public sealed class ScanCache
{
    private readonly CacheStore _store;

    public ScanCache(CacheStore store) => _store = store;

    /// <summary>Files modified this close to the time the cache was written are read again (their mtime may not show a later change).</summary>
    private static readonly long RacyTicks = TimeSpan.FromSeconds(2).Ticks;

    internal CachedScan? Load(string treeRoot, long maxFileSize, ScanVocabulary vocabulary) =>
        _store.Read(PathOf(treeRoot, maxFileSize, vocabulary), ReadScan);

    /// <summary>
    /// The scan as <see cref="Save"/> wrote it, after the cache file's header; throws <see cref="InvalidDataException"/>
    /// (or <see cref="EndOfStreamException"/>) on anything inconsistent. The fuzz target <c>cache</c> feeds it any bytes.
    /// </summary>
    internal static CachedScan ReadScan(BinaryReader reader)
    {
        var written = reader.ReadInt64();
        var count = CacheStore.Count(reader, reader.ReadInt32(), MinEntryBytes, "file");
        var files = ImmutableArray.CreateBuilder<ScannedFile>(count);
        for (var i = 0; i < count; i++)
        {
            var path = reader.ReadString();
            var size = reader.ReadInt64();
            var ticks = reader.ReadInt64();
            var low = reader.ReadUInt64();
            var high = reader.ReadUInt64();
            var changed = reader.ReadInt64();
            var device = reader.ReadUInt64();
            var inode = reader.ReadUInt64();
            var flags = reader.ReadByte();
            files.Add(new ScannedFile(path, size, ticks, new UInt128(high, low))
            {
                ChangeTicks = changed,
                Device = device,
                Inode = inode,
                Skipped = (flags & 1) != 0,
                Binary = (flags & 2) != 0,
                InvalidUtf8 = (flags & 4) != 0,
            });
        }
        var index = IdentifierIndex.Read(reader);
        if (index.Files.Length != count)
            throw new InvalidDataException("index and file list differ");
        return new CachedScan(files.MoveToImmutable(), index, written);
    }

    internal void Save(string treeRoot, long maxFileSize, ScanVocabulary vocabulary, TreeScanResult scan) =>
        _store.Write(PathOf(treeRoot, maxFileSize, vocabulary), writer =>
        {
            writer.Write(DateTime.UtcNow.Ticks);
            writer.Write(scan.Files.Length);
            foreach (var file in scan.Files)
            {
                writer.Write(file.Path);
                writer.Write(file.Size);
                writer.Write(file.WriteTicks);
                writer.Write((ulong)file.ContentHash);
                writer.Write((ulong)(file.ContentHash >> 64));
                writer.Write(file.ChangeTicks);
                writer.Write(file.Device);
                writer.Write(file.Inode);
                writer.Write((byte)((file.Skipped ? 1 : 0) | (file.Binary ? 2 : 0) | (file.InvalidUtf8 ? 4 : 0)));
            }
            scan.Index.Write(writer);
        });

    // A path of one byte or more, size, times, content hash, device, inode and flags.
    private const int MinEntryBytes = 1 + 8 + 8 + 16 + 8 + 8 + 8 + 1;

    private string PathOf(string treeRoot, long maxFileSize, ScanVocabulary vocabulary) =>
        _store.PathFor("scan", $"{treeRoot}\n{maxFileSize}\n{vocabulary.Describe()}");

    internal sealed class CachedScan
    {
        public CachedScan(ImmutableArray<ScannedFile> files, IdentifierIndex index, long writtenTicks)
        {
            Files = files;
            Index = index;
            WrittenTicks = writtenTicks;
        }

        public ImmutableArray<ScannedFile> Files { get; }

        public IdentifierIndex Index { get; }

        public long WrittenTicks { get; }

        public Dictionary<string, (ScannedFile File, int Id, bool Racy)> ByPath()
        {
            var map = new Dictionary<string, (ScannedFile, int, bool)>(Files.Length, StringComparer.Ordinal);
            for (var i = 0; i < Files.Length; i++)
                map[Files[i].Path] = (Files[i], i, Files[i].WriteTicks >= WrittenTicks - RacyTicks);
            return map;
        }
    }
}

/// <summary>
/// A cache file's content between its header and its checksum: hashes every byte that passes (XxHash128) and, when
/// reading, ends where the checksum begins.
/// </summary>
internal sealed class ChecksummedStream : Stream
{
    private readonly Stream _inner;
    private readonly XxHash128 _hash = new();
    private readonly long _length;
    private long _position;

    public ChecksummedStream(Stream inner, long length)
    {
        _inner = inner;
        _length = length;
    }

    public long Remaining => _length - _position;

    public byte[] Checksum() => _hash.GetCurrentHash();

    public override bool CanRead => _inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => _inner.CanWrite;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.Length > Remaining)
            buffer = buffer[..(int)Remaining];
        var read = _inner.Read(buffer);
        _hash.Append(buffer[..read]);
        _position += read;
        return read;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _inner.Write(buffer);
        _hash.Append(buffer);
        _position += buffer.Length;
    }

    public override void Flush() => _inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
