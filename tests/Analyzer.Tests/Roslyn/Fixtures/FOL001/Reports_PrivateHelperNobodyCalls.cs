// A private method with no caller is reachable only by reflection or later code: not an exclusive phase.
using Folint.Simulation.Mm;

public sealed class Leftover
{
    private static void Mark(Folio folio)
    {
        {|#0:folio.SetLockedNonAtomic()|};
    }
}
