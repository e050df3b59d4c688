// Outside case: a "safe" mapcount extension method of the kind people write to avoid negative numbers.
// Expected: FOL003 on the conditional clamp.
using Folint.Simulation.Mm;

namespace Consumer.Extensions
{
    public static class PageExtensions
    {
        public static int SafeMapcount(this Page page)
        {
            int value = page.Mapcount();
            return {|FOL003:value < 0 ? 0 : value|};
        }
    }
}
