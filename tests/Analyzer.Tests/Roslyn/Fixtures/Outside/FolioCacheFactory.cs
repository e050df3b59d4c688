// Outside case (written from the public API and README only): a cache whose factory prepares a new folio.
// Expected: silent. The factory runs inside GetOrAdd before the dictionary hands the folio to anyone.
using System.Collections.Concurrent;
using Folint.Simulation.Mm;

namespace Consumer.Caching
{
    public sealed class FolioCache
    {
        private readonly ConcurrentDictionary<long, Folio> _byIndex = new ConcurrentDictionary<long, Folio>();
        private readonly MemMap _map;

        public FolioCache(MemMap map) => _map = map;

        public Folio GetOrCreate(long index) =>
            _byIndex.GetOrAdd(index, i =>
            {
                Folio created = _map.AllocFolio(i, 0);
                created.SetLockedNonAtomic();
                return created;
            });
    }
}
