// The clamp as a conditional expression, through a variable.
using Folint.Simulation.Mm;

public static class Mapcount
{
    public static int PageMapcount(Page page)
    {
        var raw = page.RawMapcount();
        var mapcount = raw + 1;
        return {|#0:mapcount < 0 ? 0 : mapcount|};
    }
}
