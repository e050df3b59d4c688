// The fix from the review: test before acting.
using Folint.Simulation.Mm;

public static class AnonExclusive
{
    public static void ClearPagesAnonExclusive(MemMap map, Page page, uint nr)
    {
        while (nr-- > 0)
        {
            page.ClearAnonExclusive();
            page = map.PfnToPage(page.Pfn + 1);
        }
    }
}
