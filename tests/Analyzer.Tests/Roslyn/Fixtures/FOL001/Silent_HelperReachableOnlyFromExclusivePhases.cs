// Private helpers called only from allocation and free paths (through each other, too) are exclusive.
using Folint.Simulation.Mm;

public sealed class Allocator
{
    [AllocationPath]
    public Folio Alloc(MemMap map)
    {
        var folio = map.AllocFolio(0, 2);
        PrepHead(folio, 2);
        return folio;
    }

    [FreePath]
    internal void Free(Folio folio) => ClearTails(folio, 3);

    private static void PrepHead(Folio folio, int order)
    {
        folio.SetLockedNonAtomic();
        if (order > 1)
            ClearTails(folio, order);
    }

    private static void ClearTails(Folio folio, int order)
    {
        folio.Page(1).ClearAnonExclusiveNonAtomic();
        if (order > 2)
            PrepHead(folio, order - 1);
    }
}
