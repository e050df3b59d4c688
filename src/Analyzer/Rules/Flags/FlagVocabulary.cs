using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Folint.Analyzer.Rules.Knowledge;

namespace Folint.Analyzer.Rules.Flags;

/// <summary>
/// The kernel words FOL001 reads, from rules/kernel/page-flags.yaml (bit operations, page policies) and
/// rules/kernel/phases.yaml (allocation and free roots, allocators, publication points, refcount freezing, locks).
/// </summary>
internal sealed class FlagVocabulary
{
    private readonly Dictionary<string, (FlagOp Op, bool Atomic)> _bitops = new(StringComparer.Ordinal);

    public FlagVocabulary(KernelKnowledge knowledge)
    {
        var pageFlags = knowledge.PageFlags;
        foreach (var (name, op, atomic) in pageFlags.Bitops())
            _bitops[name] = (op, atomic);

        PageFlagsHeader = pageFlags.Header;
        FlagsEnum = pageFlags.FlagsEnum;
        FlagPrefix = pageFlags.FlagPrefix;
        FlagsFields = knowledge.Pages.FlagsFields;
        PolicyHead = pageFlags.PolicyHead;
        PolicySecond = pageFlags.PolicySecond;
        PolicyAny = pageFlags.PolicyAny;
        HeadOf = pageFlags.HeadOf;
        PageOf = pageFlags.NthPageOf;
        SamePage = pageFlags.SameObject;
        DebugAssertions = knowledge.Assertions.DebugAssertions;

        var phases = knowledge.Phases;
        Phases = phases;
        AllocationRoots = phases.AllocationRoots;
        InitRoots = phases.InitRoots;
        FreeRoots = phases.FreeRoots;
        InitAnnotations = phases.InitAnnotations;
        Allocators = phases.Allocators;
        PublicationPoints = phases.PublicationPoints;
        NonPublishing = phases.NonPublishing;
        NonPublishingPrefixes = phases.NonPublishingPrefixes;
        RefcountFreeze = phases.RefcountFreeze;
        RefcountUnfreeze = phases.RefcountUnfreeze;
        RefcountDropsToZero = phases.RefcountDropsToZero;
        ConditionWrappers = phases.ConditionWrappers;
        PrivateStructTypes = phases.PrivateStructTypes;
        ReferenceFreeWriters = phases.ReferenceFreeWriters;
        LockAcquire = phases.LockAcquire;
        LockRelease = phases.LockRelease;
        SameObjectAddresses = phases.SameObjectAddresses;
        AllocationCallbacks = phases.AllocationCallbacks;
        FreeCallbacks = phases.FreeCallbacks;
        AllocatorOwnedTypes = phases.AllocatorOwnedTypes;
        FreeListTests = phases.FreeListTests;
        LockFlags = pageFlags.LockFlags;
        ContendedLockFlags = pageFlags.ContendedLockFlags;
    }

    public string PageFlagsHeader { get; }

    public string FlagsEnum { get; }

    public string FlagPrefix { get; }

    public ImmutableHashSet<string> FlagsFields { get; }

    /// <summary>Page policies (PF_HEAD, PF_NO_TAIL, PF_NO_COMPOUND) that send a page to its head page's word.</summary>
    public ImmutableHashSet<string> PolicyHead { get; }

    public ImmutableHashSet<string> PolicySecond { get; }

    public ImmutableHashSet<string> PolicyAny { get; }

    /// <summary>Functions and macros that give the head page or the folio of a page: <c>compound_head()</c>, <c>page_folio()</c>.</summary>
    public ImmutableHashSet<string> HeadOf { get; }

    /// <summary>BUG_ON(), VM_WARN_ON() and friends (rules/kernel/assertions.yaml): what they evaluate is a check, not the function's work.</summary>
    public ImmutableHashSet<string> DebugAssertions { get; }

    /// <summary><c>folio_page(folio, n)</c>, <c>nth_page(page, n)</c>: the n-th page of an object.</summary>
    public ImmutableHashSet<string> PageOf { get; }

    /// <summary>Conversions that keep the object: <c>slab_folio()</c>, <c>page_slab()</c>.</summary>
    public ImmutableHashSet<string> SamePage { get; }

    public ImmutableHashSet<string> AllocationRoots { get; }

    public ImmutableHashSet<string> InitRoots { get; }

    public ImmutableHashSet<string> FreeRoots { get; }

    public ImmutableHashSet<string> InitAnnotations { get; }

    public ImmutableHashSet<string> Allocators { get; }

    public ImmutableHashSet<string> PublicationPoints { get; }

    public ImmutableHashSet<string> NonPublishing { get; }

    public ImmutableArray<string> NonPublishingPrefixes { get; }

    public ImmutableHashSet<string> RefcountFreeze { get; }

    public ImmutableHashSet<string> RefcountUnfreeze { get; }

    public ImmutableHashSet<string> RefcountDropsToZero { get; }

    /// <summary>Functions that write page flags without holding a reference, with the flags (bits) they write so: a frozen refcount does not keep them out.</summary>
    public ImmutableDictionary<string, ImmutableHashSet<string>> ReferenceFreeWriters { get; }

    /// <summary>Flag bits that are a lock (PG_locked), with the calls that take and release it: never an atomic flag accessor.</summary>
    public ImmutableDictionary<string, LockApi> LockFlags { get; }

    /// <summary>Flags set by whoever waits for a folio's lock (PG_waiters): a writer of the head word of any folio in use.</summary>
    public ImmutableHashSet<string> ContendedLockFlags { get; }

    /// <summary>Memory descriptors only an allocator uses (<c>struct slab</c>): the page behind one is the allocator's.</summary>
    public ImmutableHashSet<string> AllocatorOwnedTypes { get; }

    /// <summary>Tests that are true of a free page on the buddy allocator's free lists (<c>PageBuddy()</c>).</summary>
    public ImmutableHashSet<string> FreeListTests { get; }

    /// <summary>Structures private to one operation (<c>struct vm_fault</c>): a store into one does not publish.</summary>
    public ImmutableHashSet<string> PrivateStructTypes { get; }

    /// <summary>Calls that stand for their argument in a condition: <c>likely()</c>, <c>unlikely()</c>.</summary>
    public ImmutableHashSet<string> ConditionWrappers { get; }

    public ImmutableHashSet<string> LockAcquire { get; }

    public ImmutableHashSet<string> LockRelease { get; }

    /// <summary>rules/kernel/phases.yaml as loaded.</summary>
    public PhasesSection Phases { get; }

    /// <summary>Whether parameter <paramref name="index"/> (named <paramref name="name"/>) of <paramref name="function"/> is exclusive by contract.</summary>
    public bool IsExclusiveParameter(string function, int index, string? name) => Phases.IsExclusiveParameter(function, index, name);

    /// <summary>Conversions between a page and the address of its memory (<c>page_address()</c>, <c>virt_to_page()</c>): the same page to whoever owns it.</summary>
    public ImmutableHashSet<string> SameObjectAddresses { get; }

    /// <summary>Function to the parameters through which it takes a migration allocation callback (<c>migrate_pages: get_new_folio</c>).</summary>
    public ImmutableDictionary<string, ImmutableHashSet<string>> AllocationCallbacks { get; }

    /// <summary>Function to the parameters through which it takes a migration free callback (<c>migrate_pages: put_new_folio</c>).</summary>
    public ImmutableDictionary<string, ImmutableHashSet<string>> FreeCallbacks { get; }

    /// <summary>The bit operations that change a flag without atomicity (<c>__set_bit</c>), in name order.</summary>
    public IEnumerable<string> NonAtomicBitops =>
        _bitops.Where(b => !b.Value.Atomic && b.Value.Op != FlagOp.Test).Select(b => b.Key).OrderBy(n => n, StringComparer.Ordinal);

    public bool TryBitop(string name, out FlagOp op, out bool atomic)
    {
        if (_bitops.TryGetValue(name, out var found))
        {
            op = found.Op;
            atomic = found.Atomic;
            return true;
        }
        op = default;
        atomic = false;
        return false;
    }

    public bool IsKnownNonPublishing(string callee) =>
        NonPublishing.Contains(callee) || NonPublishingPrefixes.Any(p => callee.StartsWith(p, StringComparison.Ordinal));
}
