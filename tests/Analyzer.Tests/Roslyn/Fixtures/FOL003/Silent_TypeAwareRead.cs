// The seed-004 fix: only page-type values read as 0.
using Folint.Simulation.Mm;

public static class Mapcount
{
    public static int PageMapcount(Page page)
    {
        int mapcount = page.RawMapcount();
        mapcount = Page.PageTypeHasType(mapcount) ? 0 : mapcount + 1;
        return mapcount;
    }
}
