using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Folint.Simulation.Mm;
using Folint.Simulation.Scheduling;

namespace Folint.Simulation.Scenarios;

/// <summary>
/// Seed 000. deferred_split_folio() sets PG_partially_mapped with the non-atomic __folio_set_partially_mapped()
/// "because split_queue_lock protects it", while memory_failure() sets PG_hwpoison and PG_has_hwpoisoned in the
/// same second-page word atomically and without that lock. In some interleavings the non-atomic store writes
/// back a copy of the word loaded before memory_failure()'s update, and the poison marks are gone.
/// </summary>
public sealed class PartiallyMappedScenario : Scenario
{
    /// <summary>The poisoned subpage: the folio's second page, so both CPUs change one word.</summary>
    private const long PoisonedPfn = 1;

    public override string Name => "partially-mapped";

    public override string Seed => "000";

    public override string RuleId => "FOL001";

    public override string Title => "deferred_split_folio() sets PG_partially_mapped while memory_failure() poisons the same folio";

    public override string Invariant => "every flag a CPU set in the second page's flags word is still set when both CPUs are done";

    public override string Describe(Variant variant) => variant == Variant.AsSeeded
        ? "__folio_set_partially_mapped(): non-atomic, under split_queue_lock only"
        : "folio_set_partially_mapped(): atomic";

    protected internal override ScenarioSetup Prepare(Variant variant)
    {
        var map = new MemMap(4);
        var folio = map.AllocFolio(0, 2);
        var queue = new DeferredSplitQueue();
        var cpus = new List<CpuProgram>
        {
            new("deferred_split_folio", () =>
            {
                if (variant == Variant.AsSeeded)
                    DeferredSplit.FolioAsSeeded(folio, queue);
                else
                    DeferredSplit.Folio(folio, queue);
            }),
            new("memory_failure", () => MemoryFailure.Poison(map, PoisonedPfn)),
        };
        return new ScenarioSetup(cpus, run => FindLostFlag(run, map.PfnToPage(PoisonedPfn), folio));
    }

    private static string? FindLostFlag(MachineRun run, Page second, Folio folio)
    {
        var expected = new[]
        {
            (PageFlags.PartiallyMapped, "deferred_split_folio"),
            (PageFlags.HasHWPoisoned, "memory_failure"),
            (PageFlags.HWPoison, "memory_failure"),
        };
        var word = second.FlagsWord;
        var lost = expected.Where(e => (word.Peek & PageFlags.Mask(e.Item1)) == 0).ToList();
        if (lost.Count == 0)
            return null;

        var names = string.Join(" and ", lost.Select(l => PageFlags.Name(l.Item1, secondPage: true)));
        var store = run.Trace.LastOrDefault(s => s.Location == word.Location && s.Operation == "store");
        var load = store is null ? null : run.Trace.LastOrDefault(s => s.Cpu == store.Cpu && s.Location == word.Location && s.Operation == "load" && s.Step < store.Step);
        var by = store is null || load is null
            ? "."
            : string.Format(CultureInfo.InvariantCulture,
                ": {0} ({1}) loaded the word at step {2} and stored its stale copy at step {3}, over the atomic update{4} another CPU made in between",
                store.CpuName, store.Function, load.Step, store.Step,
                run.Trace.Count(s => s.Location == word.Location && s.Cpu != store.Cpu && s.Changed && s.Step > load.Step && s.Step < store.Step) == 1 ? "" : "s");
        return $"{names} lost from {word.Location} of {folio}{by}";
    }
}

/// <summary>mm/huge_memory.c: queueing a partially mapped folio for a deferred split.</summary>
internal static class DeferredSplit
{
    /// <summary>deferred_split_folio(folio, true) as seed 000 wrote it.</summary>
    public static void FolioAsSeeded(Folio folio, DeferredSplitQueue queue)
    {
        using var _ = Machine.Enter("deferred_split_folio");
        queue.SplitQueueLock.Lock();
        if (!folio.TestPartiallyMapped())
        {
#pragma warning disable FOL001 // seed 000, reproduced on purpose: "PG_partially_mapped is protected by split_queue_lock"
            folio.SetPartiallyMappedNonAtomic();
#pragma warning restore FOL001
        }
        if (!queue.Contains(folio))
            queue.AddTail(folio);
        queue.SplitQueueLock.Unlock();
    }

    /// <summary>deferred_split_folio(folio, true) since the review: the atomic accessor.</summary>
    public static void Folio(Folio folio, DeferredSplitQueue queue)
    {
        using var _ = Machine.Enter("deferred_split_folio");
        queue.SplitQueueLock.Lock();
        if (!folio.TestPartiallyMapped())
            folio.SetPartiallyMapped();
        if (!queue.Contains(folio))
            queue.AddTail(folio);
        queue.SplitQueueLock.Unlock();
    }
}

/// <summary>mm/memory-failure.c: marking a page and its folio poisoned, before unmapping and without locks.</summary>
internal static class MemoryFailure
{
    public static void Poison(MemMap map, long pfn)
    {
        using var _ = Machine.Enter("memory_failure");
        var page = map.PfnToPage(pfn);
        if (page.TestSetHWPoison())
            return;
        var folio = page.Folio();
        if (folio.IsLarge)
            folio.SetHasHWPoisoned();
    }
}
