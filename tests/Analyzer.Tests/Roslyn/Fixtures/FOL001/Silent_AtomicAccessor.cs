// The fix for seed 000: the atomic accessor is safe anywhere.
using Folint.Simulation.Mm;

public sealed class DeferredSplit
{
    private readonly object _splitQueueLock = new object();

    public void DeferredSplitFolio(Folio folio)
    {
        lock (_splitQueueLock)
        {
            if (!folio.TestPartiallyMapped())
                folio.SetPartiallyMapped();
        }
    }
}
