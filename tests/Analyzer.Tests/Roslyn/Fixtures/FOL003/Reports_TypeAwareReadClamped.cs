// page_mapcount() already reads page types as 0; a further clamp only hides underflows.
using Folint.Simulation.Mm;

public static class Zap
{
    public static int Mapped(Page page)
    {
        var mapcount = page.Mapcount();
        {|#0:if (mapcount < 0) mapcount = 0;|}
        return mapcount;
    }
}
