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
