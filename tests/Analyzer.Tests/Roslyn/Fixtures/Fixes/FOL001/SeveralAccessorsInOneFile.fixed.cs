using Folint.Simulation.Mm;

public static class DeferredSplit
{
    public static void Queue(Folio folio)
    {
        if (!folio.TestPartiallyMapped())
            folio.SetPartiallyMapped();
    }

    public static void Unqueue(Folio folio)
    {
        folio.ClearPartiallyMapped();
        folio.Head.ClearAnonExclusive();
    }
}
