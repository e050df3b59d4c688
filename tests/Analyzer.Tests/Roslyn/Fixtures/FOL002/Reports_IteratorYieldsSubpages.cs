// The iterator yields folio_page(folio, i) for every i: a caller that writes each one writes tails.
using System.Collections.Generic;
using Folint.Simulation.Mm;

public static class Walk
{
    public static void GetAll(Folio folio)
    {
        foreach (var page in PagesOf(folio))
            {|#0:page.PageRefAdd(1)|};
    }

    private static IEnumerable<Page> PagesOf(Folio folio)
    {
        for (var i = 0; i < folio.NrPages; i++)
            yield return folio.Page(i);
    }
}
