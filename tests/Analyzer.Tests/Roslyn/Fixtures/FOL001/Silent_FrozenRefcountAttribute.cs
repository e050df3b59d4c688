// Splitting with the refcount frozen at zero: no speculative reference can be taken meanwhile.
using Folint.Simulation.Mm;

public sealed class Splitter
{
    [FrozenRefcount]
    public void SplitFolio(Folio folio)
    {
        folio.SetPartiallyMappedNonAtomic();
    }
}
