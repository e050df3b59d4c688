// Every page of the folio but the head is a tail.
using Folint.Simulation.Mm;

public static class Refs
{
    public static void InitAll(Folio folio)
    {
        foreach (var page in folio.Pages)
            {|#0:page.SetPageCount(1)|};
    }
}
