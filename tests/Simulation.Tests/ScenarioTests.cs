using System.Linq;
using Folint.Simulation.Mm;
using Folint.Simulation.Scenarios;

namespace Folint.Simulation.Tests;

public sealed class ScenarioTests
{
    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public ScenarioTests(Xunit.Abstractions.ITestOutputHelper output) => _output = output;

    [Fact]
    public void PartiallyMapped_NonAtomicSetter_LosesAPoisonFlagInSomeInterleaving()
    {
        var exploration = new PartiallyMappedScenario().Explore(Variant.AsSeeded);
        _output.WriteLine($"as seeded: {exploration.Interleavings} interleavings, {exploration.Violating} lose an update");

        Assert.True(exploration.Violating > 0);
        Assert.True(exploration.Violating < exploration.Interleavings, "some interleavings must keep every flag: the bug is a race, not a certainty");
        var losing = exploration.Violations.First(v => v.Violation!.Contains("PG_has_hwpoisoned", System.StringComparison.Ordinal));
        // The lost update is memory_failure()'s folio_set_has_hwpoisoned() between the setter's load and its store.
        var trace = losing.Machine.Trace;
        var load = trace.First(t => t.Function == "__folio_set_partially_mapped" && t.Operation == "load");
        var store = trace.First(t => t.Function == "__folio_set_partially_mapped" && t.Operation == "store");
        Assert.Contains(trace, t => t.Function == "folio_set_has_hwpoisoned" && t.Location == "pfn 1 flags" && t.Changed && t.Step > load.Step && t.Step < store.Step);
        Assert.Equal(0UL, ParseWord(store.After) & (1UL << PageFlags.HasHWPoisoned));
    }

    private static ulong ParseWord(string described) =>
        ulong.Parse(described.Split(' ')[0].Substring(2), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void PartiallyMapped_AtomicSetter_KeepsEveryFlagInEveryInterleaving()
    {
        var exploration = new PartiallyMappedScenario().Explore(Variant.Fixed);
        _output.WriteLine($"fixed: {exploration.Interleavings} interleavings, {exploration.Violating} lose an update");

        Assert.Equal(0, exploration.Violating);
        // The fixed code retries its cmpxchg after memory_failure()'s update in some interleaving.
        var seeded = new PartiallyMappedScenario().Explore(Variant.AsSeeded);
        var replay = new PartiallyMappedScenario().Run(Variant.Fixed, seeded.FirstViolation!.Machine.Schedule);
        Assert.Null(replay.Violation);
        Assert.Contains(replay.Machine.Trace, t => t.Function == "folio_set_partially_mapped" && t.Operation.StartsWith("cmpxchg (stale", System.StringComparison.Ordinal));
    }

    [Fact]
    public void PartiallyMapped_LosingInterleaving_ReplaysToTheSameTrace()
    {
        var scenario = new PartiallyMappedScenario();
        var losing = scenario.Explore(Variant.AsSeeded).FirstViolation!;

        var replay = scenario.Run(Variant.AsSeeded, losing.Machine.Schedule);

        Assert.Equal(TraceText.Render(losing), TraceText.Render(replay));
        Assert.True(losing.Machine.Trace.SequenceEqual(replay.Machine.Trace));
        Assert.Equal(losing.Violation, replay.Violation);
    }

    [Fact]
    public void SpeculativeGet_CounterInTailRefcount_IsCorruptedInSomeInterleaving()
    {
        var exploration = new SpeculativeGetScenario().Explore(Variant.AsSeeded);
        _output.WriteLine($"as seeded: {exploration.Interleavings} interleavings, {exploration.Violating} corrupt a tail refcount");

        Assert.True(exploration.Violating > 0);
        var write = exploration.FirstViolation!.Machine.Trace.First(t => t.CpuName == "pfn walker" && t.Changed && t.Note is not null);
        Assert.Equal("pfn 1 _refcount", write.Location);
        Assert.NotEqual("0", write.Before);
    }

    [Fact]
    public void SpeculativeGet_TailRefcountZero_SpeculativeGetNeverTouchesATail()
    {
        var exploration = new SpeculativeGetScenario().Explore(Variant.Fixed);
        _output.WriteLine($"fixed: {exploration.Interleavings} interleavings, {exploration.Violating} corrupt a tail refcount");

        Assert.Equal(0, exploration.Violating);
        Assert.True(exploration.Interleavings > 1);
    }

    [Fact]
    public void MapcountUnderflow_ClampingRead_HidesTheUnderflowInEveryInterleaving()
    {
        var exploration = new MapcountUnderflowScenario().Explore(Variant.AsSeeded);

        Assert.Equal(exploration.Interleavings, exploration.Violating);
        Assert.Contains("no zap path reported it", exploration.FirstViolation!.Violation);
    }

    [Fact]
    public void MapcountUnderflow_TypeAwareRead_ReportsTheUnderflowAndReadsTypedPagesAsZero()
    {
        var exploration = new MapcountUnderflowScenario().Explore(Variant.Fixed);

        Assert.Equal(0, exploration.Violating);
        Assert.Contains(exploration.FirstRun.Machine.Notes, n => n.Contains("print_bad_pte(): mapcount -1", System.StringComparison.Ordinal));
    }

    [Fact]
    public void Report_AsSeeded_PrintsLosingTraceAndCounterpart()
    {
        var report = SimulationReport.Simulate(ScenarioCatalog.Find("000")!);
        var text = TraceText.Render(report);
        _output.WriteLine(text);

        Assert.True(report.ReproducesAndFixes);
        Assert.Contains($"{report.AsSeeded.Interleavings} interleavings enumerated, {report.AsSeeded.Violating} break the invariant", text);
        Assert.Contains("BROKEN: PG_hwpoison lost from pfn 1 flags", text);
        Assert.Contains("the same CPU order with the fix", text);
        Assert.Contains("invariant holds", text);
        Assert.Contains("__folio_set_partially_mapped", text);
    }

    [Theory]
    [InlineData("partially-mapped", "000")]
    [InlineData("001", "001")]
    [InlineData("seed-004", "004")]
    public void Catalog_FindsByNameSeedOrSeedPrefix(string name, string seed)
    {
        Assert.Equal(seed, ScenarioCatalog.Find(name)!.Seed);
    }

    [Fact]
    public void Catalog_UnknownName_ReturnsNull()
    {
        Assert.Null(ScenarioCatalog.Find("seed-999"));
    }

    [Fact]
    public void EveryScenario_ReproducesItsSeedAndTheFixHolds()
    {
        foreach (var scenario in ScenarioCatalog.All)
        {
            var report = SimulationReport.Simulate(scenario);
            _output.WriteLine($"{scenario.Name}: as seeded {report.AsSeeded.Interleavings} interleavings, {report.AsSeeded.Violating} broken; fixed {report.Fixed.Interleavings}, {report.Fixed.Violating} broken");
            Assert.True(report.ReproducesAndFixes, scenario.Name);
        }
    }
}
