using System.Collections.Immutable;

namespace Folint.Analyzer.Rules.Knowledge;

/// <summary>rules/kernel/pages.yaml: what denotes a struct page or a struct folio beyond declared types.</summary>
/// <param name="PageReturning">Functions and macros that return a struct page *.</param>
/// <param name="FolioReturning">Functions and macros that return a struct folio *.</param>
/// <param name="NonatomicBitops">Bit operations that read, modify and write the whole word without atomicity.</param>
/// <param name="FlagsFields">Names of the flags word in struct page / struct folio.</param>
public sealed record PagesSection(
    ImmutableHashSet<string> PageReturning,
    ImmutableHashSet<string> FolioReturning,
    ImmutableHashSet<string> NonatomicBitops,
    ImmutableHashSet<string> FlagsFields);
