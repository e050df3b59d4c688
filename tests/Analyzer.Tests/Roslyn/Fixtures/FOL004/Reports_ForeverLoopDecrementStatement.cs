// for (;;) with nr-- as a statement and the zero test after it.
using Folint.Simulation.Mm;

public static class Poison
{
    public static void PoisonRange(MemMap map, long pfn, ulong nr)
    {
        {|#0:for|} (;;)
        {
            map.PfnToPage(pfn++).SetHWPoison();
            nr--;
            if (nr == 0)
                break;
        }
    }
}
