// A switch expression that maps every negative mapcount to 0 hides underflows like the seed-004 clamp.
using Folint.Simulation.Mm;

public static class Mapcount
{
    public static int Read(Page page)
    {
        var mapcount = page.RawMapcount() + 1;
        return {|#0:mapcount switch
        {
            < 0 => 0,
            _ => mapcount,
        }|};
    }
}
