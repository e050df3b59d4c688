using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace Folint.Simulation.Scheduling;

/// <summary>
/// Replays a CPU order: step k goes to <see cref="Order"/>[k] when that CPU can take a step, otherwise (or
/// past the end of the order) to the lowest-numbered CPU that can. Replaying the order of a losing run on the
/// fixed code shows what the fix changes under the same timing.
/// </summary>
public sealed class ReplayChooser : IScheduleChooser
{
    private readonly ImmutableArray<int> _order;
    private int _next;

    public ReplayChooser(ImmutableArray<int> order) => _order = order.IsDefault ? ImmutableArray<int>.Empty : order;

    public int Choose(IReadOnlyList<int> enabledCpus)
    {
        var step = _next++;
        if (step < _order.Length)
        {
            for (var i = 0; i < enabledCpus.Count; i++)
            {
                if (enabledCpus[i] == _order[step])
                    return i;
            }
        }
        return 0;
    }

    /// <summary>Parses "0,1,1,0" or "0 1 1 0" into a CPU order.</summary>
    public static ImmutableArray<int> ParseOrder(string text)
    {
        var parts = text.Split(new[] { ',', ' ' }, StringSplitOptions.RemoveEmptyEntries);
        var order = ImmutableArray.CreateBuilder<int>(parts.Length);
        foreach (var part in parts)
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var cpu))
                throw new FormatException($"schedule '{text}': '{part}' is not a CPU number (expected CPU numbers such as 0,1,1,0)");
            order.Add(cpu);
        }
        return order.MoveToImmutable();
    }
}

/// <summary>
/// Enumerates every interleaving of a set of deterministic CPU programs, depth first: each run follows a
/// prefix of choices and takes the first enabled CPU after it; the next prefix bumps the last choice that
/// still has an untried alternative. Programs must build fresh state for every run.
/// </summary>
public static class Interleavings
{
    /// <summary>More runs than any scenario here needs; reaching it is an error, not a silent cut.</summary>
    public const int MaxRuns = 200_000;

    public static IEnumerable<MachineRun> Enumerate(Func<IReadOnlyList<CpuProgram>> prepare)
    {
        var prefix = new List<int>();
        for (var runs = 0; ; runs++)
        {
            if (runs == MaxRuns)
                throw new InvalidOperationException($"more than {MaxRuns} interleavings: the scenario is too large to enumerate");

            var chooser = new PrefixChooser(prefix);
            var run = Machine.Run(prepare(), chooser);
            yield return run;

            var decisions = chooser.Decisions;
            var k = decisions.Count - 1;
            while (k >= 0 && decisions[k].Index + 1 >= decisions[k].Count)
                k--;
            if (k < 0)
                yield break;
            prefix = decisions.Take(k).Select(d => d.Index).ToList();
            prefix.Add(decisions[k].Index + 1);
        }
    }

    private sealed class PrefixChooser : IScheduleChooser
    {
        private readonly List<int> _prefix;

        public PrefixChooser(List<int> prefix) => _prefix = prefix;

        public List<(int Index, int Count)> Decisions { get; } = new();

        public int Choose(IReadOnlyList<int> enabledCpus)
        {
            var step = Decisions.Count;
            var index = step < _prefix.Count ? _prefix[step] : 0;
            if (index >= enabledCpus.Count)
                throw new InvalidOperationException("the programs are not deterministic: a replayed prefix found fewer enabled CPUs");
            Decisions.Add((index, enabledCpus.Count));
            return index;
        }
    }
}
