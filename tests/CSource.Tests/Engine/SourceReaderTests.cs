using System.IO;
using System.Linq;
using System.Text;
using Folint.CSource.Engine;
using Folint.Tests.Doubles;

namespace Folint.CSource.Tests.Engine;

public sealed class SourceReaderTests
{
    [Fact]
    public void BinaryFile_IsSkipped_NamingTheNulOffset()
    {
        using var tree = new TempTree();
        var content = Encoding.ASCII.GetBytes("int x;\n").Concat(new byte[] { 0, 1, 2 }).ToArray();
        tree.Write("mm/blob.c", content);

        var read = SourceReader.Read(new DiscoveredFile("mm/blob.c", tree["mm/blob.c"]), 1 << 20);

        Assert.Null(read.File);
        Assert.Equal(new InputProblem("mm/blob.c", "skipped: binary file (NUL byte at offset 7)"), read.Problem);
    }

    [Fact]
    public void InvalidUtf8_IsRead_WithOneNoteNamingLineAndOffset()
    {
        using var tree = new TempTree();
        var content = Encoding.ASCII.GetBytes("/* Copyright J\n * M").Concat(new byte[] { 0xE9 }).Concat(Encoding.ASCII.GetBytes("ller */\nint x;\n")).ToArray();
        tree.Write("mm/latin1.c", content);

        var read = SourceReader.Read(new DiscoveredFile("mm/latin1.c", tree["mm/latin1.c"]), 1 << 20);

        Assert.Equal(content, read.File!.Content);
        Assert.Null(read.Problem);
        Assert.Equal(new InputNote("mm/latin1.c", "not valid UTF-8 (first invalid byte at line 2, offset 19); checked as bytes"), read.Note);
    }

    [Fact]
    public void EmptyFile_IsRead_WithoutNoise()
    {
        using var tree = new TempTree();
        tree.Write("mm/empty.c", "");

        var read = SourceReader.Read(new DiscoveredFile("mm/empty.c", tree["mm/empty.c"]), 1 << 20);

        Assert.Empty(read.File!.Content);
        Assert.Null(read.Problem);
        Assert.Null(read.Note);
    }

    [Fact]
    public void FileRemovedAfterDiscovery_IsReportedAsVanished()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", "int x;\n");
        var file = Assert.Single(SourceDiscovery.Discover(new[] { tree["mm"] }, tree.Root, new SourceDiscoveryOptions()).Files);
        File.Delete(file.FullPath);

        var read = SourceReader.Read(file, 1 << 20);

        Assert.Equal(new InputProblem("mm/a.c", "skipped: vanished before it could be read"), read.Problem);
    }

    [Fact]
    public void FileReplacedByADirectoryAfterDiscovery_IsReported()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", "int x;\n");
        var file = Assert.Single(SourceDiscovery.Discover(new[] { tree["mm"] }, tree.Root, new SourceDiscoveryOptions()).Files);
        File.Delete(file.FullPath);
        Directory.CreateDirectory(file.FullPath);

        var read = SourceReader.Read(file, 1 << 20);

        Assert.Equal(new InputProblem("mm/a.c", "skipped: not a regular file (directory)"), read.Problem);
    }

    [Fact]
    public void FileGrownPastTheLimitAfterDiscovery_IsReported()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", "int x;\n");
        var file = Assert.Single(SourceDiscovery.Discover(new[] { tree["mm"] }, tree.Root, new SourceDiscoveryOptions { MaxFileSize = 100 }).Files);
        tree.Write("mm/a.c", new string('x', 200));

        var read = SourceReader.Read(file, 100);

        Assert.Equal(new InputProblem("mm/a.c", "skipped: file too large (over 100 bytes; raise the limit with --max-file-size)") { Kind = InputProblemKind.OverLimit }, read.Problem);
    }
}
