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

// The page cache as a caller sees it: once added, lookups on other CPUs find the folio.
public sealed class PageCache
{
    private readonly System.Collections.Generic.Dictionary<long, Folio> _folios = new();

    public void Add(Folio folio) => _folios[folio.Pfn] = folio;
}
