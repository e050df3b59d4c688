// The outer guard is about the outer nr; the local function's own nr parameter is not guarded.
using Folint.Simulation.Mm;

public static class AnonExclusive
{
    public static void ClearBoth(Folio folio, uint nr, uint tails)
    {
        if (nr == 0)
            return;
        Clear(folio, tails);

        static void Clear(Folio folio, uint nr)
        {
            var index = 1;
            {|#0:do|}
            {
                folio.Page(index++).ClearAnonExclusive();
            }
            while (--nr != 0);
        }
    }
}
