// The freeing path owns the pages while it runs, not while a thread-pool item it queued runs later.
using System.Threading.Tasks;
using Folint.Simulation.Mm;

public sealed class Reclaim
{
    [FreePath]
    public Task FreeLater(Folio folio) => Task.Run(() => {|#0:folio.Head.ClearAnonExclusiveNonAtomic()|});
}
