// Seed 000: split_queue_lock does not protect the second page's flags word.
using Folint.Simulation.Mm;

public sealed class DeferredSplit
{
    private readonly object _splitQueueLock = new object();

    public void DeferredSplitFolio(Folio folio)
    {
        lock (_splitQueueLock)
        {
            if (!folio.TestPartiallyMapped())
                {|#0:folio.SetPartiallyMappedNonAtomic()|};
        }
    }
}
