using System.Collections.Generic;
using System.Linq;
using Folint.Simulation.Mm;
using Folint.Simulation.Scheduling;

namespace Folint.Simulation.Tests;

public sealed class MachineTests
{
    [Theory]
    [InlineData(1, 2)]
    [InlineData(3, 20)]
    [InlineData(4, 70)]
    public void Enumerate_TwoCpusOfIndependentStores_VisitsEveryInterleavingOnce(int storesPerCpu, int binomial)
    {
        IReadOnlyList<CpuProgram> Prepare()
        {
            var map = new MemMap(2);
            return new[]
            {
                new CpuProgram("a", () => { for (var i = 0; i < storesPerCpu; i++) map.PfnToPage(0).FlagsWord.Store((ulong)i); }),
                new CpuProgram("b", () => { for (var i = 0; i < storesPerCpu; i++) map.PfnToPage(1).FlagsWord.Store((ulong)i); }),
            };
        }

        var schedules = Interleavings.Enumerate(Prepare).Select(r => string.Join(",", r.Schedule)).ToList();

        Assert.Equal(binomial, schedules.Count);
        Assert.Equal(schedules.Count, schedules.Distinct().Count());
        Assert.All(schedules, s => Assert.Equal(2 * storesPerCpu, s.Split(',').Length));
    }

    [Fact]
    public void Spinlock_HeldByOneCpu_KeepsTheOtherOutInEveryInterleaving()
    {
        MemMap? map = null;
        IReadOnlyList<CpuProgram> Prepare()
        {
            map = new MemMap(1);
            var m = map;
            var lk = new Spinlock("lock");
            void Increment()
            {
                lk.Lock();
                var word = m.PfnToPage(0).FlagsWord;
                word.Store(word.Load() + 1);
                lk.Unlock();
            }
            return new[] { new CpuProgram("a", Increment), new CpuProgram("b", Increment) };
        }

        var runs = 0;
        foreach (var run in Interleavings.Enumerate(Prepare))
        {
            runs++;
            Assert.Equal(RunEnd.Completed, run.End);
            Assert.Equal(2UL, map!.PfnToPage(0).FlagsWord.Peek);
        }
        Assert.True(runs >= 2);
    }

    [Fact]
    public void Run_SameLockTakenTwice_EndsInDeadlockInsteadOfHanging()
    {
        var lk = new Spinlock("lock");
        var run = Machine.Run(new[] { new CpuProgram("a", () => { lk.Lock(); lk.Lock(); }) }, new ReplayChooser(default));

        Assert.Equal(RunEnd.Deadlock, run.End);
    }

    [Fact]
    public void Run_CpuThrows_ReportsTheFailureWithTheCpuName()
    {
        var ex = Assert.Throws<SimulationFailedException>(() =>
            Machine.Run(new[] { new CpuProgram("broken", () => throw new System.InvalidOperationException("boom")) }, new ReplayChooser(default)));

        Assert.Contains("broken", ex.Message);
        Assert.Contains("boom", ex.Message);
    }

    [Theory]
    [InlineData("0,1,1,0", new[] { 0, 1, 1, 0 })]
    [InlineData("1 0", new[] { 1, 0 })]
    public void ParseOrder_CommaOrSpaceSeparated_GivesCpuNumbers(string text, int[] expected)
    {
        Assert.Equal(expected, ReplayChooser.ParseOrder(text).ToArray());
    }

    [Fact]
    public void ParseOrder_NotANumber_NamesTheBadPart()
    {
        var ex = Assert.Throws<System.FormatException>(() => ReplayChooser.ParseOrder("0,x"));

        Assert.Contains("'x'", ex.Message);
    }
}
