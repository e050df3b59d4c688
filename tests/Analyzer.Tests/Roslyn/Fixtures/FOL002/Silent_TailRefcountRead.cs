// Reading a tail's refcount (to check it is 0) writes nothing.
using Folint.Simulation.Mm;

public static class Check
{
    public static bool TailsClean(Folio folio) => folio.Page(1).RefCount() == 0;
}
