// The helper returns folio_page(folio, 1), so its result is a tail page.
using Folint.Simulation.Mm;

public static class Layout
{
    public static void StoreTotal(Folio folio, int total)
    {
        {|#0:SecondPage(folio).SetPageCount(total)|};
    }

    private static Page SecondPage(Folio folio) => folio.Page(1);
}
