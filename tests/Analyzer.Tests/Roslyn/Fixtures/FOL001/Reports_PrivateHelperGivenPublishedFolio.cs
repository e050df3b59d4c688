// A private helper's parameter is as fresh as what its callers pass; this caller published it first.
using System.Collections.Generic;
using Folint.Simulation.Mm;

public sealed class Swapin
{
    private readonly Queue<Folio> _swapCache = new();

    public void Read(MemMap map)
    {
        var folio = map.AllocFolio(8, 0);
        _swapCache.Enqueue(folio);
        Lock(folio);
    }

    private static void Lock(Folio folio)
    {
        {|#0:folio.SetLockedNonAtomic()|};
    }
}
