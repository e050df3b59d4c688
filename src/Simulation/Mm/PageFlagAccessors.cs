namespace Folint.Simulation.Mm;

// Page accessors as PAGEFLAG()/__SETPAGEFLAG()/TESTSCFLAG() generate them; PF_ANY flags live in the word of
// the page given, head or tail.
public sealed partial class Page
{
    [FlagAccessor("PageHWPoison", "PG_hwpoison", FlagWord.Page, FlagOperation.Test)]
    public bool TestHWPoison() => FlagOps.Test(FlagsWord, PageFlags.HWPoison, "PageHWPoison");

    [FlagAccessor("SetPageHWPoison", "PG_hwpoison", FlagWord.Page, FlagOperation.Set)]
    public void SetHWPoison() => FlagOps.ChangeAtomic(FlagsWord, PageFlags.HWPoison, true, "SetPageHWPoison");

    [FlagAccessor("ClearPageHWPoison", "PG_hwpoison", FlagWord.Page, FlagOperation.Clear)]
    public void ClearHWPoison() => FlagOps.ChangeAtomic(FlagsWord, PageFlags.HWPoison, false, "ClearPageHWPoison");

    [FlagAccessor("TestSetPageHWPoison", "PG_hwpoison", FlagWord.Page, FlagOperation.TestAndSet)]
    public bool TestSetHWPoison() => FlagOps.ChangeAtomic(FlagsWord, PageFlags.HWPoison, true, "TestSetPageHWPoison");

    [FlagAccessor("PageAnonExclusive", "PG_anon_exclusive", FlagWord.Page, FlagOperation.Test)]
    public bool TestAnonExclusive() => FlagOps.Test(FlagsWord, PageFlags.AnonExclusive, "PageAnonExclusive");

    [FlagAccessor("SetPageAnonExclusive", "PG_anon_exclusive", FlagWord.Page, FlagOperation.Set)]
    public void SetAnonExclusive() => FlagOps.ChangeAtomic(FlagsWord, PageFlags.AnonExclusive, true, "SetPageAnonExclusive");

    [FlagAccessor("ClearPageAnonExclusive", "PG_anon_exclusive", FlagWord.Page, FlagOperation.Clear)]
    public void ClearAnonExclusive() => FlagOps.ChangeAtomic(FlagsWord, PageFlags.AnonExclusive, false, "ClearPageAnonExclusive");

    /// <summary>__ClearPageAnonExclusive(): only on the page-freeing paths (seed 002).</summary>
    [FlagAccessor("__ClearPageAnonExclusive", "PG_anon_exclusive", FlagWord.Page, FlagOperation.Clear, Atomic = false, AtomicCounterpart = nameof(ClearAnonExclusive))]
    public void ClearAnonExclusiveNonAtomic() => FlagOps.ChangeNonAtomic(FlagsWord, PageFlags.AnonExclusive, false, "__ClearPageAnonExclusive");

    [FlagAccessor("PageHead", "PG_head", FlagWord.Page, FlagOperation.Test)]
    public bool TestHead() => FlagOps.Test(FlagsWord, PageFlags.Head, "PageHead");

    [FlagAccessor("SetPageHead", "PG_head", FlagWord.Page, FlagOperation.Set)]
    public void SetHead() => FlagOps.ChangeAtomic(FlagsWord, PageFlags.Head, true, "SetPageHead");

    [FlagAccessor("ClearPageHead", "PG_head", FlagWord.Page, FlagOperation.Clear)]
    public void ClearHead() => FlagOps.ChangeAtomic(FlagsWord, PageFlags.Head, false, "ClearPageHead");

    /// <summary>__SetPageHead(): prep_compound_head() on a page nobody else can see yet.</summary>
    [FlagAccessor("__SetPageHead", "PG_head", FlagWord.Page, FlagOperation.Set, Atomic = false, AtomicCounterpart = nameof(SetHead))]
    public void SetHeadNonAtomic() => FlagOps.ChangeNonAtomic(FlagsWord, PageFlags.Head, true, "__SetPageHead");

    [FlagAccessor("__ClearPageHead", "PG_head", FlagWord.Page, FlagOperation.Clear, Atomic = false, AtomicCounterpart = nameof(ClearHead))]
    public void ClearHeadNonAtomic() => FlagOps.ChangeNonAtomic(FlagsWord, PageFlags.Head, false, "__ClearPageHead");
}
