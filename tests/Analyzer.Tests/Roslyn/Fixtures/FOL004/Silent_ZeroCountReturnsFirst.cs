// if (VM_WARN_ON_ONCE(!nr_pages)) return; before the loop rules the zero count out.
using Folint.Simulation.Mm;

public static class AnonExclusive
{
    public static void ClearPagesAnonExclusive(MemMap map, Page page, uint nr)
    {
        if (nr == 0)
            return;
        for (;;)
        {
            page.ClearAnonExclusive();
            if (--nr == 0)
                break;
            page = map.PfnToPage(page.Pfn + 1);
        }
    }
}
