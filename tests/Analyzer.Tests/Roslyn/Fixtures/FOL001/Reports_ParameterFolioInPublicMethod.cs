// A folio passed in is someone else's: it may already be published.
using Folint.Simulation.Mm;

public static class Rmap
{
    public static void Unmap(Folio folio, Page page)
    {
        {|#0:page.ClearAnonExclusiveNonAtomic()|};
        folio.SetPartiallyMapped();
    }
}
