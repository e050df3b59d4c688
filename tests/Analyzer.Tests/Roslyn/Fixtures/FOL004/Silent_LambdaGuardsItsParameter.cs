// The lambda tests its own count before its count-down loop.
using System;
using Folint.Simulation.Mm;

public static class Deferred
{
    public static Action<uint> Clearer(Folio folio) => nr =>
    {
        if (nr == 0)
            return;
        var index = 0;
        for (;;)
        {
            folio.Page(index++).ClearAnonExclusive();
            if (--nr == 0)
                break;
        }
    };
}
