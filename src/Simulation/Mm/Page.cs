using System.Globalization;
using Folint.Simulation.Scheduling;

namespace Folint.Simulation.Mm;

/// <summary>
/// struct page: a flags word, compound_head, _mapcount sharing its storage with page_type, and _refcount.
/// The second page of a large folio also carries struct folio's _large_mapcount in what is its lru slot.
/// </summary>
public sealed partial class Page
{
    /// <summary>PGTY_mapcount_underflow &lt;&lt; 24: stored values below it are page types, not mapcounts (6.12).</summary>
    public const int PageTypeLimit = unchecked((int)0xff000000);

    /// <summary>PGTY_slab &lt;&lt; 24, a page type that lives in _mapcount's storage.</summary>
    public const int PageTypeSlab = unchecked((int)0xf5000000);

    private readonly MemMap _map;

    internal Page(MemMap map, long pfn)
    {
        _map = map;
        Pfn = pfn;
        var name = "pfn " + pfn.ToString(CultureInfo.InvariantCulture);
        FlagsWord = new Word(name + " flags", v => PageFlags.Describe(v, IsSecondPageOfLargeFolio));
        CompoundHeadWord = new Word(name + " compound_head", DescribeCompoundHead);
        MapcountStorage = new AtomicInt(name + " _mapcount", -1, DescribeMapcount);
        RefcountStorage = new AtomicInt(name + " _refcount", 0, note: TailNote);
        LargeMapcountStorage = new AtomicInt(name + " _large_mapcount", -1);
    }

    public long Pfn { get; }

    internal MemMap Map => _map;

    /// <summary>page->flags.</summary>
    public Word FlagsWord { get; }

    /// <summary>page->compound_head: (head pfn &lt;&lt; 1) | 1 on a tail page, 0 otherwise.</summary>
    public Word CompoundHeadWord { get; }

    /// <summary>union { atomic_t _mapcount; unsigned int page_type; }: the mapcount stored offset by -1, or a page type.</summary>
    public AtomicInt MapcountStorage { get; }

    /// <summary>page->_refcount. Must stay 0 on every tail page (seed 001).</summary>
    public AtomicInt RefcountStorage { get; }

    /// <summary>struct folio's _large_mapcount, overlaying this page's lru slot when it is the second page of a large folio.</summary>
    public AtomicInt LargeMapcountStorage { get; }

    /// <summary>Whether the page is a tail page right now, without a scheduling point (for notes and checks).</summary>
    public bool IsTailNow => (CompoundHeadWord.Peek & 1) != 0;

    private bool IsSecondPageOfLargeFolio
    {
        get
        {
            var head = CompoundHeadWord.Peek;
            return (head & 1) != 0 && (long)(head >> 1) == Pfn - 1;
        }
    }

    // ---- compound pages ----

    /// <summary>PageTail(): reads compound_head.</summary>
    public bool IsTail()
    {
        using var _ = Machine.Enter("PageTail");
        return (CompoundHeadWord.Load() & 1) != 0;
    }

    /// <summary>
    /// page_folio(): the folio this page belongs to, read from compound_head. Without a reference this is only a
    /// guess: the folio can be freed and its memory reused as soon as the word has been read.
    /// </summary>
    public Folio Folio()
    {
        using var _ = Machine.Enter("page_folio");
        var head = CompoundHeadWord.Load();
        return (head & 1) != 0 ? new Folio(_map, (long)(head >> 1)) : new Folio(_map, Pfn);
    }

    // ---- refcount (include/linux/page_ref.h) ----

    /// <summary>page_ref_count().</summary>
    public int RefCount()
    {
        using var _ = Machine.Enter("page_ref_count");
        return RefcountStorage.Read();
    }

    /// <summary>set_page_count().</summary>
    [RefcountWrite(SetsCount = true)]
    public void SetPageCount(int count)
    {
        using var _ = Machine.Enter("set_page_count");
        RefcountStorage.Set(count);
    }

    /// <summary>init_page_count(): a new page starts with one reference.</summary>
    [RefcountWrite]
    public void InitPageCount()
    {
        using var _ = Machine.Enter("init_page_count");
        RefcountStorage.Set(1);
    }

    /// <summary>page_ref_add().</summary>
    [RefcountWrite]
    public void PageRefAdd(int nr)
    {
        using var _ = Machine.Enter("page_ref_add");
        RefcountStorage.AddReturn(nr);
    }

    /// <summary>page_ref_sub_and_test(): true when the count reached 0.</summary>
    [RefcountWrite]
    public bool PageRefSubAndTest(int nr)
    {
        using var _ = Machine.Enter("page_ref_sub_and_test");
        return RefcountStorage.AddReturn(-nr) == 0;
    }

    /// <summary>page_ref_add_unless(): the speculative get. Adds unless the count is <paramref name="unless"/>.</summary>
    [RefcountWrite]
    public bool PageRefAddUnless(int nr, int unless)
    {
        using var _ = Machine.Enter("page_ref_add_unless");
        return RefcountStorage.AddUnless(nr, unless);
    }

    // ---- mapcount and page type (include/linux/mm.h, page-flags.h) ----

    /// <summary>atomic_read(&amp;page->_mapcount): the stored value, offset by -1, or a page type.</summary>
    [RawMapcountRead(TypeAwareRead = nameof(Mapcount))]
    public int RawMapcount()
    {
        using var _ = Machine.Enter("atomic_read(&page->_mapcount)");
        return MapcountStorage.Read();
    }

    /// <summary>
    /// page_mapcount() since the seed-004 fix: only values in the page-type range read as 0, so an underflow
    /// (one unmap too many) reads as a negative mapcount that the zap paths report.
    /// </summary>
    [MapcountRead]
    public int Mapcount()
    {
        using var _ = Machine.Enter("page_mapcount");
        var mapcount = MapcountStorage.Read();
        return PageTypeHasType(mapcount) ? 0 : mapcount + 1;
    }

    /// <summary>page_type_has_type(): the stored value is a page type, not a mapcount.</summary>
    [PageTypeTest]
    public static bool PageTypeHasType(int pageType) => pageType < PageTypeLimit;

    /// <summary>page_mapcount_is_type(): takes a mapcount that is one more than the stored value.</summary>
    [PageTypeTest]
    public static bool PageMapcountIsType(int mapcount) => PageTypeHasType(unchecked(mapcount - 1));

    /// <summary>atomic_inc(&amp;page->_mapcount): one more page-table mapping.</summary>
    public void MapcountInc()
    {
        using var _ = Machine.Enter("atomic_inc(&page->_mapcount)");
        MapcountStorage.AddReturn(1);
    }

    /// <summary>atomic_add_negative(-1, &amp;page->_mapcount): true when the page became unmapped.</summary>
    public bool MapcountDecNegative()
    {
        using var _ = Machine.Enter("atomic_add_negative(-1, &page->_mapcount)");
        return MapcountStorage.AddReturn(-1) < 0;
    }

    /// <summary>__SetPageSlab() and friends: the page type takes the storage of _mapcount.</summary>
    public void SetPageType(int pageType)
    {
        using var _ = Machine.Enter("__SetPageType");
        MapcountStorage.Set(pageType);
    }

    private string DescribeCompoundHead(ulong value) =>
        (value & 1) != 0 ? "tail of pfn " + (value >> 1).ToString(CultureInfo.InvariantCulture) : "0 (not a tail)";

    private static string DescribeMapcount(int stored)
    {
        if (PageTypeHasType(stored))
            return "0x" + stored.ToString("x8", CultureInfo.InvariantCulture) + " (page type)";
        var mapcount = stored + 1;
        return stored.ToString(CultureInfo.InvariantCulture) + " (mapcount " + mapcount.ToString(CultureInfo.InvariantCulture) + (mapcount < 0 ? ", underflow" : "") + ")";
    }

    private string? TailNote()
    {
        var head = CompoundHeadWord.Peek;
        if ((head & 1) == 0)
            return null;
        var headPfn = (long)(head >> 1);
        return "pfn " + Pfn.ToString(CultureInfo.InvariantCulture) + " is tail page " + (Pfn - headPfn).ToString(CultureInfo.InvariantCulture)
            + " of the folio at pfn " + headPfn.ToString(CultureInfo.InvariantCulture);
    }

    public override string ToString() => "pfn " + Pfn.ToString(CultureInfo.InvariantCulture);
}
