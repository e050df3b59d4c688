using System;
using Folint.Simulation.Scheduling;

namespace Folint.Simulation.Mm;

/// <summary>Where a large folio keeps its total mapcount.</summary>
public enum FolioLayout
{
    /// <summary>In _large_mapcount, a field of its own in the second page.</summary>
    Mainline,

    /// <summary>In the second page's _refcount: the layout proposed and rejected in the seed-001 thread.</summary>
    TotalMapcountInTailRefcount,
}

/// <summary>
/// mem_map: every struct page by frame number. Allocation takes the frame number it is given, so a scenario can
/// free a folio and reuse its memory as part of another one, as the buddy allocator may.
/// </summary>
public sealed class MemMap
{
    private readonly Page[] _pages;

    public MemMap(int pages, FolioLayout layout = FolioLayout.Mainline)
    {
        if (pages < 1)
            throw new ArgumentOutOfRangeException(nameof(pages), pages, "mem_map needs at least one page");
        Layout = layout;
        _pages = new Page[pages];
        for (var pfn = 0; pfn < pages; pfn++)
            _pages[pfn] = new Page(this, pfn);
    }

    public FolioLayout Layout { get; }

    /// <summary>The number of struct pages; a MemMap has at least one.</summary>
    [NonZero]
    public int Pages => _pages.Length;

    internal Page this[long pfn] => _pages[pfn];

    /// <summary>pfn_to_page(): what a PFN walker sees, which may be a tail page of anything.</summary>
    [MayBeTailPage]
    public Page PfnToPage(long pfn)
    {
        if (pfn < 0 || pfn >= _pages.Length)
            throw new ArgumentOutOfRangeException(nameof(pfn), pfn, $"mem_map has {_pages.Length} pages");
        return _pages[pfn];
    }

    /// <summary>
    /// Allocates a folio of <paramref name="order"/> at <paramref name="pfn"/> (post_alloc_hook, prep_compound_page).
    /// Nobody else can reach the pages yet, which is what makes the non-atomic flag updates here correct.
    /// </summary>
    [AllocationPath]
    public Folio AllocFolio(long pfn, int order)
    {
        using var _ = Machine.Enter("folio_alloc");
        if (order < 0 || order > 7 || pfn < 0 || pfn + (1L << order) > _pages.Length)
            throw new ArgumentOutOfRangeException(nameof(order), order, $"no room for an order-{order} folio at pfn {pfn}");
        var folio = new Folio(this, pfn);
        folio.Head.InitPageCount();
        if (order > 0)
            PrepCompoundPage(folio, order);
        return folio;
    }

    // Reachable only from AllocFolio: an exclusive phase by reachability, not by attribute.
    private void PrepCompoundPage(Folio folio, int order)
    {
        using var _ = Machine.Enter("prep_compound_page");
        folio.Head.SetHeadNonAtomic();
        for (var i = 1; i < 1 << order; i++)
            _pages[folio.Pfn + i].CompoundHeadWord.Store(((ulong)folio.Pfn << 1) | 1);

        // prep_compound_head(): folio_set_order() and the counters of struct folio.
        var second = _pages[folio.Pfn + 1];
        second.FlagsWord.Store((second.FlagsWord.Peek & ~PageFlags.SecondPageOrderMask) | (uint)order);
        if (Layout == FolioLayout.Mainline)
            second.LargeMapcountStorage.Set(-1);
        folio.SetLargeRmappable();
    }

    /// <summary>free_pages_prepare(): the last reference is gone, so nobody else can change these words.</summary>
    [FreePath]
    internal void FreeFolio(Folio folio)
    {
        using var _ = Machine.Enter("free_pages_prepare");
        var pages = folio.NrPages;
        if (pages > 1)
            _pages[folio.Pfn + 1].FlagsWord.Store(0); // folio->_flags_1 &= ~PAGE_FLAGS_SECOND
        for (var i = 1; i < pages; i++)
            FreeTailPage(_pages[folio.Pfn + i]);
        var head = folio.Head;
        head.ClearAnonExclusiveNonAtomic();
        if (pages > 1)
            head.ClearHeadNonAtomic();
    }

    // Reachable only from FreeFolio.
    private static void FreeTailPage(Page page)
    {
        page.ClearAnonExclusiveNonAtomic();
        page.CompoundHeadWord.Store(0);
    }
}
