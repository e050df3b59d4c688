// Pages found by a PFN scan, mapped to their heads before anything is written.
using System.Linq;
using Folint.Simulation.Mm;

public static class Compaction
{
    public static void Isolate(MemMap map, long start, int count)
    {
        var heads = Enumerable.Range(0, count).Select(i => map.PfnToPage(start + i)).Select(page => page.Folio().Head).Distinct();
        foreach (var head in heads)
            head.PageRefAdd(1);
    }
}
