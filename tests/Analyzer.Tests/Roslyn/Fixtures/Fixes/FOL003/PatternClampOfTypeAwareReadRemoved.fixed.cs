using Folint.Simulation.Mm;

public static class Zap
{
    public static int Mapped(Page page)
    {
        var mapcount = page.Mapcount();
        return mapcount;
    }
}
