using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;

namespace Folint.Simulation.Scheduling;

/// <summary>The code one simulated CPU runs: a kernel path such as deferred_split_folio() or memory_failure().</summary>
public sealed record CpuProgram(string Name, Action Body);

/// <summary>One access to shared page metadata, as the trace shows it.</summary>
public sealed record TraceStep(
    int Step,
    int Cpu,
    string CpuName,
    string Function,
    string Operation,
    string Location,
    string Before,
    string After,
    string? Note)
{
    /// <summary>True when the access changed the stored value (a store, a successful cmpxchg, an atomic add).</summary>
    public bool Changed => !string.Equals(Before, After, StringComparison.Ordinal);
}

/// <summary>Picks which of the CPUs that can take a step goes next.</summary>
public interface IScheduleChooser
{
    /// <summary>Returns an index into <paramref name="enabledCpus"/> (CPU ids in ascending order).</summary>
    int Choose(IReadOnlyList<int> enabledCpus);
}

/// <summary>How a run ended.</summary>
public enum RunEnd
{
    Completed,
    /// <summary>No CPU could take a step while some had not finished (every remaining one waits on a lock).</summary>
    Deadlock,
    StepLimit,
}

/// <summary>
/// One run of simulated CPUs: the CPU that took each step, the accesses in order, and the notes the
/// programs made (what a CPU saw, what it reported).
/// </summary>
public sealed record MachineRun(
    ImmutableArray<int> Schedule,
    ImmutableArray<TraceStep> Trace,
    ImmutableArray<string> Notes,
    RunEnd End);

/// <summary>
/// Runs two or more simulated CPUs one access at a time. Every access to shared metadata (a flags word,
/// a refcount, a lock) is a scheduling point: the CPU stops before it and the chooser decides which CPU
/// performs its next access. Exactly one CPU thread runs at any moment, so a run is a pure function of the
/// choices made and a lost update is reproduced, never hoped for.
/// </summary>
public static class Machine
{
    /// <summary>Guards against programs that never stop (a cmpxchg loop can only retry after another CPU's write).</summary>
    public const int MaxSteps = 10_000;

    [ThreadStatic]
    private static SimulatedCpu? t_current;

    /// <summary>The simulated CPU running on this thread, or null outside a run (set-up and checks).</summary>
    internal static SimulatedCpu? Current => t_current;

    public static MachineRun Run(IReadOnlyList<CpuProgram> programs, IScheduleChooser chooser)
    {
        if (programs.Count == 0)
            throw new ArgumentException("a run needs at least one CPU program", nameof(programs));

        var run = new RunState();
        var cpus = new SimulatedCpu[programs.Count];
        for (var i = 0; i < cpus.Length; i++)
            cpus[i] = new SimulatedCpu(i, programs[i].Name, run);

        for (var i = 0; i < cpus.Length; i++)
        {
            var cpu = cpus[i];
            var body = programs[i].Body;
            cpu.Thread = new Thread(() => cpu.Execute(body)) { IsBackground = true, Name = "simulated " + cpu.Name };
            cpu.Thread.Start();
        }

        // Each CPU runs its private prologue up to its first shared access, one after the other.
        foreach (var cpu in cpus)
            run.Hand(cpu);

        var schedule = ImmutableArray.CreateBuilder<int>();
        var end = RunEnd.Completed;
        var enabled = new List<int>(cpus.Length);
        while (true)
        {
            enabled.Clear();
            var unfinished = false;
            foreach (var cpu in cpus)
            {
                if (cpu.State == CpuState.Finished)
                    continue;
                unfinished = true;
                if (cpu.State == CpuState.AtPoint && cpu.CanProceed())
                    enabled.Add(cpu.Id);
            }
            if (!unfinished)
                break;
            if (enabled.Count == 0)
            {
                end = RunEnd.Deadlock;
                break;
            }
            if (schedule.Count >= MaxSteps)
            {
                end = RunEnd.StepLimit;
                break;
            }

            var index = chooser.Choose(enabled);
            if (index < 0 || index >= enabled.Count)
                throw new InvalidOperationException($"the chooser picked index {index} of {enabled.Count} enabled CPUs");
            var chosen = cpus[enabled[index]];
            schedule.Add(chosen.Id);
            run.StepNumber = schedule.Count;
            run.Hand(chosen);
        }

        if (end != RunEnd.Completed)
        {
            run.Aborted = true;
            foreach (var cpu in cpus)
            {
                if (cpu.State != CpuState.Finished)
                    run.Hand(cpu);
            }
        }

        foreach (var cpu in cpus)
            cpu.Thread!.Join();
        foreach (var cpu in cpus)
        {
            if (cpu.Failure is not null)
                throw new SimulationFailedException($"simulated {cpu.Name} failed: {cpu.Failure.Message}", cpu.Failure);
        }

        return new MachineRun(schedule.ToImmutable(), run.Trace.ToImmutable(), run.Notes.ToImmutable(), end);
    }

    /// <summary>
    /// Stops the current CPU before a shared access until the scheduler picks it. <paramref name="canProceed"/>
    /// tells the scheduler whether the access can happen now (a spinlock held by another CPU cannot be taken).
    /// Outside a run this returns at once.
    /// </summary>
    internal static void Point(Func<bool>? canProceed = null) => t_current?.Pause(canProceed);

    /// <summary>Records the access just made by the current CPU (no-op outside a run).</summary>
    internal static void Record(string operation, string location, string before, string after, string? note = null)
    {
        var cpu = t_current;
        if (cpu is null)
            return;
        var run = cpu.Run;
        run.Trace.Add(new TraceStep(run.StepNumber, cpu.Id, cpu.Name, cpu.Function, operation, location, before, after, note));
    }

    /// <summary>Adds a note to the run (what a CPU observed or reported); no-op outside a run.</summary>
    public static void Note(string text)
    {
        var cpu = t_current;
        if (cpu is null)
            return;
        cpu.Run.Notes.Add($"{cpu.Name}: {text}");
    }

    /// <summary>
    /// Names the kernel function the current CPU is in until the result is disposed, so the trace says
    /// which code made each access. No-op outside a run.
    /// </summary>
    public static FunctionScope Enter(string function)
    {
        var cpu = t_current;
        cpu?.Frames.Push(function);
        return new FunctionScope(cpu);
    }

    public readonly struct FunctionScope : IDisposable
    {
        private readonly SimulatedCpu? _cpu;

        internal FunctionScope(SimulatedCpu? cpu) => _cpu = cpu;

        public void Dispose() => _cpu?.Frames.Pop();
    }

    internal sealed class RunState
    {
        public readonly SemaphoreSlim SchedulerWake = new(0);
        public readonly ImmutableArray<TraceStep>.Builder Trace = ImmutableArray.CreateBuilder<TraceStep>();
        public readonly ImmutableArray<string>.Builder Notes = ImmutableArray.CreateBuilder<string>();
        public int StepNumber;
        public volatile bool Aborted;

        /// <summary>Lets <paramref name="cpu"/> run until its next scheduling point or its end, and waits for that.</summary>
        public void Hand(SimulatedCpu cpu)
        {
            cpu.Go.Release();
            SchedulerWake.Wait();
        }
    }

    internal enum CpuState { Starting, Running, AtPoint, Finished }

    internal sealed class SimulatedCpu
    {
        private Func<bool>? _canProceed;

        public SimulatedCpu(int id, string name, RunState run)
        {
            Id = id;
            Name = name;
            Run = run;
        }

        public int Id { get; }

        public string Name { get; }

        public RunState Run { get; }

        public Thread? Thread { get; set; }

        public SemaphoreSlim Go { get; } = new(0);

        public Stack<string> Frames { get; } = new();

        public string Function => Frames.Count == 0 ? Name : Frames.Peek();

        public volatile CpuState State;

        public Exception? Failure { get; private set; }

        public bool CanProceed() => _canProceed?.Invoke() ?? true;

        public void Execute(Action body)
        {
            t_current = this;
            Go.Wait();
            State = CpuState.Running;
            try
            {
                if (!Run.Aborted)
                    body();
            }
            catch (RunAbortedException)
            {
            }
            catch (Exception ex)
            {
                Failure = ex;
            }
            finally
            {
                t_current = null;
                State = CpuState.Finished;
                Run.SchedulerWake.Release();
            }
        }

        public void Pause(Func<bool>? canProceed)
        {
            _canProceed = canProceed;
            State = CpuState.AtPoint;
            Run.SchedulerWake.Release();
            Go.Wait();
            _canProceed = null;
            State = CpuState.Running;
            if (Run.Aborted)
                throw new RunAbortedException();
        }
    }

    private sealed class RunAbortedException : Exception
    {
    }
}

/// <summary>A simulated CPU threw: the simulation itself is wrong, not the interleaving.</summary>
public sealed class SimulationFailedException : Exception
{
    public SimulationFailedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
