// Raising an event hands the folio to handlers nobody here can see; it is published from then on.
using System;
using Folint.Simulation.Mm;

public sealed class Allocator
{
    public event Action<Folio>? Allocated;

    public Folio Alloc(MemMap map)
    {
        var folio = map.AllocFolio(0, 0);
        Allocated?.Invoke(folio);
        {|#0:folio.SetLockedNonAtomic()|};
        return folio;
    }
}
