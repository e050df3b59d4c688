// page_mapcount() before the seed-004 fix.
using Folint.Simulation.Mm;

public static class Mapcount
{
    public static int PageMapcount(Page page)
    {
        int mapcount = page.RawMapcount() + 1;
        {|#0:if (mapcount < 0)
            mapcount = 0;|}
        return mapcount;
    }
}
