using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Folint.CSource.Index;
using Folint.Tests.Doubles;

namespace Folint.CSource.Tests.Index;

/// <summary>
/// Cache integrity: a cache must never answer for a changed file or with damaged content: an edit whose mtime is put back, a flipped
/// byte, a count that claims billions, a FIFO in the cache's place. Each is detected, warned about, and rebuilt.
/// </summary>
public sealed partial class TreeScanCacheTests
{
    private CacheStore Store => new(_cache, "v1", _warnings.Enqueue);

    private string ScanCacheFile => Directory.GetFiles(_cache, "scan-*.bin").Single();

    [Fact]
    public void SameSizeEdit_WhoseModificationTimeIsPutBack_IsReadAgain()
    {
        Scan();
        var before = File.GetLastWriteTimeUtc(_tree["mm/b.c"]);
        // Same length, a different call; then the old mtime restored, as touch -r or cp -p would.
        File.WriteAllText(_tree["mm/b.c"], "void b(void) { folio_get(f); }\n");
        File.SetLastWriteTimeUtc(_tree["mm/b.c"], before);

        var second = Scan();

        Assert.Equal(1, second.FilesRead);
        Assert.Equal(new[] { "mm/b.c" }, second.Index.FilesWith("folio_get"));
        Assert.Empty(second.Index.FilesWith("folio_put"));
    }

    [Fact]
    public void FileReplacedByACopyWithTheSameSizeAndTimes_IsReadAgain()
    {
        Scan();
        var copy = _tree.Write("copy.tmp", "void b(void) { folio_get(f); }\n");
        File.SetLastWriteTimeUtc(copy, File.GetLastWriteTimeUtc(_tree["mm/b.c"]));
        File.Move(copy, _tree["mm/b.c"], overwrite: true);

        var second = Scan();

        Assert.Equal(new[] { "mm/b.c" }, second.Index.FilesWith("folio_get"));
    }

    [Fact]
    public void EveryByteOfACacheFile_IsCoveredByItsChecksum()
    {
        var store = Store;
        var path = store.PathFor("test", "key");
        store.Write(path, writer =>
        {
            writer.Write("a findings list");
            writer.Write(42L);
        });
        var original = File.ReadAllBytes(path);

        for (var offset = 0; offset < original.Length; offset++)
        {
            var damaged = (byte[])original.Clone();
            damaged[offset] ^= 0x04;
            File.WriteAllBytes(path, damaged);
            _warnings.Clear();

            var read = store.Read(path, reader => Tuple.Create(reader.ReadString(), reader.ReadInt64()));

            // Whatever the byte: never a value other than the one written, and never silently dropped.
            Assert.True(read is null || read.Equals(Tuple.Create("a findings list", 42L)), $"a flip at offset {offset} changed what the cache returned");
            Assert.True(read is null && _warnings.Count == 1, $"a flip at offset {offset} was not detected");
        }
    }

    [Fact]
    public void DamagedScanCache_IsRebuilt_AndTheScanIsTheSameAsWithoutIt()
    {
        var clean = Scan();
        var original = File.ReadAllBytes(ScanCacheFile);

        foreach (var offset in Enumerable.Range(0, 24).Select(i => (int)((long)original.Length * i / 24)))
        {
            var damaged = (byte[])original.Clone();
            damaged[offset] ^= 0x10;
            File.WriteAllBytes(ScanCacheFile, damaged);
            _warnings.Clear();

            var scan = Scan();

            Assert.Equal(clean.Digest(), scan.Digest());
            Assert.Equal(scan.Files.Length, scan.FilesRead);
            Assert.Single(_warnings);
            File.WriteAllBytes(ScanCacheFile, original);
        }
    }

    [Fact]
    public void FileCountOfMillions_IsRefused_BeforeAnythingIsAllocatedForIt()
    {
        Scan();
        var bytes = File.ReadAllBytes(ScanCacheFile);
        // The count follows the magic, the version (length-prefixed strings) and the time the scan was written.
        var at = 1 + bytes[0];
        at += 1 + bytes[at] + 8;
        BitConverter.TryWriteBytes(bytes.AsSpan(at, 4), 50_000_000);
        File.WriteAllBytes(ScanCacheFile, bytes);

        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var scan = Scan();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;

        // 50 million entries would be 400 MB of references before the first was read.
        Assert.True(allocated < 64L * 1024 * 1024, $"{allocated / (1024 * 1024)} MiB allocated for a damaged count");
        Assert.Equal(scan.Files.Length, scan.FilesRead);
        Assert.Contains("file count 50000000 is more than the file holds", Assert.Single(_warnings));
    }

    [Fact]
    public async Task CacheFileThatIsAFifo_IsIgnored_WithoutBeingOpened()
    {
        Scan();
        var path = ScanCacheFile;
        File.Delete(path);
        TempTree.Run("mkfifo", path);
        try
        {
            var task = Task.Run(() => Scan());
            Assert.True(await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(30))) == task, "the scan waited on a FIFO in the cache");

            var scan = await task;
            Assert.Equal(scan.Files.Length, scan.FilesRead);
            Assert.Contains("not a regular file (FIFO)", Assert.Single(_warnings));
        }
        finally
        {
            TempTree.Unblock(path);
        }
    }

    [Fact]
    public void CacheFileThatIsALinkToADevice_IsIgnored()
    {
        Scan();
        var path = ScanCacheFile;
        File.Delete(path);
        File.CreateSymbolicLink(path, "/dev/zero");

        var scan = Scan();

        Assert.Equal(scan.Files.Length, scan.FilesRead);
        Assert.Contains("not a regular file (symbolic link)", _warnings.First());
    }

    [Fact]
    public void CacheDirectoryThatIsAFile_IsAWarning_AndTheScanGoesOn()
    {
        var file = Path.Combine(_cache, "not-a-directory");
        File.WriteAllText(file, "");

        var scan = TreeScan.Run(_tree.Root, 1 << 20, ScanVocabulary.None, new ScanCache(new CacheStore(file, "v1", _warnings.Enqueue)));

        Assert.Equal(new[] { "mm/a.c" }, scan.Index.FilesWith("__set_bit"));
        Assert.StartsWith("folint: cannot write the cache ", Assert.Single(_warnings));
    }

    [Fact]
    public void TruncatedCacheFile_IsIgnored_WithAWarning()
    {
        Scan();
        var bytes = File.ReadAllBytes(ScanCacheFile);
        File.WriteAllBytes(ScanCacheFile, bytes[..(bytes.Length / 2)]);

        var scan = Scan();

        Assert.Equal(scan.Files.Length, scan.FilesRead);
        Assert.Contains("it cannot be read", Assert.Single(_warnings));
    }
}
