// The helper returns only for a count that is not 0.
using System;
using Folint.Simulation.Mm;

public static class AnonExclusive
{
    public static void ClearRange(Folio folio, uint nr)
    {
        RequirePages(nr);
        var index = 0;
        do
        {
            folio.Page(index++).ClearAnonExclusive();
        }
        while (--nr != 0);
    }

    private static void RequirePages(uint nr)
    {
        if (nr == 0)
            throw new ArgumentOutOfRangeException(nameof(nr), "a batch of no pages");
    }
}
