// The local held a mapcount, but the clamped value is the refcount read after it.
using Folint.Simulation.Mm;

public static class Dump
{
    public static int Refs(Page page)
    {
        var value = page.RawMapcount();
        System.Console.WriteLine(value);
        value = page.RefCount();
        if (value < 0)
            value = 0;
        return value;
    }
}
