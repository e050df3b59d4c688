using System.Linq;
using Folint.Tests.Doubles;
using static Folint.Cli.Tests.CliRunner;

namespace Folint.Cli.Tests;

/// <summary>What the exit code says when a run could not check everything (README "Exit codes and failure behaviour").</summary>
public sealed class ExitCodeTests
{
    [Fact]
    public void FileFolintFailsOn_Exits3_NamingIt_AndTheOtherFindingsAreStillReported()
    {
        using var tree = TreeWithFinding();
        tree.Write("mm/crash.c", "/* FRONTEND-CRASH */\n");

        var run = Run(tree.Root, "check", "mm");

        Assert.Equal(3, run.ExitCode);
        Assert.StartsWith("mm/open_coded.c:6:2: warning:", run.Out);
        Assert.Contains("folint: mm/crash.c: internal error in parse: toy frontend crash (InvalidOperationException)\n", run.Error);
    }

    [Fact]
    public void JsonReport_TellsAnInternalErrorFromASkippedInput()
    {
        using var tree = TreeWithFinding();
        tree.Write("mm/crash.c", "/* FRONTEND-CRASH */\n");
        tree.Write("mm/binary.c", new byte[] { (byte)'a', 0, (byte)'b' });

        var run = Run(tree.Root, "check", "mm", "--format", "json");

        using var report = System.Text.Json.JsonDocument.Parse(run.Out);
        var kinds = report.RootElement.GetProperty("problems").EnumerateArray()
            .Select(p => (p.GetProperty("path").GetString()!, p.GetProperty("kind").GetString()!));
        Assert.Equal(new[] { ("mm/binary.c", "unusable"), ("mm/crash.c", "internalError") }, kinds);
    }

    [Fact]
    public void InternalError_OutranksAnInputThatCouldNotBeChecked()
    {
        using var tree = TreeWithFinding();
        tree.Write("mm/crash.c", "/* FRONTEND-CRASH */\n");
        tree.Write("mm/binary.c", new byte[] { (byte)'a', 0, (byte)'b' });

        var run = Run(tree.Root, "check", "mm");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("folint: mm/binary.c: skipped: binary file (NUL byte at offset 1)\n", run.Error);
    }

    [Fact]
    public void FileNestedTooDeep_Exits2_WithTheReason_AndTheOtherFindingsAreStillReported()
    {
        using var tree = TreeWithFinding();
        // g() makes it a file the rules must read: the prefilter parses no other
        tree.Write("mm/deep.c", "int f(void)\n{\n\treturn " + new string('(', 100_000) + "1" + new string(')', 100_000) + ";\n}\n" +
            "void g(struct page *page)\n{\n\t__set_bit(PG_dirty, &page->flags);\n}\n");

        var run = CliRunner.Run(tree.Root, Composition.Default, null, "check", "mm");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("mm/open_coded.c:6:2: warning:", run.Out);
        Assert.Contains("folint: mm/deep.c: skipped: nesting deeper than 1000 levels (statements or expressions) at line 3\n", run.Error);
    }

    [Fact]
    public void Help_DocumentsEveryExitCode()
    {
        var run = Run(".", "--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var code in new[] { "  0  ", "  1  ", "  2  ", "  3  ", "130  ", "143  " })
            Assert.Contains(code, run.Out);
    }
}
