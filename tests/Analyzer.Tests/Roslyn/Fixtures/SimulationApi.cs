// A kernel-shaped slice of the simulation's API, declared with the simulation's real attributes (the tests add
// src/Simulation/Annotations/*.cs beside it). Bodies are empty: analyzers read declarations, not behaviour.
using System.Collections.Generic;

namespace Folint.Simulation.Mm
{
    public sealed class Page
    {
        [FlagAccessor("SetPageHWPoison", "PG_hwpoison", FlagWord.Page, FlagOperation.Set)]
        public void SetHWPoison() { }

        [FlagAccessor("ClearPageAnonExclusive", "PG_anon_exclusive", FlagWord.Page, FlagOperation.Clear)]
        public void ClearAnonExclusive() { }

        [FlagAccessor("__ClearPageAnonExclusive", "PG_anon_exclusive", FlagWord.Page, FlagOperation.Clear, Atomic = false, AtomicCounterpart = nameof(ClearAnonExclusive))]
        public void ClearAnonExclusiveNonAtomic() { }

        public int RefCount() => 0;

        [RefcountWrite(SetsCount = true)]
        public void SetPageCount(int count) { }

        [RefcountWrite]
        public void PageRefAdd(int nr) { }

        [RawMapcountRead(TypeAwareRead = nameof(Mapcount))]
        public int RawMapcount() => -1;

        public int Mapcount() => 0;

        public static bool PageTypeHasType(int pageType) => pageType < -16777216;

        public Page Next() => this;
    }

    public sealed class Folio
    {
        public Page Head { get; } = new Page();

        [MayBeTailPage]
        public Page Page(int n) => Head;

        [MayBeTailPage]
        public IEnumerable<Page> Pages => new[] { Head };

        public int NrPages => 1;

        public bool TestPartiallyMapped() => false;

        [FlagAccessor("folio_set_partially_mapped", "PG_partially_mapped", FlagWord.SecondPage, FlagOperation.Set)]
        public void SetPartiallyMapped() { }

        [FlagAccessor("__folio_set_partially_mapped", "PG_partially_mapped", FlagWord.SecondPage, FlagOperation.Set, Atomic = false, AtomicCounterpart = nameof(SetPartiallyMapped))]
        public void SetPartiallyMappedNonAtomic() { }

        [FlagAccessor("__folio_set_locked", "PG_locked", FlagWord.Head, FlagOperation.Set, Atomic = false)]
        public void SetLockedNonAtomic() { }
    }

    public sealed class MemMap
    {
        [AllocationPath]
        public Folio AllocFolio(long pfn, int order) => new Folio();

        [MayBeTailPage]
        public Page PfnToPage(long pfn) => new Page();
    }

    public sealed class PageCache
    {
        public void Add(Folio folio) { }
    }
}
