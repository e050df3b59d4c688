// folio_page(folio, 0) is the head page: its refcount is the folio's.
using Folint.Simulation.Mm;

public static class Refs
{
    public static void Get(Folio folio) => folio.Page(0).PageRefAdd(1);
}
