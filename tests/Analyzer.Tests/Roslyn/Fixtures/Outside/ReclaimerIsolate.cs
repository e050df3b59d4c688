// Outside case: a reclaimer with a proper free path and an isolate method that is not one.
// Expected: FOL001 on the non-atomic clear in Isolate (a folio it was handed, outside any exclusive phase).
using Folint.Simulation.Mm;

namespace Consumer.Reclaim
{
    public class Reclaimer
    {
        [FreePath]
        public void Release(Folio folio)
        {
            folio.ClearLockedNonAtomic();
            folio.Head.ClearAnonExclusiveNonAtomic();
        }

        public bool Isolate(Folio folio)
        {
            if (!folio.TestLru())
                return false;
            folio.ClearLru();
            {|FOL001:folio.ClearLockedNonAtomic()|};
            return true;
        }
    }
}
