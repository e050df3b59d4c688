// Reachable only from the constructor, which hands it a folio it has just allocated.
using Folint.Simulation.Mm;

public sealed class PreparedFolio
{
    public PreparedFolio(MemMap map)
    {
        var folio = map.AllocFolio(0, 0);
        Lock(folio);
        Folio = folio;
    }

    public Folio Folio { get; }

    private static void Lock(Folio folio) => folio.SetLockedNonAtomic();
}
