using System.Linq;
using Folint.Tests.Doubles;
using static Folint.Cli.Tests.CliRunner;

namespace Folint.Cli.Tests;

/// <summary>Hostile inputs through the whole command line with the real frontend and rules.</summary>
public sealed class HostileInputTests
{
    [Fact]
    public void CrlfSource_ReportsTheLineAndColumnAnEditorShows()
    {
        using var tree = new TempTree();
        tree.Write("mm/open_coded.c", OpenCoded.Replace("\n", "\r\n"));

        var run = CliRunner.Run(tree.Root, Composition.Default, null, "check", "mm");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("mm/open_coded.c:6:2: warning: open-coded non-atomic __set_bit(PG_private) on page->flags", run.Out);
        Assert.DoesNotContain('\r', run.Out);
    }

    [Fact]
    public void NulBytesInASource_SkipIt_NamingTheOffset_AndTheOthersAreChecked()
    {
        using var tree = TreeWithFinding();
        tree.Write("mm/blob.c", new byte[] { (byte)'i', (byte)'n', (byte)'t', 0, (byte)';' });

        var run = CliRunner.Run(tree.Root, Composition.Default, null, "check", "mm");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("mm/open_coded.c:6:2: warning:", run.Out);
        Assert.Contains("folint: mm/blob.c: skipped: binary file (NUL byte at offset 3)\n", run.Error);
    }

    [Fact]
    public void DeeplyNestedMacroUsesAndParentheses_AreSkippedOrChecked_NeverCrash()
    {
        using var tree = TreeWithFinding();
        var depth = 30_000;
        // the __set_bit() on a page's flags makes it a file the rules must read: the prefilter parses no other
        tree.Write("mm/macros.c", "void f(struct page *page)\n{\n\t" + string.Concat(Enumerable.Repeat("WRAP(", depth)) + "page" + new string(')', depth) + ";\n\t__set_bit(PG_dirty, &page->flags);\n}\n");

        var run = CliRunner.Run(tree.Root, Composition.Default, null, "check", "mm");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("folint: mm/macros.c: skipped: nesting deeper than 1000 levels (statements or expressions) at line 3\n", run.Error);
        Assert.StartsWith("mm/open_coded.c:6:2: warning:", run.Out);
    }
}
