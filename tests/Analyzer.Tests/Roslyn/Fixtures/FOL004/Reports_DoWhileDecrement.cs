// do { } while (--nr) runs once before it tests.
using Folint.Simulation.Mm;

public static class Refs
{
    public static void AddToEach(MemMap map, Page page, uint nr)
    {
        {|#0:do|}
        {
            page.SetHWPoison();
            page = map.PfnToPage(page.Pfn + 1);
        }
        while (--nr != 0);
    }
}
