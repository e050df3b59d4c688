using System;
using Folint.Simulation.Mm;

public static class Smaps
{
    public static int Rss(Page page) => page.Mapcount();

    public static int Pss(Page page, int shift)
    {
        var mapcount = page.Mapcount();
        var pss = mapcount;
        return pss << shift;
    }

    public static int Capped(Folio folio, int cap) => Math.Min(folio.TotalMapcount(), cap);
}
