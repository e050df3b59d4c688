using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Folint.Analyzer.Roslyn.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace Folint.Analyzer.Roslyn.Flags;

internal enum OriginKind
{
    /// <summary>Created here (an allocator, <c>new</c>, an array): nobody else has it until it is published.</summary>
    Fresh,

    /// <summary>What a parameter or a captured variable held when the body started: as owned as its callers make it.</summary>
    Input,

    /// <summary>A delegate made here from a lambda or local function: it runs where it is invoked.</summary>
    Delegate,

    /// <summary>Anything else: a field, another method's result, an element of a shared collection.</summary>
    Unknown,
}

/// <summary>
/// An abstract object of <see cref="OwnershipFlow"/>: where a folio, a page or a container came from. A fresh object
/// is named by its creation site; the most recent object of a site is told apart from the older ones, so the folio
/// allocated in this loop iteration is fresh although the one of the last iteration was published
/// (the recency abstraction).
/// </summary>
internal sealed class Origin
{
    public static Origin Unknown { get; } = new(OriginKind.Unknown, null, false);

    private Origin(OriginKind kind, object? key, bool recent)
    {
        Kind = kind;
        Key = key;
        Recent = recent;
    }

    public OriginKind Kind { get; }

    /// <summary>The creation site (SyntaxNode) of a fresh object; the parameter, captured variable or lambda (ISymbol) otherwise.</summary>
    public object? Key { get; }

    /// <summary>For a fresh object: the most recent one created at its site.</summary>
    public bool Recent { get; }

    public static Origin Fresh(SyntaxNode site, bool recent = true) => new(OriginKind.Fresh, site, recent);

    public static Origin Input(ISymbol symbol) => new(OriginKind.Input, symbol, false);

    /// <summary>A delegate of a lambda (with the operation that creates it, which finds its graph) or of a local function.</summary>
    public static Origin Delegate(IMethodSymbol body, IFlowAnonymousFunctionOperation? creation) => new(OriginKind.Delegate, body, false) { Creation = creation };

    /// <summary>For a lambda's delegate: where it is created (not part of its identity).</summary>
    public IFlowAnonymousFunctionOperation? Creation { get; private init; }

    public Origin Older() => new(Kind, Key, false);

    public override bool Equals(object? obj) =>
        obj is Origin other && Kind == other.Kind && Recent == other.Recent && (Key is null ? other.Key is null : other.Key is not null && FlowKeys.Comparer.Equals(Key, other.Key));

    public override int GetHashCode() => (int)Kind * 31 + (Recent ? 1 : 0) + (Key is null ? 0 : FlowKeys.Comparer.GetHashCode(Key));
}

/// <summary>
/// Where a non-atomic flag update happens, and what the message says about it: the accessor (or, for an update
/// inside an [AllocationPath] or async method called here, that method), the flag, its word, the atomic twin the
/// code fix swaps in, and whether a lock is held there.
/// </summary>
internal sealed record FlagSite(Location Location, string Accessor, string Flag, string Word, string? AtomicCounterpart, bool Locked)
{
    public bool Equals(FlagSite? other) => other is not null && Location.Equals(other.Location) && Accessor == other.Accessor;

    public override int GetHashCode() => Location.GetHashCode();
}

internal enum RequirementKind
{
    /// <summary>The body must run where nobody else can touch the pages (an exclusive phase): the update is on an object it does not own.</summary>
    Exclusive,

    /// <summary>An input (parameter or captured variable) must be owned and unpublished where the body runs.</summary>
    Owned,
}

/// <summary>
/// What a body needs from whoever runs it for its non-atomic updates to be safe. <paramref name="Via"/> names the
/// methods between the update and the body, innermost last, for the message ("Split.Unqueue() -> ClearFlags() ->
/// ClearPartiallyMappedNonAtomic()"). <paramref name="Deferred"/>: the update runs after an await.
/// </summary>
internal sealed record Requirement(RequirementKind Kind, ISymbol? Input, FlagSite Site, bool Deferred, ImmutableArray<string> Via)
{
    public bool Equals(Requirement? other) =>
        other is not null && Kind == other.Kind && Site.Equals(other.Site) && Deferred == other.Deferred
        && (Input is null ? other.Input is null : other.Input is not null && SymbolEqualityComparer.Default.Equals(Input, other.Input));

    public override int GetHashCode() => Site.GetHashCode() ^ (int)Kind;
}

/// <summary>An update that is wrong whoever runs the body: after publication, or in code that runs later.</summary>
internal sealed record Violation(FlagSite Site, string Variant, ImmutableArray<string> Via)
{
    public bool Equals(Violation? other) => other is not null && Site.Equals(other.Site) && Variant == other.Variant;

    public override int GetHashCode() => Site.GetHashCode();
}

/// <summary>
/// What FOL001 knows of a body (a method, a local function, a lambda) once its flow has run: what it requires of
/// its callers, which inputs it publishes, whether what it returns is fresh, which updates are wrong in any case,
/// which methods of the compilation it calls or hands out as delegates, and which variables of the body it is
/// written in it captures (a lambda that runs later takes those with it).
/// </summary>
internal sealed record FlagSummary(
    ImmutableHashSet<Requirement> Requirements,
    ImmutableHashSet<ISymbol> Publishes,
    bool ReturnsFresh,
    ImmutableHashSet<Violation> Violations,
    ImmutableHashSet<IMethodSymbol> Callees,
    ImmutableHashSet<IMethodSymbol> Escaped,
    ImmutableHashSet<ISymbol> Captured)
{
    /// <summary>Where a recursive method starts: nothing required, nothing published, nothing fresh returned.</summary>
    public static FlagSummary Empty { get; } = new(
        ImmutableHashSet<Requirement>.Empty,
        ImmutableHashSet.Create<ISymbol>(SymbolEqualityComparer.Default),
        false,
        ImmutableHashSet<Violation>.Empty,
        ImmutableHashSet.Create<IMethodSymbol>(SymbolEqualityComparer.Default),
        ImmutableHashSet.Create<IMethodSymbol>(SymbolEqualityComparer.Default),
        ImmutableHashSet.Create<ISymbol>(SymbolEqualityComparer.Default));

    public bool Equals(FlagSummary? other) =>
        other is not null && ReturnsFresh == other.ReturnsFresh && Requirements.SetEquals(other.Requirements) && Publishes.SetEquals(other.Publishes)
        && Violations.SetEquals(other.Violations) && Callees.SetEquals(other.Callees) && Escaped.SetEquals(other.Escaped) && Captured.SetEquals(other.Captured);

    public override int GetHashCode() => Requirements.Count ^ Publishes.Count;
}

/// <summary>Set helpers for origin sets.</summary>
internal static class Origins
{
    public static ImmutableHashSet<Origin> None { get; } = ImmutableHashSet<Origin>.Empty;

    public static ImmutableHashSet<Origin> Of(Origin origin) => ImmutableHashSet.Create(origin);

    public static ImmutableHashSet<Origin> UnknownOnly { get; } = Of(Origin.Unknown);
}
