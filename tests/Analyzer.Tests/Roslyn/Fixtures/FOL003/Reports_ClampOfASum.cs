// A value computed from the raw read and clamped by hand: still hides an underflow.
using Folint.Simulation.Mm;

public static class Mapcount
{
    public static int Total(Page page, int entire)
    {
        int total = page.RawMapcount() + 1 + entire;
        {|#0:if (total <= -1) total = 0;|}
        return total;
    }
}
