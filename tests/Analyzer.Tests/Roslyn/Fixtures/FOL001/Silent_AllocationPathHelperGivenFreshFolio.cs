// An [AllocationPath] helper called with a folio the caller has just allocated and not yet published.
using System.Collections.Generic;
using Folint.Simulation.Mm;

public sealed class Shmem
{
    private readonly List<Folio> _lru = new();

    public Folio Fault(MemMap map)
    {
        var folio = map.AllocFolio(4, 0);
        Prepare(folio);
        _lru.Add(folio);
        return folio;
    }

    [AllocationPath]
    private static void Prepare(Folio folio) => folio.SetLockedNonAtomic();
}
