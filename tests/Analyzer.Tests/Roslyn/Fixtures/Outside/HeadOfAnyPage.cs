// Outside case: a reference taken through the page's folio, i.e. on the head page.
// Expected: silent.
using Folint.Simulation.Mm;

namespace Consumer.Gup
{
    public static class Refs
    {
        public static Folio Grab(Page page)
        {
            Page target = page.IsTail() ? page.Folio().Head : page;
            Folio owner = target.Folio();
            owner.Head.PageRefAdd(1);
            return owner;
        }
    }
}
