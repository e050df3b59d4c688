using System.Text.RegularExpressions;

namespace Folint.Cli.Tests;

public sealed class SimulateCommandTests
{
    [Fact]
    public void NoScenario_ListsTheScenariosWithTheirSeedsAndRules()
    {
        var run = CliRunner.Run(System.IO.Path.GetTempPath(), Composition.Default, null, "simulate");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("partially-mapped     seed 000  FOL001", run.Out);
        Assert.Contains("speculative-get      seed 001  FOL002", run.Out);
        Assert.Contains("mapcount-underflow   seed 004  FOL003", run.Out);
    }

    [Fact]
    public void Seed000_ShowsLostUpdatesAsSeeded_NoneWithTheFix_AndTheLosingTrace()
    {
        var run = CliRunner.Run(System.IO.Path.GetTempPath(), Composition.Default, null, "simulate", "000");

        Assert.Equal(0, run.ExitCode);
        var seeded = Regex.Match(run.Out, @"as seeded: .*: (\d+) interleavings enumerated, (\d+) break the invariant");
        var fixedRun = Regex.Match(run.Out, @"fixed: .*: (\d+) interleavings enumerated, (\d+) break the invariant");
        Assert.True(seeded.Success && fixedRun.Success, run.Out);
        Assert.True(int.Parse(seeded.Groups[2].Value) > 0);
        Assert.Equal("0", fixedRun.Groups[2].Value);
        Assert.Contains("BROKEN: PG_", run.Out);
        Assert.Contains("__folio_set_partially_mapped  store", run.Out);
    }

    [Fact]
    public void Order_ReplaysTheLosingInterleaving_AndTheFixSurvivesIt()
    {
        var all = CliRunner.Run(System.IO.Path.GetTempPath(), Composition.Default, null, "simulate", "partially-mapped");
        var order = Regex.Match(all.Out, @"CPU order ([0-9,]+)\)").Groups[1].Value;
        Assert.NotEmpty(order);

        var seeded = CliRunner.Run(System.IO.Path.GetTempPath(), Composition.Default, null, "simulate", "000", "--order", order);
        var withFix = CliRunner.Run(System.IO.Path.GetTempPath(), Composition.Default, null, "simulate", "000", "--order", order, "--fixed");

        Assert.Equal(1, seeded.ExitCode);
        Assert.Contains("result: BROKEN", seeded.Out);
        Assert.Equal(0, withFix.ExitCode);
        Assert.Contains("result: invariant holds", withFix.Out);
    }

    [Fact]
    public void UnknownScenario_Exits2_NamingTheKnownOnes()
    {
        var run = CliRunner.Run(System.IO.Path.GetTempPath(), Composition.Default, null, "simulate", "seed-999");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("folint: seed-999: unknown scenario", run.Error);
        Assert.Contains("partially-mapped (seed 000)", run.Error);
    }

    [Fact]
    public void MalformedOrder_Exits2_WithTheExpectedShape()
    {
        var run = CliRunner.Run(System.IO.Path.GetTempPath(), Composition.Default, null, "simulate", "000", "--order", "0,x");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not a CPU number", run.Error);
    }
}
