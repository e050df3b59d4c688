// A public method hands its folio through two private helpers to a non-atomic update.
using Folint.Simulation.Mm;

public sealed class Migrate
{
    public void Move(Folio folio) => Prepare(folio, true);

    private static void Prepare(Folio folio, bool locked)
    {
        if (locked)
            MarkLocked(folio);
    }

    private static void MarkLocked(Folio folio)
    {
        {|#0:folio.SetLockedNonAtomic()|};
    }
}
