// The helper is an allocation path only for folios its callers have not published: this caller already has.
using System.Collections.Generic;
using Folint.Simulation.Mm;

public sealed class Shmem
{
    private readonly List<Folio> _lru = new();

    public Folio Fault(MemMap map)
    {
        var folio = map.AllocFolio(4, 0);
        _lru.Add(folio);
        {|#0:Prepare(folio)|};
        return folio;
    }

    [AllocationPath]
    private static void Prepare(Folio folio) => folio.SetLockedNonAtomic();
}
