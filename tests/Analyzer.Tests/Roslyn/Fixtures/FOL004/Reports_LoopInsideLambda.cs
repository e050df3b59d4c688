// The loop sits in a lambda; it is still a count-down loop over page flags with nothing ruling out 0.
using System;
using Folint.Simulation.Mm;

public static class Deferred
{
    public static Action ClearLater(Folio folio, uint nr)
    {
        return () =>
        {
            var index = 0;
            {|#0:for|} (;;)
            {
                folio.Page(index++).ClearAnonExclusive();
                if (--nr == 0)
                    break;
            }
        };
    }
}
