// Setting a to-be-tail's count to 0 keeps the invariant.
using Folint.Simulation.Mm;

public static class Prep
{
    public static void PrepTails(Folio folio)
    {
        for (var i = 1; i < folio.NrPages; i++)
            folio.Page(i).SetPageCount(0);
    }
}
