// The local held a tail page once, but by the write it holds the head of that page's folio.
using Folint.Simulation.Mm;

public static class Refs
{
    public static void GetFolioOf(Folio folio, int index)
    {
        var page = folio.Page(index);
        if (page.IsTail())
            page = page.Folio().Head;
        else
            page = folio.Head;
        page.PageRefAdd(1);
    }
}
