// [AllocationPath] covers the folio only until the method itself hands it to the page cache.
using System.Collections.Generic;
using Folint.Simulation.Mm;

public sealed class Readahead
{
    private readonly Dictionary<long, Folio> _cache = new();

    [AllocationPath]
    public Folio Populate(MemMap map, long pfn)
    {
        var folio = map.AllocFolio(pfn, 0);
        folio.SetLockedNonAtomic();
        _cache[pfn] = folio;
        {|#0:folio.ClearLockedNonAtomic()|};
        return folio;
    }
}
