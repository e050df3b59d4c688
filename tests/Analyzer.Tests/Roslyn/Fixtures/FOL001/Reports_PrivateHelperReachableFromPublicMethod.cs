// The helper is private, but a public method reaches it without passing an exclusive phase.
using Folint.Simulation.Mm;

public sealed class Split
{
    public void Unqueue(Folio folio) => ClearFlags(folio);

    [FreePath]
    internal void Free(Folio folio) => ClearFlags(folio);

    private static void ClearFlags(Folio folio)
    {
        {|#0:folio.Head.ClearAnonExclusiveNonAtomic()|};
    }
}
