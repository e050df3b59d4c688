using System;
using System.Globalization;
using System.Linq;
using System.Text;
using Folint.Simulation.Scheduling;

namespace Folint.Simulation.Scenarios;

/// <summary>
/// What <c>folint simulate &lt;scenario&gt;</c> shows: every interleaving of the code as seeded and as fixed, the
/// first interleaving that breaks the invariant with its trace, and the same CPU order replayed on the fixed code.
/// </summary>
public sealed record SimulationReport(
    Scenario Scenario,
    Exploration AsSeeded,
    Exploration Fixed,
    ScenarioRun? Counterpart)
{
    /// <summary>True when the seeded code breaks the invariant in some interleaving and the fixed code in none.</summary>
    public bool ReproducesAndFixes => AsSeeded.Violating > 0 && Fixed.Violating == 0;

    public static SimulationReport Simulate(Scenario scenario)
    {
        var seeded = scenario.Explore(Variant.AsSeeded);
        var fixedCode = scenario.Explore(Variant.Fixed);
        var counterpart = seeded.FirstViolation is { } losing
            ? scenario.Run(Variant.Fixed, losing.Machine.Schedule)
            : null;
        return new SimulationReport(scenario, seeded, fixedCode, counterpart);
    }
}

/// <summary>Plain-text rendering of runs and reports: one line per access, CPU, step, word before and after.</summary>
public static class TraceText
{
    public static string Render(SimulationReport report)
    {
        var s = report.Scenario;
        var sb = new StringBuilder();
        sb.Append("seed ").Append(s.Seed).Append(" (").Append(s.RuleId).Append("), scenario ").Append(s.Name).Append(": ").AppendLine(s.Title);
        sb.Append("invariant: ").AppendLine(s.Invariant);
        sb.AppendLine();
        AppendSummary(sb, report.AsSeeded);
        AppendSummary(sb, report.Fixed);

        if (report.AsSeeded.FirstViolation is { } losing)
        {
            sb.AppendLine();
            sb.Append("first interleaving that breaks the invariant, as seeded (CPU order ").Append(Order(losing)).AppendLine("):");
            sb.Append(Render(losing));
        }
        else
        {
            sb.AppendLine();
            sb.AppendLine("no interleaving of the seeded code breaks the invariant: the scenario does not reproduce the seed's bug.");
        }

        if (report.Counterpart is { } counterpart)
        {
            sb.AppendLine();
            sb.Append("the same CPU order with the fix (").Append(s.Describe(Variant.Fixed)).AppendLine("):");
            sb.Append(Render(counterpart));
        }
        return sb.ToString();
    }

    public static string Render(ScenarioRun run)
    {
        var trace = run.Machine.Trace;
        var cpuWidth = Math.Max(3, trace.Select(t => t.CpuName.Length).DefaultIfEmpty(3).Max());
        var fnWidth = Math.Max(8, trace.Select(t => t.Function.Length).DefaultIfEmpty(8).Max());
        var opWidth = Math.Max(9, trace.Select(t => t.Operation.Length).DefaultIfEmpty(9).Max());
        var locWidth = Math.Max(4, trace.Select(t => t.Location.Length).DefaultIfEmpty(4).Max());

        var sb = new StringBuilder();
        sb.Append("  step  ").Append("cpu".PadRight(cpuWidth)).Append("  ").Append("function".PadRight(fnWidth)).Append("  ")
          .Append("access".PadRight(opWidth)).Append("  ").Append("word".PadRight(locWidth)).AppendLine("  before -> after");
        foreach (var t in trace)
        {
            sb.Append(t.Step.ToString(CultureInfo.InvariantCulture).PadLeft(6)).Append("  ")
              .Append(t.CpuName.PadRight(cpuWidth)).Append("  ")
              .Append(t.Function.PadRight(fnWidth)).Append("  ")
              .Append(t.Operation.PadRight(opWidth)).Append("  ")
              .Append(t.Location.PadRight(locWidth)).Append("  ");
            sb.Append(t.Changed ? t.Before + " -> " + t.After : t.Before);
            if (t.Note is not null && t.Changed)
                sb.Append("   [").Append(t.Note).Append(']');
            sb.AppendLine();
        }
        foreach (var note in run.Machine.Notes)
            sb.Append("  note: ").AppendLine(note);
        sb.Append("  result: ").AppendLine(run.Violation is null ? "invariant holds" : "BROKEN: " + run.Violation);
        return sb.ToString();
    }

    private static void AppendSummary(StringBuilder sb, Exploration e)
    {
        sb.Append(e.Variant == Variant.AsSeeded ? "as seeded: " : "fixed:     ")
          .Append(e.Scenario.Describe(e.Variant)).Append(": ")
          .Append(e.Interleavings.ToString(CultureInfo.InvariantCulture)).Append(" interleavings enumerated, ")
          .Append(e.Violating.ToString(CultureInfo.InvariantCulture)).AppendLine(" break the invariant");
    }

    private static string Order(ScenarioRun run) =>
        string.Join(",", run.Machine.Schedule.Select(c => c.ToString(CultureInfo.InvariantCulture)));
}
