// Every page of the folio but the head is a tail.
using System.Linq;
using Folint.Simulation.Mm;

public static class Refs
{
    public static void InitAll(Folio folio)
    {
        foreach (var page in Enumerable.Range(0, folio.NrPages).Select(folio.Page))
            {|#0:page.SetPageCount(1)|};
    }
}
