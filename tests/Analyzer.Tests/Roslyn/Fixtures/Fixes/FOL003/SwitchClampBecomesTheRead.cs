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
