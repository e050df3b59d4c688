using Folint.Simulation.Mm;

public static class Mapcount
{
    public static int Read(Page page)
    {
        var mapcount = page.Mapcount();
        return mapcount;
    }
}
