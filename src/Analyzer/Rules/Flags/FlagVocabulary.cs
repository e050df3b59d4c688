using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace Folint.Analyzer.Rules.Flags;

/// <summary>
/// The kernel words FOL001 reads, from rules/kernel/page-flags.yaml (bit operations, page policies) and
/// rules/kernel/phases.yaml (allocation and free roots, allocators, publication points, refcount freezing, locks).
/// </summary>
public sealed class FlagVocabulary
{
    private readonly Dictionary<string, (FlagOp Op, bool Atomic)> _bitops = new(StringComparer.Ordinal);

    public FlagVocabulary(KernelKnowledge knowledge)
    {
        void Bitops(string list, FlagOp op, bool atomic)
        {
            foreach (var name in knowledge.List("page-flags." + list))
                _bitops[name] = (op, atomic);
        }
        Bitops("test_bitops", FlagOp.Test, true);
        Bitops("atomic_set_bitops", FlagOp.Set, true);
        Bitops("atomic_clear_bitops", FlagOp.Clear, true);
        Bitops("atomic_change_bitops", FlagOp.Change, true);
        Bitops("atomic_test_and_set_bitops", FlagOp.TestAndSet, true);
        Bitops("atomic_test_and_clear_bitops", FlagOp.TestAndClear, true);
        Bitops("nonatomic_set_bitops", FlagOp.Set, false);
        Bitops("nonatomic_clear_bitops", FlagOp.Clear, false);
        Bitops("nonatomic_change_bitops", FlagOp.Change, false);
        Bitops("nonatomic_test_and_set_bitops", FlagOp.TestAndSet, false);
        Bitops("nonatomic_test_and_clear_bitops", FlagOp.TestAndClear, false);

        PageFlagsHeader = knowledge.List("page-flags.header").FirstOrDefault() ?? "include/linux/page-flags.h";
        FlagsEnum = knowledge.List("page-flags.flags_enum").FirstOrDefault() ?? "pageflags";
        FlagPrefix = knowledge.List("page-flags.flag_prefix").FirstOrDefault() ?? "PG_";
        FlagsFields = Set(knowledge, "pages.flags_fields", "flags");
        PolicyHead = Set(knowledge, "page-flags.policy_head");
        PolicySecond = Set(knowledge, "page-flags.policy_second");
        PolicyAny = Set(knowledge, "page-flags.policy_any");
        HeadOf = Set(knowledge, "page-flags.head_of");
        PageOf = Set(knowledge, "page-flags.nth_page_of");
        SamePage = Set(knowledge, "page-flags.same_object");
        DebugAssertions = Set(knowledge, "assertions.debug_assertions");

        AllocationRoots = Set(knowledge, "phases.allocation_roots");
        InitRoots = Set(knowledge, "phases.init_roots");
        FreeRoots = Set(knowledge, "phases.free_roots");
        InitAnnotations = Set(knowledge, "phases.init_annotations");
        Allocators = Set(knowledge, "phases.allocators");
        PublicationPoints = Set(knowledge, "phases.publication_points");
        NonPublishing = Set(knowledge, "phases.non_publishing");
        NonPublishingPrefixes = knowledge.List("phases.non_publishing_prefixes");
        RefcountFreeze = Set(knowledge, "phases.refcount_freeze");
        RefcountUnfreeze = Set(knowledge, "phases.refcount_unfreeze");
        RefcountDropsToZero = Set(knowledge, "phases.refcount_drops_to_zero");
        ConditionWrappers = Set(knowledge, "phases.condition_wrappers", "likely", "unlikely");
        PrivateStructTypes = Set(knowledge, "phases.private_struct_types");
        // "memory_failure PG_hwpoison": the function and the flags it writes before it holds a reference
        ReferenceFreeWriters = knowledge.List("phases.reference_free_writers")
            .Select(e => e.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.Length >= 2)
            .ToImmutableDictionary(p => p[0], p => p.Skip(1).ToImmutableHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        AllocatorOwnedTypes = Set(knowledge, "phases.allocator_owned_types");
        ContendedLockFlags = Set(knowledge, "page-flags.contended_lock_flags");
        // "PG_locked folio_lock folio_trylock / folio_unlock": the bit, the calls that take it, and the one that releases it
        LockFlags = knowledge.List("page-flags.lock_flags")
            .Select(e => e.Split('/'))
            .Where(p => p.Length == 2 && p[0].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length >= 2 && p[1].Trim().Length > 0)
            .ToImmutableDictionary(
                p => p[0].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0],
                p => (Take: p[0].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Skip(1).ToImmutableArray(), Release: p[1].Trim()),
                StringComparer.Ordinal);
        FreeListTests = Set(knowledge, "phases.free_list_tests");
        LockAcquire = Set(knowledge, "phases.lock_acquire");
        LockRelease = Set(knowledge, "phases.lock_release");
        ExclusiveParameters = knowledge.List("phases.exclusive_parameters")
            .Select(e => e.Split(':'))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0].Trim(), StringComparer.Ordinal)
            .ToImmutableDictionary(g => g.Key, g => g.Select(p => p[1].Trim()).ToImmutableHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        SameObjectAddresses = Set(knowledge, "phases.same_object_addresses");
        AllocationCallbacks = Set(knowledge, "phases.allocation_callbacks");
        FreeCallbacks = Set(knowledge, "phases.free_callbacks");
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
    public ImmutableDictionary<string, (ImmutableArray<string> Take, string Release)> LockFlags { get; }

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

    /// <summary>Function to the parameters (by name, or by index from 0) that hold an object nobody else can reach, by the function's contract.</summary>
    public ImmutableDictionary<string, ImmutableHashSet<string>> ExclusiveParameters { get; }

    /// <summary>Whether parameter <paramref name="index"/> (named <paramref name="name"/>) of <paramref name="function"/> is exclusive by contract.</summary>
    public bool IsExclusiveParameter(string function, int index, string? name) =>
        ExclusiveParameters.TryGetValue(function, out var listed)
        && (listed.Contains(index.ToString(System.Globalization.CultureInfo.InvariantCulture)) || name is not null && listed.Contains(name));

    /// <summary>Conversions between a page and the address of its memory (<c>page_address()</c>, <c>virt_to_page()</c>): the same page to whoever owns it.</summary>
    public ImmutableHashSet<string> SameObjectAddresses { get; }

    /// <summary>"function:parameter": the parameter through which a function takes a migration allocation callback (<c>migrate_pages:get_new_folio</c>).</summary>
    public ImmutableHashSet<string> AllocationCallbacks { get; }

    /// <summary>"function:parameter": the parameter through which a function takes a migration free callback (<c>migrate_pages:put_new_folio</c>).</summary>
    public ImmutableHashSet<string> FreeCallbacks { get; }

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

    private static ImmutableHashSet<string> Set(KernelKnowledge knowledge, string list, params string[] defaults)
    {
        var items = knowledge.List(list);
        return (items.IsEmpty ? defaults.ToImmutableArray() : items).ToImmutableHashSet(StringComparer.Ordinal);
    }
}
