// Inside the branch where the page-type test said "typed", reading the value as 0 hides no underflow.
using Folint.Simulation.Mm;

public static class Kpagecount
{
    public static int Read(Page page)
    {
        var raw = page.RawMapcount();
        if (Page.PageTypeHasType(raw))
        {
            var value = raw + 1;
            if (value < 0)
                value = 0;
            return value;
        }
        return raw + 1;
    }
}
