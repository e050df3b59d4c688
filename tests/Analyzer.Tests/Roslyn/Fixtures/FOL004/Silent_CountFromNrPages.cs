// folio_nr_pages() is never 0, so the count cannot start at 0.
using Folint.Simulation.Mm;

public static class AnonExclusive
{
    public static void ClearAll(Folio folio)
    {
        var nr = (uint)folio.NrPages;
        var index = 0;
        for (;;)
        {
            folio.Page(index++).ClearAnonExclusive();
            if (--nr == 0)
                break;
        }
    }
}
