using System.Collections.Generic;
using System.Linq;
using Folint.Simulation.Mm;
using Folint.Simulation.Scheduling;

namespace Folint.Simulation.Scenarios;

/// <summary>
/// Seed 004. Two CPUs zap the same mapping of a page mapped once (a bug elsewhere: one unmap too many), so the
/// stored _mapcount underflows to -2. zap_present_folio_ptes() checks the mapcount after the unmap to catch
/// exactly that. page_mapcount() as it was clamped every negative value to 0 (to read page-type pages as 0),
/// which hides the underflow; the fixed read treats only the page-type range as 0.
/// </summary>
public sealed class MapcountUnderflowScenario : Scenario
{
    public override string Name => "mapcount-underflow";

    public override string Seed => "004";

    public override string RuleId => "FOL003";

    public override string Title => "a mapcount underflow after a double unmap, read by the clamping and by the type-aware page_mapcount()";

    public override string Invariant => "an underflowed mapcount is reported by the zap path's sanity check, and a page-type page reads as mapcount 0";

    public override string Describe(Variant variant) => variant == Variant.AsSeeded
        ? "page_mapcount() clamping negative values to 0 (before the fix)"
        : "page_mapcount() treating only page-type values as 0";

    protected internal override ScenarioSetup Prepare(Variant variant)
    {
        var map = new MemMap(2);
        var mapped = map.AllocFolio(0, 0).Head;
        mapped.MapcountInc();
        var slab = map.PfnToPage(1);
        slab.SetPageType(Page.PageTypeSlab);

        void Zap()
        {
            using var _ = Machine.Enter("zap_present_folio_ptes");
            mapped.MapcountDecNegative();
            var mapcount = variant == Variant.AsSeeded ? Rmap.PageMapcountBeforeFix(mapped) : mapped.Mapcount();
            if (mapcount < 0)
                Machine.Note($"print_bad_pte(): mapcount {mapcount} of {mapped} after unmap");
        }

        var cpus = new List<CpuProgram>
        {
            new("zap (CPU0)", () =>
            {
                Zap();
                var typed = variant == Variant.AsSeeded ? Rmap.PageMapcountBeforeFix(slab) : slab.Mapcount();
                if (typed != 0)
                    Machine.Note($"slab page {slab} read as mapcount {typed}");
            }),
            new("zap (CPU1)", Zap),
        };
        return new ScenarioSetup(cpus, run => FindHiddenUnderflow(run, mapped));
    }

    private static string? FindHiddenUnderflow(MachineRun run, Page mapped)
    {
        var typed = run.Notes.FirstOrDefault(n => n.Contains("slab page", System.StringComparison.Ordinal));
        if (typed is not null)
            return "a page-type page read as mapped: " + typed;
        var stored = mapped.MapcountStorage.Peek;
        if (stored + 1 >= 0)
            return null;
        if (run.Notes.Any(n => n.Contains("print_bad_pte", System.StringComparison.Ordinal)))
            return null;
        return $"{mapped.MapcountStorage.Location} holds {stored} (mapcount {stored + 1}): the underflow happened and no zap path reported it";
    }
}

/// <summary>include/linux/mm.h: mapcount reads.</summary>
internal static class Rmap
{
    /// <summary>page_mapcount() before the seed-004 fix (commit 53277bcf126d's clamp).</summary>
    public static int PageMapcountBeforeFix(Page page)
    {
        int mapcount = page.RawMapcount() + 1;
#pragma warning disable FOL003 // seed 004, reproduced on purpose: the clamp that hid underflows
        if (mapcount < 0)
            mapcount = 0;
#pragma warning restore FOL003
        return mapcount;
    }
}
