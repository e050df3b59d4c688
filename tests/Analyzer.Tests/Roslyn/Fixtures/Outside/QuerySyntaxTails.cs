// Outside case: query syntax over the folio's page indexes, skipping the head.
// Expected: FOL002 on the reference taken on each tail.
using System.Linq;
using Folint.Simulation.Mm;

namespace Consumer.Gup
{
    public static class Pinning
    {
        public static int PinTails(Folio folio)
        {
            var tails = from i in Enumerable.Range(1, folio.NrPages - 1)
                        select folio.Page(i);
            var pinned = 0;
            foreach (Page tail in tails)
            {
                {|FOL002:tail.PageRefAdd(1)|};
                pinned++;
            }
            return pinned;
        }
    }
}
