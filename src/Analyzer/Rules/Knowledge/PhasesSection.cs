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
/// <param name="ReferenceFreeWriters">Functions that change page flags without holding a reference (memory_failure()).</param>
/// <param name="RefcountFreeze">Calls that freeze a refcount.</param>
/// <param name="RefcountUnfreeze">Calls that unfreeze it (and publish the folio again).</param>
/// <param name="RefcountDropsToZero">Calls true when the caller dropped the last reference.</param>
/// <param name="ExclusiveParameters">Functions, with the 0-based indexes of the parameters that hold an object nobody else can reach.</param>
/// <param name="PrivateStructTypes">Structures private to one operation: a store into one does not publish.</param>
/// <param name="ConditionWrappers">Calls that stand for their argument in a condition (likely(), unlikely()).</param>
/// <param name="LockAcquire">Lock acquisitions.</param>
/// <param name="LockRelease">Lock releases.</param>
public sealed record PhasesSection(
    ImmutableHashSet<string> AllocationRoots,
    ImmutableHashSet<string> InitRoots,
    ImmutableHashSet<string> InitAnnotations,
    ImmutableHashSet<string> FreeRoots,
    ImmutableHashSet<string> Allocators,
    ImmutableHashSet<string> PublicationPoints,
    ImmutableHashSet<string> NonPublishing,
    ImmutableArray<string> NonPublishingPrefixes,
    ImmutableHashSet<string> ReferenceFreeWriters,
    ImmutableHashSet<string> RefcountFreeze,
    ImmutableHashSet<string> RefcountUnfreeze,
    ImmutableHashSet<string> RefcountDropsToZero,
    ImmutableDictionary<string, ImmutableArray<int>> ExclusiveParameters,
    ImmutableHashSet<string> PrivateStructTypes,
    ImmutableHashSet<string> ConditionWrappers,
    ImmutableHashSet<string> LockAcquire,
    ImmutableHashSet<string> LockRelease);
