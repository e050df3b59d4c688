// `nr is 0` returns before the loop, the VM_WARN_ON_ONCE(!nr) return of the review.
using Folint.Simulation.Mm;

public static class AnonExclusive
{
    public static void ClearRange(Folio folio, uint nr)
    {
        if (nr is 0)
            return;
        var index = 0;
        for (;;)
        {
            folio.Page(index++).ClearAnonExclusive();
            if (--nr == 0)
                break;
        }
    }
}
