using System.Collections.Generic;
using System.Linq;
using Folint.Simulation.Mm;
using Folint.Simulation.Scheduling;

namespace Folint.Simulation.Scenarios;

/// <summary>
/// Seed 001. A PFN walker (GUP-fast, compaction) looks up the folio of a page and takes a speculative reference
/// without holding one. Meanwhile the folio is freed and its memory reused as the second page of a new large
/// folio. Mainline keeps every tail page's _refcount at 0, so the speculative get fails and the walker moves
/// on; with the layout proposed in the thread (the total mapcount kept in page 1's "free" refcount) the get
/// succeeds on the tail and corrupts the counter stored there.
/// </summary>
public sealed class SpeculativeGetScenario : Scenario
{
    private const long WalkedPfn = 1;

    public override string Name => "speculative-get";

    public override string Seed => "001";

    public override string RuleId => "FOL002";

    public override string Title => "a speculative folio_try_get() races with the folio being freed and its memory reused as a tail page";

    public override string Invariant => "the walker's speculative get never changes the _refcount of a page that is a tail page at that moment";

    public override string Describe(Variant variant) => variant == Variant.AsSeeded
        ? "the total mapcount kept in the second page's _refcount (the proposal in the thread)"
        : "the total mapcount in _large_mapcount; tail _refcounts stay 0";

    protected internal override ScenarioSetup Prepare(Variant variant)
    {
        var map = new MemMap(4, variant == Variant.AsSeeded ? FolioLayout.TotalMapcountInTailRefcount : FolioLayout.Mainline);
        var small = map.AllocFolio(WalkedPfn, 0);
        var cpus = new List<CpuProgram>
        {
            new("pfn walker", () =>
            {
                var folio = Gup.TryGetFolio(map.PfnToPage(WalkedPfn));
                folio?.Put();
            }),
            new("owner", () =>
            {
                if (!small.Put())
                    return;
                // The memory is reused at once: pfn 1 becomes the second page of an order-1 folio, mapped and unmapped.
                var large = map.AllocFolio(WalkedPfn - 1, 1);
                large.ModifyTotalMapcount(1);
                large.ModifyTotalMapcount(-1);
            }),
        };
        return new ScenarioSetup(cpus, run => FindTailWrite(run));
    }

    private static string? FindTailWrite(MachineRun run)
    {
        var write = run.Trace.FirstOrDefault(s => s.Cpu == 0 && s.Changed && s.Location.EndsWith(" _refcount", System.StringComparison.Ordinal) && s.Note is not null);
        if (write is null)
            return null;
        return $"{write.CpuName} ({write.Function}) changed {write.Location} from {write.Before} to {write.After} at step {write.Step}, while {write.Note}: the speculative get succeeded on a tail page and corrupted what is stored there";
    }
}
