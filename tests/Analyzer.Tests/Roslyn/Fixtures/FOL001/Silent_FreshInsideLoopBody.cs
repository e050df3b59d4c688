// Each iteration allocates its own folio: the one published at the end of the last iteration is not this one.
using System.Collections.Generic;
using Folint.Simulation.Mm;

public sealed class Readahead
{
    private readonly List<Folio> _cache = new();

    public void Batch(MemMap map, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var folio = map.AllocFolio(i, 0);
            folio.SetLockedNonAtomic();
            _cache.Add(folio);
        }
    }
}
