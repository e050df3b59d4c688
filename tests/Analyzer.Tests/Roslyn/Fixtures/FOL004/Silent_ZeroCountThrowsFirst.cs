// A C# guard that throws rules the zero count out too.
using System;
using Folint.Simulation.Mm;

public static class AnonExclusive
{
    public static void ClearPagesAnonExclusive(MemMap map, Page page, uint nr)
    {
        if (nr < 1)
            throw new ArgumentOutOfRangeException(nameof(nr));
        do
        {
            page.ClearAnonExclusive();
            page = map.PfnToPage(page.Pfn + 1);
        }
        while (--nr != 0);
    }
}
