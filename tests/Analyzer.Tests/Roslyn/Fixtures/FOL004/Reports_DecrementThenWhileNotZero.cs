// The decrement is its own statement, but it still comes before the first test.
using Folint.Simulation.Mm;

public static class AnonExclusive
{
    public static void ClearRange(Folio folio, int first, uint nr)
    {
        var index = first;
        {|#0:do|}
        {
            folio.Page(index++).ClearAnonExclusive();
            nr--;
        }
        while (nr != 0);
    }
}
