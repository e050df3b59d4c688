// References are taken on the folio, that is on the head page.
using Folint.Simulation.Mm;

public static class Refs
{
    public static void Get(Folio folio) => folio.Head.PageRefAdd(1);
}
