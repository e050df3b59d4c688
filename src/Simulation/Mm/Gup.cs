using Folint.Simulation.Scheduling;

namespace Folint.Simulation.Mm;

/// <summary>mm/gup.c: the speculative get of GUP-fast.</summary>
public static class Gup
{
    /// <summary>
    /// try_get_folio(): guess the folio from the page, take a reference unless the count is 0, then check that
    /// the page still belongs to that folio and drop the reference if not.
    /// </summary>
    public static Folio? TryGetFolio(Page page)
    {
        using var _ = Machine.Enter("try_get_folio");
        var folio = page.Folio();
        if (!folio.TryGet())
            return null;
        if (!page.Folio().Equals(folio))
        {
            folio.Put();
            return null;
        }
        return folio;
    }
}
