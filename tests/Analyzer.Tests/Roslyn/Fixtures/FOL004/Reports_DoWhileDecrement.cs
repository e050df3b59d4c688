// do { } while (--nr) runs once before it tests.
using Folint.Simulation.Mm;

public static class Refs
{
    public static void AddToEach(Page page, uint nr)
    {
        {|#0:do|}
        {
            page.SetHWPoison();
            page = page.Next();
        }
        while (--nr != 0);
    }
}
