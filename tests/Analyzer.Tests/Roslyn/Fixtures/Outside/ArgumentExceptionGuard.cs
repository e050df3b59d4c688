// Outside case: the count is checked with an ArgumentException before a do/while that decrements first.
// Expected: silent.
using System;
using Folint.Simulation.Mm;

namespace Consumer.Batch
{
    public static class Resetter
    {
        public static void Reset(Folio folio, int count)
        {
            if (count < 1)
            {
                throw new ArgumentException("count must be positive", nameof(count));
            }
            var i = 0;
            do
            {
                folio.Page(i).ClearAnonExclusive();
                i++;
            }
            while (--count != 0);
        }
    }
}
