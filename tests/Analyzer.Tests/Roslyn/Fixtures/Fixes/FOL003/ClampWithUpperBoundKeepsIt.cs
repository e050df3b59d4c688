using System;
using Folint.Simulation.Mm;

public static class Stats
{
    public static int Bucket(Page page, int widest)
    {
        var mapcount = page.Mapcount();
        return {|#0:Math.Clamp(mapcount, 0, widest)|};
    }
}
