// A collection expression with the head and the second page: element 1 is a tail.
using Folint.Simulation.Mm;

public static class Layout
{
    public static void Init(Folio folio)
    {
        Page[] firstTwo = [folio.Head, folio.Page(1)];
        {|#0:firstTwo[1].InitPageCount()|};
    }
}
