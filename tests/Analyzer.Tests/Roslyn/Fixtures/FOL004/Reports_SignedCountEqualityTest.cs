// A signed count tested with != 0 does not stop at -1: from 0 it runs on through every negative value.
using Folint.Simulation.Mm;

public static class Refs
{
    public static void Poison(MemMap map, long pfn, int nr)
    {
        {|#0:do|}
        {
            map.PfnToPage(pfn++).SetHWPoison();
        }
        while (--nr != 0);
    }
}
