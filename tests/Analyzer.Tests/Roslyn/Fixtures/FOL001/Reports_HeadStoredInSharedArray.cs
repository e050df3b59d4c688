// Storing the head page in a shared table publishes the folio as surely as adding it to the page cache.
using Folint.Simulation.Mm;

public sealed class PageTable
{
    private readonly Page[] _entries = new Page[512];

    public void Map(MemMap map, int slot)
    {
        var folio = map.AllocFolio(slot, 0);
        _entries[slot] = folio.Head;
        {|#0:folio.Head.ClearAnonExclusiveNonAtomic()|};
    }
}
