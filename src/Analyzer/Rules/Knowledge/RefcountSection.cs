using System.Collections.Immutable;

namespace Folint.Analyzer.Rules.Knowledge;

/// <summary>rules/kernel/refcount.yaml (FOL002, seed 001: "refcount must be 0 on all tail pages").</summary>
/// <param name="PageRefcountWrites">Functions and macros that change the _refcount of the page passed first.</param>
/// <param name="PageRefcountStores">Of those, the ones that store their second argument.</param>
/// <param name="AtomicNonwrites">Atomic operations on &amp;page-&gt;_refcount that write nothing, or only when the count is not zero.</param>
/// <param name="AtomicOperationPrefixes">Name prefixes of atomic operations; every other such operation on _refcount writes it.</param>
/// <param name="AtomicStores">Atomic stores and exchanges (storing 0 keeps the invariant).</param>
/// <param name="RefcountFields">The refcount member of struct page (and of struct folio).</param>
/// <param name="PfnLookups">Lookups that return whatever struct page backs a PFN: a tail page as often as not.</param>
/// <param name="IndexedPageLookups">Page lookups by index: at a non-zero index the page is a tail.</param>
/// <param name="TailClearing">Calls after which the page passed is not a tail any more.</param>
/// <param name="CompoundTests">Page tests that, known to be false, prove a page is not part of a compound page.</param>
/// <param name="PageIsolation">Calls that, when they succeed, leave the page passed an order-0 page of its own.</param>
/// <param name="TailPageNames">Names mm gives a tail page: without a tree, a page so named whose value the hunks do not show is taken to be one.</param>
public sealed record RefcountSection(
    ImmutableHashSet<string> PageRefcountWrites,
    ImmutableHashSet<string> PageRefcountStores,
    ImmutableHashSet<string> AtomicNonwrites,
    ImmutableArray<string> AtomicOperationPrefixes,
    ImmutableHashSet<string> AtomicStores,
    ImmutableHashSet<string> RefcountFields,
    ImmutableHashSet<string> PfnLookups,
    ImmutableHashSet<string> IndexedPageLookups,
    ImmutableHashSet<string> TailClearing,
    ImmutableHashSet<string> CompoundTests,
    ImmutableHashSet<string> PageIsolation,
    ImmutableHashSet<string> TailPageNames);
