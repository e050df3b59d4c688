using System;
using System.Diagnostics;

namespace Folint.CSource.Engine;

/// <summary>
/// <c>FOLINT_TIMINGS=1</c>: one line per stage of a check with its wall time and the process's CPU time beside it (a
/// stage that keeps fewer cores busy than the machine has shows there). Silent, and free, without a sink.
/// </summary>
internal sealed class StageTimings
{
    private readonly Action<string>? _sink;
    private readonly Stopwatch _stage = Stopwatch.StartNew();
    private TimeSpan _cpu;

    public StageTimings(Action<string>? sink)
    {
        _sink = sink;
        _cpu = sink is null ? TimeSpan.Zero : Process.GetCurrentProcess().TotalProcessorTime;
    }

    public bool Enabled => _sink is not null;

    /// <summary>Ends the current stage under the name <paramref name="what"/>; the next stage starts now.</summary>
    public void Stage(string what)
    {
        if (_sink is not null)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            _sink($"folint: timing {what}: {_stage.Elapsed.TotalSeconds:0.000} s (cpu {(cpu - _cpu).TotalSeconds:0.000} s)");
            _cpu = cpu;
        }
        _stage.Restart();
    }

    /// <summary>A line that is no stage (the widest triggers).</summary>
    public void Note(Func<string> text) => _sink?.Invoke("folint: " + text());
}
