// List.ForEach runs its lambda before it returns: inside the freeing path that owns the pages.
using System.Collections.Generic;
using Folint.Simulation.Mm;

public sealed class Freeing
{
    [FreePath]
    public void FreeTails(List<Page> tails)
    {
        tails.ForEach(page => page.ClearAnonExclusiveNonAtomic());
    }
}
