// The helper writes the refcount of the page it is given; this caller gives it a tail.
using Folint.Simulation.Mm;

public static class Pins
{
    public static void PinThird(Folio folio)
    {
        {|#0:Pin(folio.Page(2))|};
    }

    private static void Pin(Page page) => page.PageRefAdd(1);
}
