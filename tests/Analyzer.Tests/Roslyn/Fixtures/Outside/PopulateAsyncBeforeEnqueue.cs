// Outside case: an async populate that awaits between two non-atomic updates, all before the folio is enqueued.
// Expected: silent (nobody else can reach the folio until Enqueue).
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Folint.Simulation.Mm;

namespace Consumer.Readahead
{
    public sealed class Populator
    {
        private readonly ConcurrentQueue<Folio> _ready = new ConcurrentQueue<Folio>();

        public async Task<Folio> PopulateAsync(MemMap map, long pfn, CancellationToken cancellationToken)
        {
            var folio = map.AllocFolio(pfn, 0);
            folio.SetLockedNonAtomic();
            await Task.Delay(1, cancellationToken).ConfigureAwait(false);
            folio.ClearLockedNonAtomic();
            _ready.Enqueue(folio);
            return folio;
        }
    }
}
