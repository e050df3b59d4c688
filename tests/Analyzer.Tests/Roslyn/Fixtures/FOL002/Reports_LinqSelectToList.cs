// Pages selected by index and collected in a list are the folio's pages, tails included.
using System.Linq;
using Folint.Simulation.Mm;

public static class Refs
{
    public static void GetEach(Folio folio)
    {
        var pages = Enumerable.Range(0, folio.NrPages).Select(i => folio.Page(i)).ToList();
        foreach (var page in pages)
            {|#0:page.PageRefAdd(1)|};
    }
}
