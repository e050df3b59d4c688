using System.IO;
using static Folint.Cli.Tests.CliRunner;

namespace Folint.Cli.Tests;

public sealed class ExplainCommandTests
{
    [Fact]
    public void Rule_PrintsItsWholeDocumentation()
    {
        var run = Run(Path.GetTempPath(), "explain", "FOL001");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("FOL001: Non-atomic page flag update outside an exclusive phase\nseverity: warning   category: Concurrency\n", run.Out);
        foreach (var expected in new[]
                 {
                     "A non-atomic flag accessor (__folio_set_*",            // summary
                     "\nWhy\n  A non-atomic flag accessor reads the whole flags word", // rationale
                     "\nLearned from\n  000_e84798dfff902c30.txt\n",         // seeds
                     "  002_824f90a3c3d00924.txt\n",
                     "\nFix\n  Use the atomic accessor",                     // fix
                     "\nBad: Non-atomic set of a second-page flag under a lock that other writers do not take\n    spin_lock_irqsave(",
                     "\nGood: Atomic set, as the kernel does since the fix\n",
                     "\nGood: Non-atomic set on a folio nobody else can see yet\n",
                 })
        {
            Assert.Contains(expected, run.Out);
        }
    }

    [Fact]
    public void RuleIds_AreCaseInsensitive()
    {
        var run = Run(Path.GetTempPath(), "explain", "fol003");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("FOL003: Mapcount read that hides underflows", run.Out);
    }

    [Fact]
    public void NoId_ListsTheRules()
    {
        var run = Run(Path.GetTempPath(), "explain");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("FOL000  warning  Open-coded non-atomic bit operation on a page flags word\nFOL001  warning  Non-atomic page flag update", run.Out);
        Assert.Contains("FOL004  warning  Batched page operation", run.Out);
    }

    [Fact]
    public void UnknownId_Exits2_NamingTheKnownIds()
    {
        var run = Run(Path.GetTempPath(), "explain", "FOL999");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Equal("folint: FOL999: unknown rule\nfolint: hint: known rules: FOL000, FOL001, FOL002, FOL003, FOL004, FOL900\n", run.Error);
    }
}
