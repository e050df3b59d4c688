// A negative mapcount goes to an exception, not to 0: the underflow stays visible.
using System;
using Folint.Simulation.Mm;

public static class Zap
{
    public static int Checked(Page page)
    {
        var mapcount = page.Mapcount();
        return mapcount switch
        {
            < 0 => throw new InvalidOperationException($"mapcount underflow: {mapcount}"),
            _ => mapcount,
        };
    }
}
