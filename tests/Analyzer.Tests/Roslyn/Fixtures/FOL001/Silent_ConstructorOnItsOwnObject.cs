// Inside its constructor the object is not reachable by anyone else yet.

namespace Folint.Simulation.Mm
{
    public sealed class FreshPage
    {
        public FreshPage()
        {
            ClearNonAtomic();
        }

        [FlagAccessor("__ClearPageFresh", "PG_fresh", FlagWord.Page, FlagOperation.Clear, Atomic = false)]
        public void ClearNonAtomic() { }
    }
}
