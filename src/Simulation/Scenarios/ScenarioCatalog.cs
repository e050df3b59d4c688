using System;
using System.Collections.Immutable;

namespace Folint.Simulation.Scenarios;

/// <summary>The scenarios <c>folint simulate</c> knows.</summary>
public static class ScenarioCatalog
{
    public static ImmutableArray<Scenario> All { get; } = ImmutableArray.Create<Scenario>(
        new PartiallyMappedScenario(),
        new SpeculativeGetScenario(),
        new MapcountUnderflowScenario());

    /// <summary>By name ("partially-mapped"), seed number ("000") or "seed-000"; null when none matches.</summary>
    public static Scenario? Find(string name)
    {
        foreach (var scenario in All)
        {
            if (string.Equals(scenario.Name, name, StringComparison.OrdinalIgnoreCase)
                || name == scenario.Seed
                || string.Equals(name, "seed-" + scenario.Seed, StringComparison.OrdinalIgnoreCase))
                return scenario;
        }
        return null;
    }
}
