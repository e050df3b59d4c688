using System;
using System.Globalization;
using Folint.Simulation.Scheduling;

namespace Folint.Simulation.Mm;

/// <summary>
/// struct folio: a view of a head page and the tail pages after it. Like the kernel's, it is only as good as
/// the reference behind it: a Folio obtained from page_folio() without a reference may name memory that has
/// been freed and reused meanwhile.
/// </summary>
public sealed partial class Folio : IEquatable<Folio>
{
    private readonly MemMap _map;

    internal Folio(MemMap map, long headPfn)
    {
        _map = map;
        Pfn = headPfn;
    }

    /// <summary>The head page's frame number.</summary>
    public long Pfn { get; }

    /// <summary>&amp;folio->page.</summary>
    public Page Head => _map[Pfn];

    /// <summary>The second page, whose flags word is struct folio's _flags_1 (FOLIO_SECOND_PAGE flags).</summary>
    internal Page SecondPage => _map[Pfn + 1];

    /// <summary>folio_page(folio, n): a tail page for any n but 0.</summary>
    [MayBeTailPage(HeadAtIndexZero = true)]
    public Page Page(int n)
    {
        if (n < 0 || n >= NrPages)
            throw new ArgumentOutOfRangeException(nameof(n), n, $"folio at pfn {Pfn} has {NrPages} pages");
        return _map[Pfn + n];
    }

    /// <summary>folio_order(), read without a scheduling point: the order only changes on allocation and free.</summary>
    public int Order => (Head.FlagsWord.Peek & PageFlags.Mask(PageFlags.Head)) == 0 ? 0 : (int)(SecondPage.FlagsWord.Peek & PageFlags.SecondPageOrderMask);

    /// <summary>folio_nr_pages(): 1 &lt;&lt; order, never 0.</summary>
    [NonZero]
    public int NrPages => 1 << Order;

    public bool IsLarge => Order > 0;

    // ---- references (include/linux/page_ref.h, mm.h): always on the head page's _refcount ----

    /// <summary>folio_ref_count().</summary>
    public int RefCount() => Head.RefCount();

    /// <summary>folio_get().</summary>
    public void Get() => Head.PageRefAdd(1);

    /// <summary>folio_try_get(): takes a reference unless the count is 0 (the folio is being freed).</summary>
    public bool TryGet()
    {
        using var _ = Machine.Enter("folio_try_get");
        return Head.PageRefAddUnless(1, 0);
    }

    /// <summary>folio_put(): drops a reference and frees the folio when it was the last one. True when freed.</summary>
    public bool Put()
    {
        using var _ = Machine.Enter("folio_put");
        if (!Head.PageRefSubAndTest(1))
            return false;
        _map.FreeFolio(this);
        return true;
    }

    // ---- mapcount of a large folio ----

    /// <summary>
    /// The folio's total mapcount. Mainline keeps it in _large_mapcount (stored offset by -1); the layout proposed
    /// in the seed-001 thread keeps it in the second page's _refcount, "free on 32 bits".
    /// </summary>
    [MapcountRead]
    public int TotalMapcount()
    {
        using var _ = Machine.Enter("folio_large_mapcount");
        return _map.Layout == FolioLayout.TotalMapcountInTailRefcount
            ? SecondPage.RefcountStorage.Read()
            : SecondPage.LargeMapcountStorage.Read() + 1;
    }

    /// <summary>Adds <paramref name="delta"/> page-table mappings to the total mapcount (folio_add_*_rmap_*).</summary>
    public void ModifyTotalMapcount(int delta)
    {
        using var _ = Machine.Enter("folio_add_large_mapcount");
        if (_map.Layout == FolioLayout.TotalMapcountInTailRefcount)
        {
#pragma warning disable FOL002 // seed 001, reproduced on purpose: the proposed layout keeps a counter in page 1's refcount
            Page(1).PageRefAdd(delta);
#pragma warning restore FOL002
        }
        else
        {
            SecondPage.LargeMapcountStorage.AddReturn(delta);
        }
    }

    public bool Equals(Folio? other) => other is not null && ReferenceEquals(_map, other._map) && Pfn == other.Pfn;

    public override bool Equals(object? obj) => Equals(obj as Folio);

    public override int GetHashCode() => Pfn.GetHashCode();

    public override string ToString() => "folio at pfn " + Pfn.ToString(CultureInfo.InvariantCulture);
}
