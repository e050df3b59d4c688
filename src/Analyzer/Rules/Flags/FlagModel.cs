using Folint.Analyzer.Model;

namespace Folint.Analyzer.Rules.Flags;

/// <summary>
/// Which flags word of a folio an update lands in. page-flags.h keeps most flags in the head page's word, the
/// PF_SECOND flags (PG_has_hwpoisoned, PG_large_rmappable, PG_partially_mapped) in the second page's word, and
/// lets PF_ANY flags (PG_hwpoison, PG_anon_exclusive, PG_private) live in the word of whichever page is given.
/// </summary>
public enum FlagWord
{
    Unknown,

    /// <summary>The folio's own word: page 0 of the folio, <c>compound_head(page)</c>, a small page's word.</summary>
    Head,

    /// <summary>The second page's word (<c>FOLIO_SECOND_PAGE</c>, <c>PF_SECOND</c>, <c>&amp;page[1]</c>).</summary>
    Second,

    /// <summary>The word of the page given, whichever page of a folio it is (<c>PF_ANY</c>).</summary>
    AnyPage,
}

public enum FlagOp { Test, Set, Clear, Change, TestAndSet, TestAndClear, Update }

internal static class FlagWords
{
    /// <summary>Can an update of one word and an update of the other land in the same word of the same folio?</summary>
    public static bool MayShare(FlagWord a, FlagWord b) =>
        a == FlagWord.Unknown || b == FlagWord.Unknown || a == FlagWord.AnyPage || b == FlagWord.AnyPage || a == b;

    public static string Describe(FlagWord word) => word switch
    {
        FlagWord.Head => "the folio's flags word",
        FlagWord.Second => "the second page's flags",
        FlagWord.AnyPage => "the page's own flags word",
        _ => "a page flags word",
    };

    public static bool Writes(FlagOp op) => op != FlagOp.Test;
}

/// <summary>Where a page/folio expression points: the variable it derives from and which page of that object.</summary>
internal enum PagePosition { Self, Head, Second, OtherPage }

/// <summary>An expression denoting a page or folio: its root variable (a parameter or local) and the page within it.</summary>
internal sealed record PageRef(string Root, PagePosition Position)
{
    public PageRef Then(PagePosition next) => (Position, next) switch
    {
        (_, PagePosition.Head) => this with { Position = PagePosition.Head },
        (PagePosition.Self or PagePosition.Head, PagePosition.Self) => this,
        (PagePosition.Self or PagePosition.Head, PagePosition.Second) => this with { Position = PagePosition.Second },
        (PagePosition.Second, PagePosition.Self) => this,
        _ => this with { Position = PagePosition.OtherPage },
    };
}

/// <summary>
/// One flag operation a function performs, on a word reached from one of its parameters (or from a variable of
/// its own when <see cref="Parameter"/> is -1). <see cref="Via"/> is the chain of callees, outermost first.
/// </summary>
internal sealed record FlagEffect(
    FlagOp Op,
    bool Atomic,
    string? Flag,
    int Parameter,
    string Root,
    PagePosition Position,
    bool RootIsFolio,
    string Operation,
    System.Collections.Immutable.ImmutableArray<string> Via)
{
    public bool IsNonAtomicWrite => !Atomic && FlagOps.IsWrite(Op);
}

internal static class FlagOps
{
    public static bool IsWrite(FlagOp op) => op != FlagOp.Test;
}

/// <summary>
/// A flag accessor of the tree: <c>__folio_set_partially_mapped()</c> sets PG_partially_mapped (bit PG_reclaim)
/// non-atomically in the second page's word. Derived from the expansions of page-flags.h, or from the fallback table.
/// </summary>
internal sealed record FlagAccessor(
    string Name,
    string Flag,
    string Bit,
    FlagWord Word,
    FlagOp Op,
    bool Atomic,
    bool TakesFolio,
    string? File,
    TextSpan Span)
{
    public string FlagText => Flag == Bit ? Flag : $"{Flag} (= {Bit})";
}
