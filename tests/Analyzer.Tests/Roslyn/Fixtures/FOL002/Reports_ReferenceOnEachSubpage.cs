// One reference per subpage: the tail refcounts stop being 0.
using Folint.Simulation.Mm;

public static class Gup
{
    public static void GetAll(Folio folio)
    {
        for (var i = 0; i < folio.NrPages; i++)
            {|#0:folio.Page(i).PageRefAdd(1)|};
    }
}
