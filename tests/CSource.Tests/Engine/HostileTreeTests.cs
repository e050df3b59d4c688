using System;
using System.IO;
using System.Linq;
using Folint.CSource.Engine;
using Folint.Tests.Doubles;

namespace Folint.CSource.Tests.Engine;

/// <summary>Trees a real checkout, a build directory or a careless script can produce: each is walked, and what cannot be checked is named with the reason.</summary>
public sealed class HostileTreeTests
{
    [Fact]
    public void DirectoryWith100kFiles_IsWalked_FindingEverySourceAmongThem()
    {
        using var tree = new TempTree();
        var directory = Directory.CreateDirectory(tree["drivers/gen"]).FullName;
        for (var i = 0; i < 100_000; i++)
            File.Create(Path.Combine(directory, i % 1000 == 0 ? $"f{i}.c" : $"f{i}.o")).Dispose();

        var inputs = SourceDiscoveryTests.Discover(tree, "drivers");

        Assert.Equal(100, inputs.Files.Length);
        Assert.Empty(inputs.Problems);
        Assert.Equal(inputs.Files.Select(f => f.Path).OrderBy(p => p, StringComparer.Ordinal), inputs.Files.Select(f => f.Path));
    }

    [Fact]
    public void SourceWhoseNameIsNotUtf8_IsNamed_WithTheReason_AndTheOthersAreFound()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", "int x;\n");
        // .NET cannot create such a name; bash's $'...' writes the raw byte 0xff.
        TempTree.Run("bash", "-c", "cd \"$1\" && : > $'bad\\xffname.c' && mkdir $'dir\\xfe'", "bash", tree["mm"]);

        var inputs = SourceDiscoveryTests.Discover(tree, "mm");

        Assert.Equal(new[] { "mm/a.c" }, inputs.Files.Select(f => f.Path));
        const string reason = "skipped: its name is not valid UTF-8 (shown with U+FFFD), and folint cannot open such a path; rename it to check it";
        Assert.Equal(
            new[] { new InputProblem("mm/bad\uFFFDname.c", reason), new InputProblem("mm/dir\uFFFD", reason) },
            inputs.Problems.OrderBy(p => p.Path, StringComparer.Ordinal));
    }

    [Fact]
    public void FileOf200MegabytesOnOneLine_IsSkippedBySize_WithoutBeingRead()
    {
        using var tree = new TempTree();
        // Sparse: 200 MB without a newline, costing no disk.
        Directory.CreateDirectory(tree["drivers/gpu"]);
        using (var file = File.Create(tree["drivers/gpu/table.h"]))
            file.SetLength(200L * 1024 * 1024);

        var inputs = SourceDiscoveryTests.Discover(tree, "drivers");

        Assert.Empty(inputs.Files);
        var problem = Assert.Single(inputs.Problems);
        Assert.Equal(new InputProblem("drivers/gpu/table.h", "skipped: file too large (200 MiB; the limit is 8 MiB, raise it with --max-file-size)") { Kind = InputProblemKind.OverLimit }, problem);
    }

    [Fact]
    public void FileDeletedDuringTheRun_IsNamed_AndTheOthersAreChecked()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", "int a;\n");
        tree.Write("mm/b.c", "int b;\n");
        var inputs = SourceDiscoveryTests.Discover(tree, "mm");
        File.Delete(tree["mm/b.c"]);

        using var frontend = new CFrontend();
        var result = new CheckEngine(frontend, Array.Empty<Analyzer.Contracts.ISourceRule>(), Folint.CSource.Knowledge.RuleCatalogLoader.Load(Path.Combine(AppContext.BaseDirectory, "rules"))).Check(inputs);

        Assert.Equal(new InputProblem("mm/b.c", "skipped: vanished before it could be read"), Assert.Single(result.Problems));
        Assert.Equal((2, 1), (result.Stats.Files, result.Stats.ParsedFiles));
    }

    [Fact]
    public void FileChangedBetweenDiscoveryAndReading_IsCheckedAsRead()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", "int a;\n");
        var file = Assert.Single(SourceDiscoveryTests.Discover(tree, "mm").Files);
        tree.Write("mm/a.c", "void grown(void)\n{\n}\n");

        var read = SourceReader.Read(file, 1 << 20);

        Assert.Null(read.Problem);
        Assert.Equal("void grown(void)\n{\n}\n", System.Text.Encoding.UTF8.GetString(read.File!.Content));
    }

    [Fact]
    public void CrlfSource_KeepsLinesAndColumnsOfTheFileOnDisk()
    {
        var code = "int a;\r\n\r\nvoid f(struct page *page)\r\n{\r\n\tpage->private = 1;\r\n}\r\n";
        using var frontend = CFrontend.ForKernel(Path.Combine(AppContext.BaseDirectory, "rules"));

        var unit = frontend.Build(new SourceFile("mm/crlf.c", System.Text.Encoding.UTF8.GetBytes(code)), System.Threading.CancellationToken.None);

        var function = Assert.Single(unit.Functions);
        Assert.Equal("f", function.Name);
        Assert.Equal((3, 1), (unit.Lines.GetPosition(function.Span.Start).Line, unit.Lines.GetPosition(function.Span.Start).Column));
        Assert.Empty(unit.Problems);
    }
}
