// The async helper's work after its first await runs whenever the task resumes: after publication here.
using System.Collections.Generic;
using System.Threading.Tasks;
using Folint.Simulation.Mm;

public sealed class Prefetch
{
    private readonly List<Folio> _published = new();

    [AllocationPath]
    public Folio Start(MemMap map)
    {
        var folio = map.AllocFolio(0, 1);
        _ = {|#0:MarkLaterAsync(folio)|};
        _published.Add(folio);
        return folio;
    }

    private static async Task MarkLaterAsync(Folio folio)
    {
        await Task.Yield();
        folio.SetPartiallyMappedNonAtomic();
    }
}
