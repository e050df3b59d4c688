// The helper returns folio_nr_pages(), which is never 0.
using Folint.Simulation.Mm;

public static class Refs
{
    public static void PoisonFolio(Folio folio)
    {
        var nr = PagesOf(folio);
        var index = 0;
        do
        {
            folio.Page(index++).SetHWPoison();
        }
        while (--nr != 0);
    }

    private static int PagesOf(Folio folio) => folio.NrPages;
}
