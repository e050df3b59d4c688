// The helper maps any page to its folio's head, so the write lands on a head page.
using Folint.Simulation.Mm;

public static class Walker
{
    public static void Pin(MemMap map, long pfn)
    {
        HeadOf(map.PfnToPage(pfn)).PageRefAdd(1);
    }

    private static Page HeadOf(Page page) => page.Folio().Head;
}
