// The lambda is written while the folio is still private, but it runs after the page cache has it.
using System;
using System.Collections.Generic;
using Folint.Simulation.Mm;

public sealed class Filemap
{
    private readonly Dictionary<long, Folio> _pages = new();

    public void Add(MemMap map, long index)
    {
        var folio = map.AllocFolio(index, 0);
        Action lockIt = () => {|#0:folio.SetLockedNonAtomic()|};
        _pages[index] = folio;
        lockIt();
    }
}
