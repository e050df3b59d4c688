using System.Collections.Generic;
using System.Globalization;

namespace Folint.Simulation.Mm;

/// <summary>
/// Bit numbers of enum pageflags as in Linux 6.12 (CONFIG_MMU, CONFIG_MEMORY_FAILURE). The second page of a
/// folio reuses bits under other names (PG_has_hwpoisoned = PG_active, ...) and keeps the folio order in its
/// low byte, which is why a non-atomic update of one second-page flag can wipe out another.
/// </summary>
public static class PageFlags
{
    public const int Locked = 0;
    public const int Referenced = 2;
    public const int Uptodate = 3;
    public const int Dirty = 4;
    public const int Lru = 5;
    public const int Head = 6;
    public const int Active = 8;
    public const int Workingset = 9;
    public const int Owner2 = 11;
    public const int Reclaim = 16;
    public const int Swapbacked = 17;
    public const int HWPoison = 21;

    /// <summary>PG_anon_exclusive = PG_owner_2: PF_ANY, may be set on tail pages (seed 002).</summary>
    public const int AnonExclusive = Owner2;

    /// <summary>Second page: PG_has_hwpoisoned = PG_active.</summary>
    public const int HasHWPoisoned = Active;

    /// <summary>Second page: PG_large_rmappable = PG_workingset.</summary>
    public const int LargeRmappable = Workingset;

    /// <summary>Second page: PG_partially_mapped = PG_reclaim (seed 000).</summary>
    public const int PartiallyMapped = Reclaim;

    /// <summary>The second page's low byte holds the folio order (PAGE_FLAGS_SECOND's 0xff).</summary>
    public const ulong SecondPageOrderMask = 0xff;

    private static readonly (int Bit, string Name)[] s_pageNames =
    {
        (Locked, "locked"), (Referenced, "referenced"), (Uptodate, "uptodate"), (Dirty, "dirty"), (Lru, "lru"),
        (Head, "head"), (Active, "active"), (Workingset, "workingset"), (AnonExclusive, "anon_exclusive"),
        (Reclaim, "reclaim"), (Swapbacked, "swapbacked"), (HWPoison, "hwpoison"),
    };

    private static readonly (int Bit, string Name)[] s_secondPageNames =
    {
        (HasHWPoisoned, "has_hwpoisoned"), (LargeRmappable, "large_rmappable"), (PartiallyMapped, "partially_mapped"),
        (AnonExclusive, "anon_exclusive"), (HWPoison, "hwpoison"),
    };

    public static ulong Mask(int bit) => 1UL << bit;

    /// <summary>"0x10200 (large_rmappable|partially_mapped|order=2)": how the trace shows a flags word.</summary>
    public static string Describe(ulong word, bool secondPage)
    {
        var names = new List<string>();
        var known = 0UL;
        foreach (var (bit, name) in secondPage ? s_secondPageNames : s_pageNames)
        {
            known |= Mask(bit);
            if ((word & Mask(bit)) != 0)
                names.Add(name);
        }
        if (secondPage)
        {
            known |= SecondPageOrderMask;
            if ((word & SecondPageOrderMask) != 0)
                names.Add("order=" + (word & SecondPageOrderMask).ToString(CultureInfo.InvariantCulture));
        }
        var rest = word & ~known;
        if (rest != 0)
            names.Add("0x" + rest.ToString("x", CultureInfo.InvariantCulture));
        var hex = "0x" + word.ToString("x", CultureInfo.InvariantCulture);
        return names.Count == 0 ? hex : hex + " (" + string.Join("|", names) + ")";
    }

    /// <summary>The kernel name of a bit in the given word (PG_has_hwpoisoned on a second page, PG_active elsewhere).</summary>
    public static string Name(int bit, bool secondPage)
    {
        foreach (var (b, name) in secondPage ? s_secondPageNames : s_pageNames)
        {
            if (b == bit)
                return "PG_" + name;
        }
        return "bit " + bit.ToString(CultureInfo.InvariantCulture);
    }
}
