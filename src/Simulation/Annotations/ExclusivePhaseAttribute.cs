using System;

namespace Folint.Simulation.Mm;

/// <summary>
/// Marks a method during which no other CPU can reach the pages it works on, so non-atomic flag updates are
/// safe there. David Hildenbrand in the seed-000 review: "We may only use non-atomic variants as long as we
/// can guarantee that nobody can concurrently operate on the flags, for example on the early folio allocation
/// path or on the folio freeing path." Methods reachable only from such methods are exclusive too (FOL001
/// works that out within the compilation).
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, AllowMultiple = false, Inherited = false)]
public abstract class ExclusivePhaseAttribute : Attribute
{
}

/// <summary>The allocation path before the folio is published (page cache, LRU, rmap, a page table).</summary>
public sealed class AllocationPathAttribute : ExclusivePhaseAttribute
{
}

/// <summary>The freeing path, once the refcount has dropped to zero.</summary>
public sealed class FreePathAttribute : ExclusivePhaseAttribute
{
}

/// <summary>A path that holds the folio's refcount frozen at zero (folio_ref_freeze()), as splitting does.</summary>
public sealed class FrozenRefcountAttribute : ExclusivePhaseAttribute
{
}
