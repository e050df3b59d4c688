using System;
using System.IO;
using Folint.Cli.Output;
using Folint.Tests.Doubles;

namespace Folint.Cli.Tests;

public sealed class AtomicFileTests
{
    [Fact]
    public void WriterFailingHalfWay_LeavesTheOldFile_AndNoTemporaryFile()
    {
        using var tree = new TempTree(kernelTree: false);
        var path = tree.Write("report.txt", "old");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, writer =>
        {
            writer.Write(new string('x', 100_000));
            throw new InvalidOperationException("disk full, say");
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(tree.Root));
    }

    [Fact]
    public void CompleteWrite_ReplacesTheFile()
    {
        using var tree = new TempTree(kernelTree: false);
        var path = tree.Write("report.txt", "old");

        AtomicFile.Write(path, writer => writer.Write("new"));

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(tree.Root));
    }
}
