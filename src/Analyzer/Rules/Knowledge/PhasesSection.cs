using System.Collections.Immutable;

namespace Folint.Analyzer.Rules.Knowledge;

/// <summary>rules/kernel/phases.yaml: exclusive phases for FOL001 (seed 000), where a non-atomic flag update is safe.</summary>
/// <param name="AllocationRoots">Functions that prepare freshly allocated pages before anyone else can see them.</param>
/// <param name="InitRoots">Functions that initialise struct pages not yet online or handed to the buddy allocator.</param>
/// <param name="InitAnnotations">Annotations of functions that run only during boot or hotplug initialisation.</param>
/// <param name="FreeRoots">Functions on the freeing path.</param>
/// <param name="Allocators">Calls that return a page or folio nobody else can see yet.</param>
/// <param name="PublicationPoints">Calls that make a page or folio visible to other CPUs.</param>
/// <param name="NonPublishing">Calls that do not publish the folio they are given.</param>
/// <param name="NonPublishingPrefixes">Name prefixes of calls that do not publish either.</param>
/// <param name="ReferenceFreeWriters">Functions that change page flags without holding a reference (memory_failure()), with the flags (bits) they write so.</param>
/// <param name="RefcountFreeze">Calls that freeze a refcount.</param>
/// <param name="RefcountUnfreeze">Calls that unfreeze it (and publish the folio again).</param>
/// <param name="RefcountDropsToZero">Calls true when the caller dropped the last reference.</param>
/// <param name="ExclusiveParameters">Functions, with the parameters (by name or 0-based index) that hold an object nobody else can reach.</param>
/// <param name="PrivateStructTypes">Structures private to one operation: a store into one does not publish.</param>
/// <param name="ConditionWrappers">Calls that stand for their argument in a condition (likely(), unlikely()).</param>
/// <param name="LockAcquire">Lock acquisitions.</param>
/// <param name="LockRelease">Lock releases.</param>
/// <param name="SameObjectAddresses">Conversions between a page and the address of its memory (page_address(), virt_to_page()).</param>
/// <param name="AllocationCallbacks">Functions with the parameters through which they take a migration allocation callback (migrate_pages: get_new_folio).</param>
/// <param name="FreeCallbacks">Functions with the parameters through which they take a migration free callback (migrate_pages: put_new_folio).</param>
/// <param name="AllocatorOwnedTypes">Memory descriptors only an allocator uses (struct slab): the page behind one is the allocator's.</param>
/// <param name="FreeListTests">Tests true of a free page on the buddy free lists (PageBuddy()).</param>
public sealed record PhasesSection(
    ImmutableHashSet<string> AllocationRoots,
    ImmutableHashSet<string> InitRoots,
    ImmutableHashSet<string> InitAnnotations,
    ImmutableHashSet<string> FreeRoots,
    ImmutableHashSet<string> Allocators,
    ImmutableHashSet<string> PublicationPoints,
    ImmutableHashSet<string> NonPublishing,
    ImmutableArray<string> NonPublishingPrefixes,
    ImmutableDictionary<string, ImmutableHashSet<string>> ReferenceFreeWriters,
    ImmutableHashSet<string> RefcountFreeze,
    ImmutableHashSet<string> RefcountUnfreeze,
    ImmutableHashSet<string> RefcountDropsToZero,
    ImmutableDictionary<string, ImmutableArray<string>> ExclusiveParameters,
    ImmutableHashSet<string> PrivateStructTypes,
    ImmutableHashSet<string> ConditionWrappers,
    ImmutableHashSet<string> LockAcquire,
    ImmutableHashSet<string> LockRelease,
    ImmutableHashSet<string> SameObjectAddresses,
    ImmutableDictionary<string, ImmutableHashSet<string>> AllocationCallbacks,
    ImmutableDictionary<string, ImmutableHashSet<string>> FreeCallbacks,
    ImmutableHashSet<string> AllocatorOwnedTypes,
    ImmutableHashSet<string> FreeListTests)
{
    /// <summary>Whether parameter <paramref name="index"/> (named <paramref name="name"/>) of <paramref name="function"/> is exclusive by contract.</summary>
    public bool IsExclusiveParameter(string function, int index, string? name) =>
        ExclusiveParameters.TryGetValue(function, out var listed)
        && (listed.Contains(index.ToString(System.Globalization.CultureInfo.InvariantCulture)) || name is not null && listed.Contains(name));
}
