using System.Collections.Immutable;

namespace Folint.Analyzer.Rules.Knowledge;

/// <summary>rules/kernel/batch.yaml (FOL004, seed 003).</summary>
/// <param name="FlagUpdatePrefixes">Name prefixes of the page-flag accessors that change a flag (SetPage, __folio_clear_).</param>
/// <param name="CountUpdates">Folio refcount and mapcount operations that change a count.</param>
/// <param name="BitUpdates">Atomic bit operations that change a word passed by address.</param>
/// <param name="NonzeroCounts">Functions and constants that are never 0.</param>
/// <param name="AligningFunctions">
/// Functions that round a size to a multiple, and of what: a constant (PAGE_ALIGN: PAGE_SIZE) or "@N", the function's
/// Nth argument (ALIGN: "@2"). A count assigned one and stepped down by that multiple reaches 0 exactly.
/// </param>
public sealed record BatchSection(
    ImmutableArray<string> FlagUpdatePrefixes,
    ImmutableHashSet<string> CountUpdates,
    ImmutableHashSet<string> BitUpdates,
    ImmutableHashSet<string> NonzeroCounts,
    ImmutableDictionary<string, string> AligningFunctions);
