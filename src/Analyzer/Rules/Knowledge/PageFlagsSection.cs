using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Rules.Flags;
using Folint.Analyzer.Rules.Kernel;

namespace Folint.Analyzer.Rules.Knowledge;

/// <summary>rules/kernel/page-flags.yaml: how FOL000/FOL001 read page-flags.h and flag updates (seed 000).</summary>
/// <param name="Header">The header the accessors come from.</param>
/// <param name="FlagsEnum">The enum that names the flag bits (aliases resolve through it).</param>
/// <param name="FlagPrefix">The prefix of flag names (PG_).</param>
/// <param name="PolicyHead">Page policies that send a page to its head page's word.</param>
/// <param name="PolicySecond">Page policies that send it to the second page's word.</param>
/// <param name="PolicyAny">Page policies that keep the word of the page given.</param>
/// <param name="HeadOf">What gives the head page or the folio of a page.</param>
/// <param name="NthPageOf">The n-th page of an object.</param>
/// <param name="SameObject">Conversions between views of the same memory descriptor.</param>
/// <param name="LockFlags">Flag bits that are a lock (PG_locked), with the calls that take and release it: never an atomic flag accessor.</param>
/// <param name="ContendedLockFlags">Flags set by whoever waits for a folio's lock (PG_waiters).</param>
public sealed record PageFlagsSection(
    string Header,
    string FlagsEnum,
    string FlagPrefix,
    ImmutableHashSet<string> TestBitops,
    ImmutableHashSet<string> AtomicSetBitops,
    ImmutableHashSet<string> AtomicClearBitops,
    ImmutableHashSet<string> AtomicChangeBitops,
    ImmutableHashSet<string> AtomicTestAndSetBitops,
    ImmutableHashSet<string> AtomicTestAndClearBitops,
    ImmutableHashSet<string> NonatomicSetBitops,
    ImmutableHashSet<string> NonatomicClearBitops,
    ImmutableHashSet<string> NonatomicChangeBitops,
    ImmutableHashSet<string> NonatomicTestAndSetBitops,
    ImmutableHashSet<string> NonatomicTestAndClearBitops,
    ImmutableHashSet<string> PolicyHead,
    ImmutableHashSet<string> PolicySecond,
    ImmutableHashSet<string> PolicyAny,
    ImmutableHashSet<string> HeadOf,
    ImmutableHashSet<string> NthPageOf,
    ImmutableHashSet<string> SameObject,
    ImmutableDictionary<string, LockApi> LockFlags,
    ImmutableHashSet<string> ContendedLockFlags)
{
    /// <summary>Every bit operation with what it does and whether it is atomic (the flags word is its second argument).</summary>
    public IEnumerable<(string Name, FlagOp Op, bool Atomic)> Bitops() =>
        TestBitops.Select(n => (n, FlagOp.Test, true))
            .Concat(AtomicSetBitops.Select(n => (n, FlagOp.Set, true)))
            .Concat(AtomicClearBitops.Select(n => (n, FlagOp.Clear, true)))
            .Concat(AtomicChangeBitops.Select(n => (n, FlagOp.Change, true)))
            .Concat(AtomicTestAndSetBitops.Select(n => (n, FlagOp.TestAndSet, true)))
            .Concat(AtomicTestAndClearBitops.Select(n => (n, FlagOp.TestAndClear, true)))
            .Concat(NonatomicSetBitops.Select(n => (n, FlagOp.Set, false)))
            .Concat(NonatomicClearBitops.Select(n => (n, FlagOp.Clear, false)))
            .Concat(NonatomicChangeBitops.Select(n => (n, FlagOp.Change, false)))
            .Concat(NonatomicTestAndSetBitops.Select(n => (n, FlagOp.TestAndSet, false)))
            .Concat(NonatomicTestAndClearBitops.Select(n => (n, FlagOp.TestAndClear, false)));
}

/// <summary>How a lock bit is taken and released (PG_locked: folio_lock(), folio_trylock(); folio_unlock()).</summary>
public sealed record LockApi(ImmutableArray<string> Take, string Release);

/// <summary>One accessor of the fallback table: the flag it works on, the word, the operation, atomicity, its argument.</summary>
public sealed record FallbackAccessor(string Flag, FlagWord Word, FlagOp Op, bool Atomic, PageObject Takes);

/// <summary>
/// rules/kernel/page-flags-fallback.yaml: the accessors of Debian's 6.12 page-flags.h as folint derives them, for a
/// file checked without its tree.
/// </summary>
/// <param name="Aliases">Flag to the bit it aliases, from enum pageflags.</param>
/// <param name="Accessors">Accessor name to what it does.</param>
public sealed record PageFlagsFallbackSection(
    ImmutableDictionary<string, string> Aliases,
    ImmutableDictionary<string, FallbackAccessor> Accessors) : IValidatedKnowledge
{
    public IEnumerable<KnowledgeProblem> Problems()
    {
        foreach (var (name, accessor) in Accessors)
        {
            if (accessor.Word == FlagWord.Unknown)
                yield return new($"accessors.{name}.word", "the word is unknown", "use head, second or any-page");
            if (accessor.Op == FlagOp.Update)
                yield return new($"accessors.{name}.op", "update is no accessor operation", "use test, set, clear, change, test-and-set or test-and-clear");
            if (accessor.Takes == PageObject.Unknown)
                yield return new($"accessors.{name}.takes", "the argument is neither a page nor a folio", "use page or folio");
        }
    }
}
