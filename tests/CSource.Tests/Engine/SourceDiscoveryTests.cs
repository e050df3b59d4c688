using System;
using System.IO;
using System.Linq;
using Folint.CSource.Engine;
using Folint.Tests.Doubles;

namespace Folint.CSource.Tests.Engine;

public sealed class SourceDiscoveryTests
{
    internal static SourceInputs Discover(TempTree tree, params string[] paths) =>
        SourceDiscovery.Discover(paths.Select(p => tree[p]).ToArray(), tree.Root, new SourceDiscoveryOptions());

    [Fact]
    public void TreeRoot_IsTheNearestAncestorHoldingPageFlagsHeader()
    {
        using var tree = new TempTree();
        tree.Write("mm/huge_memory.c", "");

        var inputs = Discover(tree, "mm");

        Assert.Equal(tree.Root, inputs.TreeRoot);
        Assert.True(inputs.HasTreeHeaders);
        Assert.Equal(new[] { "mm/huge_memory.c" }, inputs.Files.Select(f => f.Path));
    }

    [Fact]
    public void TreeRoot_IsFoundFromTheCurrentDirectory_WhenNoPathIsGiven()
    {
        using var tree = new TempTree();
        tree.Write("mm/swap.c", "");

        var inputs = SourceDiscovery.Discover(Array.Empty<string>(), tree["mm"], new SourceDiscoveryOptions());

        Assert.Equal(tree.Root, inputs.TreeRoot);
        Assert.Equal(new[] { "mm/swap.c" }, inputs.Files.Select(f => f.Path));
    }

    [Fact]
    public void TreeOption_WithoutTheHeader_StopsNamingTheDirectory()
    {
        using var tree = new TempTree(kernelTree: false);
        tree.Write("mm/a.c", "");

        var e = Assert.Throws<TreeNotFoundError>(() =>
            SourceDiscovery.Discover(new[] { tree["mm"] }, tree.Root, new SourceDiscoveryOptions { Tree = tree["mm"] }));

        Assert.Equal(tree["mm"], e.Subject);
        Assert.Contains("include/linux/page-flags.h", e.Message);
        Assert.Equal(ExitCodes.BadInput, e.ExitCode);
    }

    [Fact]
    public void WithoutATree_TheInputsDirectoryIsTheRoot()
    {
        using var tree = new TempTree(kernelTree: false);
        tree.Write("src/a/x.c", "");
        tree.Write("src/b/y.c", "");

        var inputs = Discover(tree, "src/a/x.c", "src/b");

        Assert.False(inputs.HasTreeHeaders);
        Assert.Equal(tree["src"], inputs.TreeRoot);
        Assert.Equal(new[] { "a/x.c", "b/y.c" }, inputs.Files.Select(f => f.Path));
    }

    [Fact]
    public void Directories_GiveTheirCAndHFiles_NotOtherFilesOrHiddenDirectories()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", "");
        tree.Write("mm/internal.h", "");
        tree.Write("mm/Makefile", "");
        tree.Write("mm/a.o", "");
        tree.Write(".git/objects/x.c", "");
        tree.Write("mm/.tmp_versions/y.c", "");
        tree.Write("mm/sub/b.c", "");

        var inputs = Discover(tree, "mm", ".git");

        Assert.Equal(new[] { "mm/a.c", "mm/internal.h", "mm/sub/b.c" }, inputs.Files.Select(f => f.Path).Where(p => p.StartsWith("mm/")));
        Assert.DoesNotContain(inputs.Files, f => f.Path.Contains("tmp_versions"));
        Assert.Empty(inputs.Problems);
    }

    [Fact]
    public void OverlappingPaths_GiveEachFileOnce()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", "");
        tree.Write("mm/b.c", "");

        var inputs = Discover(tree, "mm", "mm/a.c", ".", "mm/../mm/b.c");

        Assert.Equal(3, inputs.Files.Length); // mm/a.c, mm/b.c, include/linux/page-flags.h
        Assert.Single(inputs.Files, f => f.Path == "mm/a.c");
        Assert.Single(inputs.Files, f => f.Path == "mm/b.c");
    }

    [Fact]
    public void FileReachedThroughASymbolicLink_IsCheckedOnce()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", "");
        tree.Link("mm/alias.c", "a.c");
        tree.Link("mm2", "mm");

        var inputs = Discover(tree, "mm", "mm2");

        Assert.Equal(new[] { "mm/a.c" }, inputs.Files.Select(f => f.Path));
        Assert.Empty(inputs.Problems);
    }

    [Fact]
    public void SymbolicLinkLoop_IsReported_AndTheWalkEnds()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", "");
        tree.Link("mm/sub/back", "../..");

        var inputs = Discover(tree, "mm");

        Assert.Equal(new[] { "mm/a.c" }, inputs.Files.Select(f => f.Path));
        var problem = Assert.Single(inputs.Problems);
        Assert.Equal("mm/sub/back", problem.Path);
        Assert.Contains("symbolic link loop", problem.Reason);
    }

    [Fact]
    public void SelfReferencingLink_IsReportedAsALoop()
    {
        using var tree = new TempTree();
        tree.Link("mm/self.c", "self.c");

        var problem = Assert.Single(Discover(tree, "mm").Problems);

        Assert.Equal(new InputProblem("mm/self.c", "skipped: symbolic link loop"), problem);
    }

    [Fact]
    public void DanglingLink_IsReported_WithItsTarget()
    {
        using var tree = new TempTree();
        tree.Link("mm/gone.c", "nowhere.c");

        var problem = Assert.Single(Discover(tree, "mm").Problems);

        Assert.Equal("mm/gone.c", problem.Path);
        Assert.Equal("skipped: dangling symbolic link (to nowhere.c)", problem.Reason);
    }

    [Fact]
    public void Fifo_IsReported_WithoutBeingOpened()
    {
        using var tree = new TempTree();
        Directory.CreateDirectory(tree["mm"]);
        TempTree.Run("mkfifo", tree["mm/pipe.c"]);

        var inputs = Discover(tree, "mm");

        Assert.Empty(inputs.Files);
        Assert.Equal(new InputProblem("mm/pipe.c", "skipped: not a regular file (FIFO)"), Assert.Single(inputs.Problems));
    }

    [Fact]
    public void CharacterDevice_GivenAsPath_IsReported()
    {
        using var tree = new TempTree();

        var inputs = SourceDiscovery.Discover(new[] { "/dev/null" }, tree.Root, new SourceDiscoveryOptions());

        Assert.Empty(inputs.Files);
        Assert.Contains("character device", Assert.Single(inputs.Problems).Reason);
    }

    [Fact]
    public void FileOverTheSizeLimit_IsReported_WithTheLimit()
    {
        using var tree = new TempTree();
        tree.Write("mm/big.c", new byte[3000]);
        tree.Write("mm/small.c", "int x;\n");

        var inputs = SourceDiscovery.Discover(new[] { tree["mm"] }, tree.Root, new SourceDiscoveryOptions { MaxFileSize = 2048 });

        Assert.Equal(new[] { "mm/small.c" }, inputs.Files.Select(f => f.Path));
        var problem = Assert.Single(inputs.Problems);
        Assert.Equal("mm/big.c", problem.Path);
        Assert.Contains("file too large (2.9 KiB; the limit is 2.0 KiB", problem.Reason);
        Assert.Equal(InputProblemKind.OverLimit, problem.Kind);
    }

    [Fact]
    public void MissingPath_IsReported_AsGiven_AndTheOthersAreStillFound()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", "");

        var inputs = SourceDiscovery.Discover(new[] { "mm/nosuch.c", "mm" }, tree.Root, new SourceDiscoveryOptions());

        Assert.Equal(new[] { "mm/a.c" }, inputs.Files.Select(f => f.Path));
        Assert.Equal(new InputProblem("mm/nosuch.c", "skipped: no such file or directory"), Assert.Single(inputs.Problems));
    }

    [Fact]
    public void PathOutsideTheTree_IsReported()
    {
        using var tree = new TempTree();
        using var other = new TempTree(kernelTree: false);
        tree.Write("mm/a.c", "");
        other.Write("b.c", "");

        var inputs = Discover(tree, "mm", other["b.c"]);

        Assert.Equal(new[] { "mm/a.c" }, inputs.Files.Select(f => f.Path));
        Assert.Contains("outside the tree", Assert.Single(inputs.Problems).Reason);
    }
}
