// A signed count tested with > 0 stops at -1: a zero count runs the body once and ends.
using Folint.Simulation.Mm;

public static class Refs
{
    public static void Poison(MemMap map, long pfn, int nr)
    {
        do
        {
            map.PfnToPage(pfn++).SetHWPoison();
        }
        while (--nr > 0);
    }
}
