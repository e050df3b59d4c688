// ArgumentOutOfRangeException.ThrowIfZero rules the zero count out before the loop.
using System;
using Folint.Simulation.Mm;

public static class AnonExclusive
{
    public static void ClearRange(Folio folio, uint nr)
    {
        ArgumentOutOfRangeException.ThrowIfZero(nr);
        var index = 0;
        do
        {
            folio.Page(index++).ClearAnonExclusive();
        }
        while (--nr != 0);
    }
}
