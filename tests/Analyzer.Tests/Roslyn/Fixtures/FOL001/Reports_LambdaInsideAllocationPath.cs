// A lambda runs whenever its holder calls it, not inside the allocation path that created it.
using System;
using Folint.Simulation.Mm;

public sealed class Deferred
{
    [AllocationPath]
    public Action Later(Folio folio) => () => {|#0:folio.SetPartiallyMappedNonAtomic()|};
}
