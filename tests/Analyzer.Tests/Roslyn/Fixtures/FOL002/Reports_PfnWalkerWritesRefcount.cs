// A PFN walker sees any page, including tails of compound pages it knows nothing about.
using Folint.Simulation.Mm;

public static class Walker
{
    public static void Pin(MemMap map, long pfn)
    {
        {|#0:map.PfnToPage(pfn).PageRefAdd(1)|};
    }
}
