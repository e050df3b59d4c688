// A helper that only allocates returns a folio nobody else has seen yet.
using System.Collections.Generic;
using Folint.Simulation.Mm;

public sealed class Hugetlb
{
    private readonly List<Folio> _active = new();

    public Folio AllocHugeFolio(MemMap map)
    {
        var folio = NewFolio(map, 2);
        folio.SetPartiallyMappedNonAtomic();
        folio.SetLockedNonAtomic();
        _active.Add(folio);
        return folio;
    }

    private static Folio NewFolio(MemMap map, int order)
    {
        var folio = map.AllocFolio(0, order);
        return folio;
    }
}
