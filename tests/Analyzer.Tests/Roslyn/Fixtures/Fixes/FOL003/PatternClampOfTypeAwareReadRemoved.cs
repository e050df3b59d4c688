using Folint.Simulation.Mm;

public static class Zap
{
    public static int Mapped(Page page)
    {
        var mapcount = page.Mapcount();
        {|#0:if (mapcount is < 0)
            mapcount = 0;|}
        return mapcount;
    }
}
