// The lambda runs before the folio is handed over, so it still works on a folio nobody else sees.
using System;
using System.Collections.Generic;
using Folint.Simulation.Mm;

public sealed class Filemap
{
    private readonly Dictionary<long, Folio> _pages = new();

    public void Add(MemMap map, long index)
    {
        var folio = map.AllocFolio(index, 0);
        Action lockIt = () => folio.SetLockedNonAtomic();
        lockIt();
        _pages[index] = folio;
    }
}
