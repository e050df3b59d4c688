// Outside case: a batch clear written as while (true) with an early return when the count runs out.
// Expected: FOL004 (count 0 wraps to 4 billion).
using Folint.Simulation.Mm;

namespace Consumer.Batch
{
    public sealed class ExclusiveMarks
    {
        public void ClearRange(Folio folio, uint first, uint count)
        {
            uint index = first;
            {|FOL004:while|} (true)
            {
                folio.Page((int)index).ClearAnonExclusive();
                index++;
                if (--count == 0)
                    return;
            }
        }
    }
}
