// prep_compound_page(): nobody else can see the pages yet.
using Folint.Simulation.Mm;

public sealed class Allocator
{
    [AllocationPath]
    public void PrepCompoundPage(Folio folio)
    {
        folio.SetLockedNonAtomic();
    }
}
