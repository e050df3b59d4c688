// Awaited at once, the helper's continuation finishes before the caller publishes the folio.
using System.Collections.Generic;
using System.Threading.Tasks;
using Folint.Simulation.Mm;

public sealed class Fault
{
    private readonly List<Folio> _lru = new();

    public async Task<Folio> NewFolioAsync(MemMap map)
    {
        var folio = map.AllocFolio(0, 0);
        await PrepareAsync(folio);
        _lru.Add(folio);
        return folio;
    }

    private static async Task PrepareAsync(Folio folio)
    {
        await Task.Yield();
        folio.SetLockedNonAtomic();
    }
}
