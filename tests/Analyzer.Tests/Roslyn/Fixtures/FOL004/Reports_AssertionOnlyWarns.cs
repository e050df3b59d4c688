// An assertion is gone in release builds: the loop still runs on a zero count.
using System.Diagnostics;
using Folint.Simulation.Mm;

public static class AnonExclusive
{
    public static void ClearPagesAnonExclusive(MemMap map, Page page, uint nr)
    {
        Debug.Assert(nr != 0);
        {|#0:while|} (true)
        {
            page.ClearAnonExclusive();
            if (--nr == 0)
                break;
            page = map.PfnToPage(page.Pfn + 1);
        }
    }
}
