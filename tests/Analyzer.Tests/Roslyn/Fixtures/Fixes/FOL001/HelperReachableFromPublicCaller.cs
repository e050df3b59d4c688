using Folint.Simulation.Mm;

public sealed class Split
{
    public void Unqueue(Folio folio) => ClearFlags(folio);

    private static void ClearFlags(Folio folio)
    {
        {|#0:folio.ClearPartiallyMappedNonAtomic()|};
    }
}
