// The loop only runs under if (nr != 0).
using Folint.Simulation.Mm;

public static class AnonExclusive
{
    public static void ClearPagesAnonExclusive(MemMap map, Page page, uint nr)
    {
        if (nr != 0)
        {
            for (;;)
            {
                page.ClearAnonExclusive();
                if (--nr == 0)
                    break;
                page = map.PfnToPage(page.Pfn + 1);
            }
        }
    }
}
