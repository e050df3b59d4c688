// The lambda runs during ForEach, and in it the folio is added to the shared list before the non-atomic set.
using System.Collections.Generic;
using Folint.Simulation.Mm;

public sealed class Readahead
{
    private readonly List<Folio> _cache = new();

    public void Batch(MemMap map, List<int> pfns)
    {
        pfns.ForEach(pfn =>
        {
            var folio = map.AllocFolio(pfn, 0);
            _cache.Add(folio);
            {|#0:folio.SetLockedNonAtomic()|};
        });
    }
}
