// The loop only runs under if (nr != 0).
using Folint.Simulation.Mm;

public static class AnonExclusive
{
    public static void ClearPagesAnonExclusive(Page page, uint nr)
    {
        if (nr != 0)
        {
            for (;;)
            {
                page.ClearAnonExclusive();
                if (--nr == 0)
                    break;
                page = page.Next();
            }
        }
    }
}
