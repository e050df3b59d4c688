// The fix from the review: test before acting.
using Folint.Simulation.Mm;

public static class AnonExclusive
{
    public static void ClearPagesAnonExclusive(Page page, uint nr)
    {
        while (nr-- > 0)
        {
            page.ClearAnonExclusive();
            page = page.Next();
        }
    }
}
