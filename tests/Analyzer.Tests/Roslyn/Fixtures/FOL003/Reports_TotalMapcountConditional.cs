// The large folio's total mapcount underflows too; clamping it hides that.
using Folint.Simulation.Mm;

public static class Shared
{
    public static bool MaybeShared(Folio folio)
    {
        var total = folio.TotalMapcount();
        var mapped = {|#0:total > 0 ? total : 0|};
        return mapped > 1;
    }
}
