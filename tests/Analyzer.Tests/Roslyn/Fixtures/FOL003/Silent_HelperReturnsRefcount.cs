// The helper's value is a refcount, not a mapcount.
using System;
using Folint.Simulation.Mm;

public static class Refs
{
    public static int Held(Folio folio) => Math.Max(CountOf(folio), 0);

    private static int CountOf(Folio folio) => folio.RefCount() - 1;
}
