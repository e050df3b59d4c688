// max(mapcount, 0) is the same clamp.
using System;
using Folint.Simulation.Mm;

public static class Mapcount
{
    public static int PageMapcount(Page page) => {|#0:Math.Max(page.RawMapcount() + 1, 0)|};
}
