using System;
using System.Linq;
using Folint.CSource.Engine;
using Folint.Simulation.Scenarios;
using Folint.Simulation.Scheduling;

namespace Folint.Cli;

/// <summary>A scenario name that the simulation does not know.</summary>
public sealed class UnknownScenarioError : FolintError
{
    public UnknownScenarioError(string name)
        : base(name, "unknown scenario", "known scenarios: " + string.Join(", ", ScenarioCatalog.All.Select(s => $"{s.Name} (seed {s.Seed})")))
    {
    }
}

/// <summary>A CPU order given with --order that cannot be replayed.</summary>
public sealed class BadScheduleError : FolintError
{
    public BadScheduleError(string order, string problem)
        : base(order, problem, "give the CPU that runs each step, e.g. --order 0,0,1,1 (the trace of 'folint simulate SCENARIO' prints one)")
    {
    }
}

/// <summary>
/// <c>folint simulate [SCENARIO] [--order 0,1,...] [--fixed]</c>: replays a seed's bug on the managed simulation.
/// Without --order, every interleaving of the code as seeded and as fixed is enumerated.
/// </summary>
internal static class SimulateCommand
{
    public static int Run(string? name, string? order, bool useFix, CliHost host)
    {
        if (name is null)
        {
            foreach (var s in ScenarioCatalog.All)
                host.Out.WriteLine($"{s.Name,-20} seed {s.Seed}  {s.RuleId}  {s.Title}");
            return ExitCodes.Clean;
        }
        var scenario = ScenarioCatalog.Find(name) ?? throw new UnknownScenarioError(name);
        if (order is not null)
        {
            System.Collections.Immutable.ImmutableArray<int> cpus;
            try
            {
                cpus = ReplayChooser.ParseOrder(order);
            }
            catch (FormatException e)
            {
                throw new BadScheduleError(order, e.Message);
            }
            // A step whose CPU cannot run (finished, or waiting on a lock) runs the first CPU that can, as the trace
            // shows; a CPU the scenario does not have is a typo, not a schedule.
            var run = scenario.Run(useFix ? Variant.Fixed : Variant.AsSeeded, cpus);
            var existing = run.Machine.Trace.Select(t => t.Cpu).Distinct().Order().ToArray();
            if (cpus.FirstOrDefault(cpu => !existing.Contains(cpu), -1) is var missing and >= 0)
                throw new BadScheduleError(order, $"the scenario has no CPU {missing}: its CPUs are {string.Join(" and ", existing)}");
            host.Out.Write(TraceText.Render(run));
            return run.Violates ? ExitCodes.Findings : ExitCodes.Clean;
        }
        var report = SimulationReport.Simulate(scenario);
        host.Out.Write(TraceText.Render(report));
        // The point of a scenario is that the seeded code breaks and the fixed code does not; anything else is a bug in the simulation.
        return report.ReproducesAndFixes ? ExitCodes.Clean : ExitCodes.InternalError;
    }
}
