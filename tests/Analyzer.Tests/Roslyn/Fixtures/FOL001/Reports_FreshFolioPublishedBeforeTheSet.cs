// Once in the page cache, other CPUs can reach the folio: the non-atomic set comes too late.
using Folint.Simulation.Mm;

public sealed class Readahead
{
    public Folio Add(MemMap map, PageCache cache)
    {
        var folio = map.AllocFolio(0, 0);
        cache.Add(folio);
        {|#0:folio.SetLockedNonAtomic()|};
        return folio;
    }
}
