using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Folint.Analyzer.Contracts;
using Folint.CSource.Engine;
using Folint.CSource.Index;
using Folint.CSource.Knowledge;
using Folint.Tests.Doubles;

namespace Folint.CSource.Tests.Engine;

/// <summary>
/// Trees an attacker (or an accident) shapes against the file system: FIFOs and devices named like sources, links
/// that lead out of the tree or are swapped in after discovery, paths past PATH_MAX, files larger than an array.
/// Nothing may hang, crash, or read what lies outside the tree.
/// </summary>
public sealed class HostileFileSystemTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="work"/> and fails the test when it has not ended within <see cref="Bound"/> (it would block for ever).</summary>
    private static T Within<T>(Func<T> work, string what)
    {
        var task = Task.Run(work);
        Assert.True(task.Wait(Bound), $"{what} did not end within {Bound.TotalSeconds} s");
        return task.Result;
    }

    private static CheckResult Check(SourceInputs inputs, long maxFileSize = SourceDiscoveryOptions.DefaultMaxFileSize)
    {
        using var frontend = new CFrontend();
        var engine = new CheckEngine(frontend, Array.Empty<ISourceRule>(), RuleCatalogLoader.Load(Path.Combine(AppContext.BaseDirectory, "rules")));
        return engine.Check(inputs, new CheckOptions { MaxFileSize = maxFileSize });
    }

    [Fact]
    public void FifoNamedLikeASource_AnywhereInTheTree_IsNotOpenedByTheScan()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", "void a(void) { __set_bit(1, &w); }\n");
        tree.Fifo("drivers/pipe.c");

        var scan = Within(() => TreeScan.Run(tree.Root, 1 << 20, ScanVocabulary.None, cache: null), "the scan of a tree holding a FIFO");

        Assert.Equal(new[] { "mm/a.c" }, scan.Index.FilesWith("__set_bit"));
        Assert.True(scan.Files.Single(f => f.Path == "drivers/pipe.c").Skipped);
    }

    [Fact]
    public void DirectoryPastPathMax_IsNamed_AndTheRestOfTheTreeIsScannedAndChecked()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", "void a(void) { __set_bit(1, &w); }\n");
        // 25 directories of 200 characters: past PATH_MAX (4096) from the root; made one 'cd' at a time.
        TempTree.Run("bash", "-c", "cd \"$1\" && for i in $(seq 25); do d=$(printf 'd%.0s' $(seq 200)); mkdir $d && cd $d; done && echo 'int x;' > deep.c", "bash", tree["mm"]);

        var scan = Within(() => TreeScan.Run(tree.Root, 1 << 20, ScanVocabulary.None, cache: null), "the scan");
        var inputs = SourceDiscoveryTests.Discover(tree, "mm");

        Assert.Equal(new[] { "mm/a.c" }, scan.Index.FilesWith("__set_bit"));
        Assert.Equal(new[] { "mm/a.c" }, inputs.Files.Select(f => f.Path));
        var problem = Assert.Single(inputs.Problems);
        Assert.EndsWith("its path is longer than the system allows (PATH_MAX, 4096 bytes), so folint cannot open it", problem.Reason);
    }

    [Fact]
    public void SymbolicLinkToAFileOutsideTheTree_IsRefused_NamingWhereItLeads()
    {
        using var tree = new TempTree();
        using var outside = new TempTree(kernelTree: false);
        var secret = outside.Write("secret.c", "void g(struct page *page) { __set_bit(PG_dirty, &page->flags); }\n");
        tree.Write("mm/a.c", "int a;\n");
        tree.Link("mm/outside.c", secret);
        tree.Link("mm/passwd.c", "/etc/passwd");

        var inputs = SourceDiscoveryTests.Discover(tree, "mm");

        Assert.Equal(new[] { "mm/a.c" }, inputs.Files.Select(f => f.Path));
        Assert.Equal(
            new[]
            {
                $"mm/outside.c: skipped: symbolic link to {secret}, outside the tree (it leads to {secret}); not followed: folint checks the tree's own files only",
                "mm/passwd.c: skipped: symbolic link to /etc/passwd, outside the tree (it leads to /etc/passwd); not followed: folint checks the tree's own files only",
            },
            inputs.Problems.Select(p => $"{p.Path}: {p.Reason}"));
    }

    [Fact]
    public void SymbolicLinkToADirectoryOutsideTheTree_IsNotWalked()
    {
        using var tree = new TempTree();
        using var outside = new TempTree(kernelTree: false);
        outside.Write("lib/x.c", "int x;\n");
        tree.Write("mm/a.c", "int a;\n");
        tree.Link("mm/lib", outside["lib"]);

        var inputs = SourceDiscoveryTests.Discover(tree, "mm");

        Assert.Equal(new[] { "mm/a.c" }, inputs.Files.Select(f => f.Path));
        Assert.StartsWith("skipped: symbolic link to ", Assert.Single(inputs.Problems).Reason);
    }

    [Fact]
    public void PathThroughALinkedDirectoryOutsideTheTree_IsRefused_EvenWhenNamedOnTheCommandLine()
    {
        using var tree = new TempTree();
        using var outside = new TempTree(kernelTree: false);
        outside.Write("lib/x.c", "int x;\n");
        tree.Link("mm/lib", outside["lib"]);

        var inputs = SourceDiscoveryTests.Discover(tree, "mm/lib/x.c");

        Assert.Empty(inputs.Files);
        Assert.StartsWith("skipped: leads outside the tree ", Assert.Single(inputs.Problems).Reason);
    }

    [Fact]
    public void SymbolicLinksThatStayInsideTheTree_AreStillFollowed()
    {
        using var tree = new TempTree();
        tree.Write("mm/real/a.c", "int a;\n");
        tree.Link("mm/alias", tree["mm/real"]);
        tree.Link("mm/b.c", "real/a.c");

        var inputs = SourceDiscoveryTests.Discover(tree, "mm/alias", "mm/b.c");

        // One file, reached three ways: checked once.
        Assert.Equal(new[] { "mm/alias/a.c" }, inputs.Files.Select(f => f.Path));
        Assert.Empty(inputs.Problems);
    }

    [Fact]
    public void TreeRootThatIsItselfASymbolicLink_IsCheckedWithPathsRelativeToIt()
    {
        using var real = new TempTree();
        real.Write("mm/a.c", "int a;\n");
        using var holder = new TempTree(kernelTree: false);
        var root = holder.Link("linux", real.Root);

        var inputs = SourceDiscovery.Discover(new[] { Path.Combine(root, "mm") }, holder.Root, new SourceDiscoveryOptions());
        var read = SourceReader.Read(inputs.Files.Single(), 1 << 20);

        Assert.Equal(root, inputs.TreeRoot);
        Assert.Equal(new[] { "mm/a.c" }, inputs.Files.Select(f => f.Path));
        Assert.Empty(inputs.Problems);
        Assert.Null(read.Problem);
    }

    [Fact]
    public void FileSwappedForALinkOutsideTheTree_AfterDiscovery_IsRefusedWhenRead()
    {
        using var tree = new TempTree();
        using var outside = new TempTree(kernelTree: false);
        var secret = outside.Write("secret.c", "int secret;\n");
        tree.Write("mm/a.c", "int a;\n");
        var file = Assert.Single(SourceDiscoveryTests.Discover(tree, "mm").Files);
        File.Delete(tree["mm/a.c"]);
        tree.Link("mm/a.c", secret);

        var read = SourceReader.Read(file, 1 << 20);

        Assert.Null(read.File);
        Assert.Equal($"skipped: leads outside the tree (to {secret})", read.Problem!.Reason);
    }

    [Fact]
    public void FileSwappedForAFifo_AfterDiscovery_IsRefused_WithoutWaitingOnIt()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", "int a;\n");
        var file = Assert.Single(SourceDiscoveryTests.Discover(tree, "mm").Files);
        File.Delete(tree["mm/a.c"]);
        tree.Fifo("mm/a.c");

        var read = Within(() => SourceReader.Read(file, 1 << 20), "reading a FIFO swapped in after discovery");

        Assert.Equal("skipped: not a regular file (FIFO)", read.Problem!.Reason);
    }

    [Fact]
    public void SparseFileLargerThanAnArray_UnderALimitAboveIt_IsRefusedAsTooLarge_NotACrash()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", "int a;\n");
        // 3 GiB of holes: past what one .NET array holds, under a --max-file-size of 4G.
        using (var sparse = File.Create(tree["mm/huge.c"]))
            sparse.SetLength(3L << 30);
        var inputs = SourceDiscovery.Discover(new[] { tree["mm"] }, tree.Root, new SourceDiscoveryOptions { MaxFileSize = 4L << 30 });

        var result = Check(inputs, maxFileSize: 4L << 30);

        Assert.Equal(2, result.Stats.Files);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(("mm/huge.c", InputProblemKind.OverLimit), (problem.Path, problem.Kind));
        Assert.StartsWith("skipped: file too large (over ", problem.Reason);
    }

    [Fact]
    public void SparseFileLargerThanAnArray_IsLeftOutOfTheScan_NotACrash()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", "void a(void) { __set_bit(1, &w); }\n");
        using (var sparse = File.Create(tree["mm/huge.c"]))
            sparse.SetLength(3L << 30);

        var scan = TreeScan.Run(tree.Root, 4L << 30, ScanVocabulary.None, cache: null);

        Assert.True(scan.Files.Single(f => f.Path == "mm/huge.c").Skipped);
        Assert.Equal(new[] { "mm/a.c" }, scan.Index.FilesWith("__set_bit"));
    }

    [Fact]
    public void HardLinkedSources_AreCheckedOnce()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", "int a;\n");
        TempTree.Run("ln", tree["mm/a.c"], tree["mm/z.c"]);

        var inputs = SourceDiscoveryTests.Discover(tree, "mm");

        Assert.Equal(new[] { "mm/a.c" }, inputs.Files.Select(f => f.Path));
    }

    [Fact]
    public void SourcesThatAreADeviceOrAFifo_AreNamed_AndNeverOpened()
    {
        using var tree = new TempTree();
        tree.Link("mm/zero.c", "/dev/zero");
        tree.Fifo("mm/pipes/fifo.c");
        tree.Link("mm/pipe.c", "pipes/fifo.c");

        // /dev/zero read as a source would fill memory up to the size limit, a FIFO block: neither is opened.
        var inputs = Within(() => SourceDiscoveryTests.Discover(tree, "mm"), "discovery");

        Assert.Empty(inputs.Files);
        Assert.Equal(
            new[]
            {
                "mm/pipe.c: skipped: not a regular file (FIFO)",
                "mm/pipes/fifo.c: skipped: not a regular file (FIFO)",
                "mm/zero.c: skipped: symbolic link to /dev/zero, outside the tree (it leads to /dev/zero); not followed: folint checks the tree's own files only",
            },
            inputs.Problems.Select(p => $"{p.Path}: {p.Reason}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TenThousandTinyFiles_AreScannedAndChecked_InOneRun()
    {
        using var tree = new TempTree();
        var directory = Directory.CreateDirectory(tree["drivers/tiny"]).FullName;
        for (var i = 0; i < 10_000; i++)
            File.WriteAllText(Path.Combine(directory, $"t{i}.c"), i % 2500 == 0 ? "void t(void) { __set_bit(1, &w); }\n" : "int t;\n");

        var scan = TreeScan.Run(tree.Root, 1 << 20, ScanVocabulary.None, cache: null);
        var result = Check(SourceDiscoveryTests.Discover(tree, "drivers"));

        Assert.Equal(4, scan.Index.FilesWith("__set_bit").Count());
        Assert.Equal((10_000, 10_000), (result.Stats.Files, result.Stats.ParsedFiles));
        Assert.Empty(result.Problems);
    }
}
