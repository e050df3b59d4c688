using System;

namespace Folint.Simulation.Mm;

/// <summary>
/// The method writes the refcount of the page it is called on (an instance method of Page, or a static method
/// whose first parameter is the page): set_page_count(), page_ref_inc(), page_ref_add_unless(). FOL002 reports
/// such a write on a page that may be a tail page.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class RefcountWriteAttribute : Attribute
{
    /// <summary>
    /// The method's int argument is the new count (set_page_count()). Setting a tail page's count to 0 keeps the
    /// invariant, as prep_compound_tail() callers do on pages not yet visible, so FOL002 lets a constant 0 pass.
    /// </summary>
    public bool SetsCount { get; set; }
}

/// <summary>
/// The method or property returns a page that may be a tail page of a compound page: folio_page(folio, n),
/// pfn_to_page() as a PFN walker uses it.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class MayBeTailPageAttribute : Attribute
{
    /// <summary>
    /// The method's integer argument is an index into the folio and index 0 is the head page
    /// (folio_page(folio, 0) is &amp;folio->page), so FOL002 lets a constant 0 pass.
    /// </summary>
    public bool HeadAtIndexZero { get; set; }
}

/// <summary>
/// The method returns the stored _mapcount: offset by -1 (an unmapped page holds -1) and sharing storage with
/// page_type. FOL003 reports a value derived from it that is clamped to 0 by a sign test instead of the
/// page-type test.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class RawMapcountReadAttribute : Attribute
{
    /// <summary>The accessor on the same type that returns the mapcount with only page types read as 0 (the code fix's target).</summary>
    public string? TypeAwareRead { get; set; }
}

/// <summary>
/// The method returns a mapcount as page_mapcount() and folio_mapcount() do since the seed-004 fix: page types
/// read as 0, and an underflow (one unmap too many) reads as a negative number that the zap paths report. Clamping
/// the result to 0 hides exactly that underflow again, so FOL003 reports such a clamp.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class MapcountReadAttribute : Attribute
{
}

/// <summary>
/// The method tests whether a mapcount value is a page type (page_type_has_type(), page_mapcount_is_type()):
/// where it returned true the value is not a mapcount at all, so reading it as 0 there hides no underflow and
/// FOL003 stays silent about a clamp in that branch.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class PageTypeTestAttribute : Attribute
{
}

/// <summary>
/// The property, field or method result is never 0: folio_nr_pages() is 1 &lt;&lt; order. FOL004 takes a count
/// assigned from it as ruled out of the zero case that makes a count-down loop wrap (seed 003).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class NonZeroAttribute : Attribute
{
}
