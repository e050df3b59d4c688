// The lambda's parameter is each page of the list, tails included.
using System.Linq;
using Folint.Simulation.Mm;

public static class Refs
{
    public static void InitTails(Folio folio)
    {
        Enumerable.Range(1, folio.NrPages - 1).Select(folio.Page).ToList().ForEach(page => {|#0:page.InitPageCount()|});
    }
}
