// The same shape over something that is not page metadata is another rule's business.
public static class Ptes
{
    public static ulong SetPtes(ulong[] ptes, uint nr)
    {
        var i = 0;
        for (;;)
        {
            ptes[i] = 1;
            if (--nr == 0)
                break;
            i++;
        }
        return ptes[0];
    }
}
