using System;

namespace Folint.Simulation;

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
