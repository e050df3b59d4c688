using System;
using Folint.Simulation.Mm;

public static class Zap
{
    public static int Mapped(Page page) => page.Mapcount();
}
