// The page came from folio_page() through a local.
using Folint.Simulation.Mm;

public static class Layout
{
    public static void StoreTotalMapcount(Folio folio, int total)
    {
        var second = folio.Page(1);
        {|#0:second.SetPageCount(total)|};
    }
}
