// A local function runs where it is called: here, after the folio went into the shared list.
using System.Collections.Generic;
using Folint.Simulation.Mm;

public sealed class Anon
{
    private readonly List<Folio> _rmap = new();

    public void NewAnonFolio(MemMap map)
    {
        var folio = map.AllocFolio(2, 0);
        _rmap.Add(folio);
        MarkExclusive();

        void MarkExclusive() => {|#0:folio.Head.ClearAnonExclusiveNonAtomic()|};
    }
}
