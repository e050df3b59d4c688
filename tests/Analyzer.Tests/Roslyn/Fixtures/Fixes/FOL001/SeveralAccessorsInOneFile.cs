using Folint.Simulation.Mm;

public static class DeferredSplit
{
    public static void Queue(Folio folio)
    {
        if (!folio.TestPartiallyMapped())
            {|#0:folio.SetPartiallyMappedNonAtomic()|};
    }

    public static void Unqueue(Folio folio)
    {
        {|#1:folio.ClearPartiallyMappedNonAtomic()|};
        {|#2:folio.Head.ClearAnonExclusiveNonAtomic()|};
    }
}
