// free_pages_prepare(): the refcount is zero, nobody else holds the page (seed 002).
using Folint.Simulation.Mm;

public sealed class Freeing
{
    [FreePath]
    public void FreePagesPrepare(Page page)
    {
        page.ClearAnonExclusiveNonAtomic();
    }
}
