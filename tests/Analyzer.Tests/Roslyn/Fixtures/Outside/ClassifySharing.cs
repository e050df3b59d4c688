// Outside case: classifying a folio by its total mapcount; a negative value is reported as corrupt, not read as 0.
// Expected: silent.
using System.Diagnostics;
using Folint.Simulation.Mm;

namespace Consumer.Stats
{
    public static class Sharing
    {
        public static string Classify(Folio folio)
        {
            var count = folio.TotalMapcount();
            Debug.Assert(count >= 0, "mapcount underflow");
            return count switch
            {
                0 => "unmapped",
                1 => "exclusive",
                > 1 => "shared",
                _ => "corrupt",
            };
        }
    }
}
