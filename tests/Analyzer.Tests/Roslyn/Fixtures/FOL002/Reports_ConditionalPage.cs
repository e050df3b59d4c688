// Either arm may be the page written: the conditional's result may be a tail.
using Folint.Simulation.Mm;

public static class Gup
{
    public static void Pin(Folio folio, int index)
    {
        var page = index == 0 ? folio.Head : folio.Page(index);
        {|#0:page.PageRefAdd(1)|};
    }
}
