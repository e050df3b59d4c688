// Testing for a negative mapcount to report it is what the zap paths do: no clamp.
using System;
using Folint.Simulation.Mm;

public static class Zap
{
    public static void Check(Page page)
    {
        int mapcount = page.RawMapcount() + 1;
        if (mapcount < 0)
            throw new InvalidOperationException("bad mapcount " + mapcount);
    }
}
