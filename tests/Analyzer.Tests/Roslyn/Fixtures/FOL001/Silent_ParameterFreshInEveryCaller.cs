// The helper's only callers hand it folios they allocated and have not published yet.
using System.Collections.Generic;
using Folint.Simulation.Mm;

public sealed class Shmem
{
    private readonly List<Folio> _cache = new();

    public Folio NewFolio(MemMap map)
    {
        var folio = map.AllocFolio(0, 0);
        Prepare(folio);
        _cache.Add(folio);
        return folio;
    }

    public Folio NewLargeFolio(MemMap map)
    {
        var folio = map.AllocFolio(4, 2);
        Prepare(folio);
        folio.SetPartiallyMappedNonAtomic();
        _cache.Add(folio);
        return folio;
    }

    private static void Prepare(Folio folio)
    {
        folio.SetLockedNonAtomic();
    }
}
