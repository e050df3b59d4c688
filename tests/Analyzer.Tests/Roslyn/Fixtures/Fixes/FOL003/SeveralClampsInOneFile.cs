using System;
using Folint.Simulation.Mm;

public static class Smaps
{
    public static int Rss(Page page) => {|#0:Math.Max(page.RawMapcount() + 1, 0)|};

    public static int Pss(Page page, int shift)
    {
        var mapcount = page.Mapcount();
        var pss = {|#1:mapcount < 0 ? 0 : mapcount|};
        return pss << shift;
    }

    public static int Capped(Folio folio, int cap) => {|#2:Math.Clamp(folio.TotalMapcount(), 0, cap)|};
}
