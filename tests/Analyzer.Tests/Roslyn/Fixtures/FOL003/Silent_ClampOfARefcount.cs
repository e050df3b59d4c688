// A clamp of something that is not a mapcount.
using Folint.Simulation.Mm;

public static class Refs
{
    public static int Count(Page page)
    {
        int count = page.RefCount();
        if (count < 0)
            count = 0;
        return count;
    }
}
