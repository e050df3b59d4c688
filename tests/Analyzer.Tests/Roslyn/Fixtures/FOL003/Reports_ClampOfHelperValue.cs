// The helper returns raw + 1; clamping its result in the caller hides the underflow all the same.
using System;
using Folint.Simulation.Mm;

public static class Smaps
{
    public static int Mapped(Page page) => {|#0:Math.Max(MapcountOf(page), 0)|};

    private static int MapcountOf(Page page) => page.RawMapcount() + 1;
}
