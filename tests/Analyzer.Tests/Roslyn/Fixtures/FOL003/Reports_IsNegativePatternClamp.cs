// `is < 0` is the same sign test as `< 0`.
using Folint.Simulation.Mm;

public static class Mapcount
{
    public static int Read(Page page)
    {
        var mapcount = page.RawMapcount() + 1;
        {|#0:if (mapcount is < 0)
            mapcount = 0;|}
        return mapcount;
    }
}
