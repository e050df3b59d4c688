using System;
using Folint.Simulation.Mm;

public static class Zap
{
    public static int Mapped(Page page) => {|#0:Math.Max(0, page.Mapcount())|};
}
