using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Folint.Simulation.Scheduling;

namespace Folint.Simulation.Scenarios;

/// <summary>The code as the seed thread proposed it, or as the review fixed it.</summary>
public enum Variant
{
    AsSeeded,
    Fixed,
}

/// <summary>
/// Fresh state and CPU programs for one run, and the check that says what went wrong in it (null when the
/// invariant held). The check reads the run's trace and notes, and the state the programs left.
/// </summary>
public sealed record ScenarioSetup(IReadOnlyList<CpuProgram> Cpus, Func<MachineRun, string?> FindViolation);

/// <summary>One run of a scenario under one interleaving.</summary>
public sealed record ScenarioRun(Scenario Scenario, Variant Variant, MachineRun Machine, string? Violation)
{
    public bool Violates => Violation is not null;
}

/// <summary>Every interleaving of one variant: how many there are, and the runs that break the invariant, in enumeration order.</summary>
public sealed record Exploration(Scenario Scenario, Variant Variant, int Interleavings, ImmutableArray<ScenarioRun> Violations, ScenarioRun FirstRun)
{
    public int Violating => Violations.Length;

    public ScenarioRun? FirstViolation => Violations.IsEmpty ? null : Violations[0];
}

/// <summary>A seed's bug as a deterministic concurrent program, with the code as seeded and as fixed.</summary>
public abstract class Scenario
{
    /// <summary>The name <c>folint simulate</c> takes (also accepted: the seed number, "000", or "seed-000").</summary>
    public abstract string Name { get; }

    /// <summary>The seed thread it reproduces: "000".</summary>
    public abstract string Seed { get; }

    /// <summary>The rule that finds the seeded code statically.</summary>
    public abstract string RuleId { get; }

    public abstract string Title { get; }

    /// <summary>What the check after each run asserts.</summary>
    public abstract string Invariant { get; }

    /// <summary>The code that differs between the variants, in the kernel's words.</summary>
    public abstract string Describe(Variant variant);

    /// <summary>Builds fresh state and CPU programs; called once per run.</summary>
    protected internal abstract ScenarioSetup Prepare(Variant variant);

    /// <summary>Runs one interleaving given as a CPU order (see <see cref="ReplayChooser"/>).</summary>
    public ScenarioRun Run(Variant variant, ImmutableArray<int> order)
    {
        var setup = Prepare(variant);
        var run = Machine.Run(setup.Cpus, new ReplayChooser(order));
        return Finish(variant, setup, run);
    }

    /// <summary>Runs every interleaving of the variant.</summary>
    public Exploration Explore(Variant variant)
    {
        ScenarioSetup? setup = null;
        IReadOnlyList<CpuProgram> Fresh()
        {
            setup = Prepare(variant);
            return setup.Cpus;
        }

        var count = 0;
        var violations = ImmutableArray.CreateBuilder<ScenarioRun>();
        ScenarioRun? first = null;
        foreach (var run in Interleavings.Enumerate(Fresh))
        {
            var result = Finish(variant, setup!, run);
            count++;
            first ??= result;
            if (result.Violates)
                violations.Add(result);
        }
        return new Exploration(this, variant, count, violations.ToImmutable(), first!);
    }

    private ScenarioRun Finish(Variant variant, ScenarioSetup setup, MachineRun run)
    {
        var violation = run.End switch
        {
            RunEnd.Deadlock => "deadlock: every remaining CPU waits for a lock",
            RunEnd.StepLimit => $"no end after {Machine.MaxSteps} steps",
            _ => setup.FindViolation(run),
        };
        return new ScenarioRun(this, variant, run, violation);
    }
}
