// An array filled with the folio's pages holds tails; element 1 is one.
using Folint.Simulation.Mm;

public static class Batch
{
    public static void Init(Folio folio)
    {
        var pages = new Page[folio.NrPages];
        for (var i = 0; i < pages.Length; i++)
            pages[i] = folio.Page(i);
        {|#0:pages[1].InitPageCount()|};
    }
}
