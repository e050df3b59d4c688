// __folio_set_locked() on a new folio before filemap_add_folio() publishes it.
using Folint.Simulation.Mm;

public sealed class Readahead
{
    public Folio Add(MemMap map, PageCache cache)
    {
        var folio = map.AllocFolio(0, 0);
        folio.SetLockedNonAtomic();
        cache.Add(folio);
        return folio;
    }
}

// The page cache as a caller sees it: once added, lookups on other CPUs find the folio.
public sealed class PageCache
{
    private readonly System.Collections.Generic.Dictionary<long, Folio> _folios = new();

    public void Add(Folio folio) => _folios[folio.Pfn] = folio;
}
