// Seed 003: copied from set_ptes(); nr == 0 walks about 4 billion pages.
using Folint.Simulation.Mm;

public static class AnonExclusive
{
    public static void ClearPagesAnonExclusive(MemMap map, Page page, uint nr)
    {
        {|#0:for|} (;;)
        {
            page.ClearAnonExclusive();
            if (--nr == 0)
                break;
            page = map.PfnToPage(page.Pfn + 1);
        }
    }
}
