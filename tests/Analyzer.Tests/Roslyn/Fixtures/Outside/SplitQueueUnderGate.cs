// Outside case: a split queue that sets the flag under its own lock after adding the folio to the pending list.
// Expected: FOL001 (the lock is not taken by the other writers of the second page's flags word).
using System;
using System.Collections.Generic;
using Folint.Simulation.Mm;

namespace Consumer.Split
{
    public sealed class SplitQueue
    {
        private readonly object _gate = new object();
        private readonly List<Folio> _pending = new List<Folio>();

        public event Action<Folio>? Queued;

        public void Add(Folio folio)
        {
            lock (_gate)
            {
                _pending.Add(folio);
                {|FOL001:folio.SetPartiallyMappedNonAtomic()|};
            }
            Queued?.Invoke(folio);
        }
    }
}
