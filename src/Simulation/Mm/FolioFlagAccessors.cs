namespace Folint.Simulation.Mm;

// Folio accessors as FOLIO_FLAG()/__FOLIO_SET_FLAG() generate them. FOLIO_HEAD_PAGE flags live in the head
// page's word; FOLIO_SECOND_PAGE flags in the second page's word (struct folio's _flags_1), which also holds
// the folio order and is changed atomically by memory_failure() without any lock (seed 000).
public sealed partial class Folio
{
    [FlagAccessor("folio_test_locked", "PG_locked", FlagWord.Head, FlagOperation.Test)]
    public bool TestLocked() => FlagOps.Test(Head.FlagsWord, PageFlags.Locked, "folio_test_locked");

    /// <summary>folio_trylock(): test_and_set_bit_lock().</summary>
    [FlagAccessor("folio_trylock", "PG_locked", FlagWord.Head, FlagOperation.TestAndSet)]
    public bool TryLock() => !FlagOps.ChangeAtomic(Head.FlagsWord, PageFlags.Locked, true, "folio_trylock");

    /// <summary>folio_unlock(): clear_bit_unlock().</summary>
    [FlagAccessor("folio_unlock", "PG_locked", FlagWord.Head, FlagOperation.Clear)]
    public void Unlock() => FlagOps.ChangeAtomic(Head.FlagsWord, PageFlags.Locked, false, "folio_unlock");

    /// <summary>__folio_set_locked(): a new folio locked before it enters the page cache. No atomic twin: folio_lock() sleeps.</summary>
    [FlagAccessor("__folio_set_locked", "PG_locked", FlagWord.Head, FlagOperation.Set, Atomic = false)]
    public void SetLockedNonAtomic() => FlagOps.ChangeNonAtomic(Head.FlagsWord, PageFlags.Locked, true, "__folio_set_locked");

    [FlagAccessor("__folio_clear_locked", "PG_locked", FlagWord.Head, FlagOperation.Clear, Atomic = false)]
    public void ClearLockedNonAtomic() => FlagOps.ChangeNonAtomic(Head.FlagsWord, PageFlags.Locked, false, "__folio_clear_locked");

    [FlagAccessor("folio_test_lru", "PG_lru", FlagWord.Head, FlagOperation.Test)]
    public bool TestLru() => FlagOps.Test(Head.FlagsWord, PageFlags.Lru, "folio_test_lru");

    [FlagAccessor("folio_set_lru", "PG_lru", FlagWord.Head, FlagOperation.Set)]
    public void SetLru() => FlagOps.ChangeAtomic(Head.FlagsWord, PageFlags.Lru, true, "folio_set_lru");

    [FlagAccessor("folio_clear_lru", "PG_lru", FlagWord.Head, FlagOperation.Clear)]
    public void ClearLru() => FlagOps.ChangeAtomic(Head.FlagsWord, PageFlags.Lru, false, "folio_clear_lru");

    [FlagAccessor("folio_test_large_rmappable", "PG_large_rmappable", FlagWord.SecondPage, FlagOperation.Test)]
    public bool TestLargeRmappable() => FlagOps.Test(SecondPage.FlagsWord, PageFlags.LargeRmappable, "folio_test_large_rmappable");

    [FlagAccessor("folio_set_large_rmappable", "PG_large_rmappable", FlagWord.SecondPage, FlagOperation.Set)]
    public void SetLargeRmappable() => FlagOps.ChangeAtomic(SecondPage.FlagsWord, PageFlags.LargeRmappable, true, "folio_set_large_rmappable");

    [FlagAccessor("folio_clear_large_rmappable", "PG_large_rmappable", FlagWord.SecondPage, FlagOperation.Clear)]
    public void ClearLargeRmappable() => FlagOps.ChangeAtomic(SecondPage.FlagsWord, PageFlags.LargeRmappable, false, "folio_clear_large_rmappable");

    [FlagAccessor("folio_test_partially_mapped", "PG_partially_mapped", FlagWord.SecondPage, FlagOperation.Test)]
    public bool TestPartiallyMapped() => FlagOps.Test(SecondPage.FlagsWord, PageFlags.PartiallyMapped, "folio_test_partially_mapped");

    /// <summary>folio_set_partially_mapped(): atomic, as the kernel has it since the seed-000 review.</summary>
    [FlagAccessor("folio_set_partially_mapped", "PG_partially_mapped", FlagWord.SecondPage, FlagOperation.Set)]
    public void SetPartiallyMapped() => FlagOps.ChangeAtomic(SecondPage.FlagsWord, PageFlags.PartiallyMapped, true, "folio_set_partially_mapped");

    [FlagAccessor("folio_clear_partially_mapped", "PG_partially_mapped", FlagWord.SecondPage, FlagOperation.Clear)]
    public void ClearPartiallyMapped() => FlagOps.ChangeAtomic(SecondPage.FlagsWord, PageFlags.PartiallyMapped, false, "folio_clear_partially_mapped");

    /// <summary>__folio_set_partially_mapped(): the non-atomic setter seed 000 introduced "under split_queue_lock".</summary>
    [FlagAccessor("__folio_set_partially_mapped", "PG_partially_mapped", FlagWord.SecondPage, FlagOperation.Set, Atomic = false, AtomicCounterpart = nameof(SetPartiallyMapped))]
    public void SetPartiallyMappedNonAtomic() => FlagOps.ChangeNonAtomic(SecondPage.FlagsWord, PageFlags.PartiallyMapped, true, "__folio_set_partially_mapped");

    [FlagAccessor("__folio_clear_partially_mapped", "PG_partially_mapped", FlagWord.SecondPage, FlagOperation.Clear, Atomic = false, AtomicCounterpart = nameof(ClearPartiallyMapped))]
    public void ClearPartiallyMappedNonAtomic() => FlagOps.ChangeNonAtomic(SecondPage.FlagsWord, PageFlags.PartiallyMapped, false, "__folio_clear_partially_mapped");

    [FlagAccessor("folio_test_has_hwpoisoned", "PG_has_hwpoisoned", FlagWord.SecondPage, FlagOperation.Test)]
    public bool TestHasHWPoisoned() => FlagOps.Test(SecondPage.FlagsWord, PageFlags.HasHWPoisoned, "folio_test_has_hwpoisoned");

    [FlagAccessor("folio_set_has_hwpoisoned", "PG_has_hwpoisoned", FlagWord.SecondPage, FlagOperation.Set)]
    public void SetHasHWPoisoned() => FlagOps.ChangeAtomic(SecondPage.FlagsWord, PageFlags.HasHWPoisoned, true, "folio_set_has_hwpoisoned");

    [FlagAccessor("folio_clear_has_hwpoisoned", "PG_has_hwpoisoned", FlagWord.SecondPage, FlagOperation.Clear)]
    public void ClearHasHWPoisoned() => FlagOps.ChangeAtomic(SecondPage.FlagsWord, PageFlags.HasHWPoisoned, false, "folio_clear_has_hwpoisoned");

    [FlagAccessor("folio_test_set_has_hwpoisoned", "PG_has_hwpoisoned", FlagWord.SecondPage, FlagOperation.TestAndSet)]
    public bool TestSetHasHWPoisoned() => FlagOps.ChangeAtomic(SecondPage.FlagsWord, PageFlags.HasHWPoisoned, true, "folio_test_set_has_hwpoisoned");
}
