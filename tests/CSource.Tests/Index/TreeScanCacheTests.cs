using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Folint.CSource.Index;
using Folint.Tests.Doubles;

namespace Folint.CSource.Tests.Index;

public sealed partial class TreeScanCacheTests : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly string _cache = Directory.CreateTempSubdirectory("folint-cache-").FullName;
    private readonly ConcurrentQueue<string> _warnings = new();

    public TreeScanCacheTests()
    {
        Write("mm/a.c", "void a(struct page *page) { __set_bit(PG_dirty, &page->flags); }\n");
        Write("mm/b.c", "void b(void) { folio_put(f); }\n");
        Write("fs/c.h", "static inline int c(void) { return folio_mapcount(f); }\n");
        File.SetLastWriteTimeUtc(_tree[TempTree.Marker], DateTime.UtcNow.AddMinutes(-60));
    }

    public void Dispose()
    {
        _tree.Dispose();
        Directory.Delete(_cache, recursive: true);
    }

    /// <summary>Writes a file with a modification time well in the past, so that the cache may trust it (see the racy rule).</summary>
    private void Write(string path, string text, int minutesAgo = 60)
    {
        _tree.Write(path, text);
        File.SetLastWriteTimeUtc(_tree[path], DateTime.UtcNow.AddMinutes(-minutesAgo));
    }

    private TreeScanResult Scan(string version = "v1") =>
        TreeScan.Run(_tree.Root, 1 << 20, ScanVocabulary.None, new ScanCache(new CacheStore(_cache, version, _warnings.Enqueue)));

    [Fact]
    public void SecondScan_OfAnUnchangedTree_ReadsNoFile_AndTakesTheIndexFromTheCache()
    {
        var first = Scan();
        var second = Scan();

        Assert.Equal(first.Files.Length, first.FilesRead);
        Assert.Equal(0, second.FilesRead);
        Assert.True(second.IndexFromCache);
        Assert.Equal(new[] { "mm/a.c" }, second.Index.FilesWith("__set_bit"));
        Assert.Equal(first.Digest(), second.Digest());
        Assert.Empty(_warnings);
    }

    [Fact]
    public void ChangedFile_IsReadAgain_AndTheIndexAnswersFromItsNewContent()
    {
        var first = Scan();
        Write("mm/b.c", "void b(void) { folio_get(f); __set_bit(1, &w); }\n", minutesAgo: 30);
        var second = Scan();

        Assert.Equal(1, second.FilesRead);
        Assert.False(second.IndexFromCache);
        Assert.Equal(new[] { "mm/a.c", "mm/b.c" }, second.Index.FilesWith("__set_bit"));
        Assert.Empty(second.Index.FilesWith("folio_put"));
        Assert.Equal(new[] { "fs/c.h" }, second.Index.FilesWith("folio_mapcount"));
        Assert.NotEqual(first.Digest(), second.Digest());
    }

    [Fact]
    public void AddedAndRemovedFiles_ChangeTheIndex()
    {
        Scan();
        File.Delete(_tree["mm/a.c"]);
        Write("mm/d.c", "void d(void) { __set_bit(1, &w); }\n");
        var second = Scan();

        Assert.Equal(new[] { "mm/d.c" }, second.Index.FilesWith("__set_bit"));
        Assert.DoesNotContain(second.Files, f => f.Path == "mm/a.c");
    }

    [Fact]
    public void RecentlyModifiedFile_IsReadAgain_EvenWithTheSameSizeAndTime()
    {
        Write("mm/b.c", "void b(void) { folio_put(f); }\n", minutesAgo: 0);
        Scan();
        var second = Scan();

        Assert.Equal(1, second.FilesRead);
    }

    [Fact]
    public void CacheOfAnotherVersion_IsIgnoredWithAWarning_AndEveryFileRead()
    {
        Scan("v1");
        var second = Scan("v2");

        Assert.Equal(second.Files.Length, second.FilesRead);
        Assert.Contains(_warnings, w => w.Contains("another version", StringComparison.Ordinal));
        Assert.Equal(new[] { "mm/a.c" }, second.Index.FilesWith("__set_bit"));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("garbage")]
    public void DamagedCache_IsIgnoredWithAWarning_AndRebuilt(string damage)
    {
        Scan();
        var file = Assert.Single(Directory.GetFiles(_cache, "scan-*.bin"));
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, damage == "truncated" ? bytes[..(bytes.Length / 2)] : bytes.Select((b, i) => i < 40 ? b : (byte)(b ^ 0x5a)).ToArray());

        var second = Scan();
        var third = Scan();

        Assert.Equal(second.Files.Length, second.FilesRead);
        Assert.Contains(_warnings, w => w.Contains("cannot be read", StringComparison.Ordinal) && w.Contains(file, StringComparison.Ordinal));
        Assert.Equal(new[] { "mm/a.c" }, second.Index.FilesWith("__set_bit"));
        Assert.Equal(0, third.FilesRead);
    }

    [Fact]
    public void ConcurrentRuns_OnTheSameCache_EachGetTheRightAnswer_AndLeaveAReadableCache()
    {
        var results = new ConcurrentBag<IReadOnlyList<string>>();
        for (var round = 0; round < 5; round++)
        {
            Write("mm/b.c", $"void b(void) {{ folio_put(f); }} /* round {round} */\n", minutesAgo: 50 - round);
            Parallel.For(0, 4, _ => results.Add(Scan().Index.FilesWith("folio_put").ToList()));
        }

        Assert.All(results, files => Assert.Equal(new[] { "mm/b.c" }, files));
        Assert.Empty(_warnings);
        Assert.Empty(Directory.GetFiles(_cache, "*.tmp"));
        Assert.Equal(0, Scan().FilesRead);
    }
}
