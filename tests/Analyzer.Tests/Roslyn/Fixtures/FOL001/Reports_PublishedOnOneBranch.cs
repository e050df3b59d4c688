// Published on one path is published: the set after the if races with the other CPUs on that path.
using System.Collections.Generic;
using Folint.Simulation.Mm;

public sealed class Khugepaged
{
    private readonly HashSet<Folio> _deferred = new();

    public Folio Collapse(MemMap map, bool partial)
    {
        var folio = map.AllocFolio(0, 2);
        if (partial)
            _deferred.Add(folio);
        {|#0:folio.SetPartiallyMappedNonAtomic()|};
        return folio;
    }
}
