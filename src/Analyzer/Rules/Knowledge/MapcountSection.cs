using System.Collections.Immutable;

namespace Folint.Analyzer.Rules.Knowledge;

/// <summary>rules/kernel/mapcount.yaml (FOL003, seed 004).</summary>
/// <param name="Fields">Mapcount members of struct page / struct folio.</param>
/// <param name="OffsetFields">Of those, the ones stored offset by -1.</param>
/// <param name="ReadFunctions">Calls that read an atomic mapcount field passed by address.</param>
/// <param name="TypeTests">The page-type tests, as the tree spells them.</param>
/// <param name="TypeMarkers">Constants that delimit the page-type range.</param>
/// <param name="TypeTestHeaders">Headers whose functions and macros built on a type test are type tests too.</param>
/// <param name="AccessorHeaders">Headers where the tree defines its mapcount accessors.</param>
/// <param name="Accessors">Accessors the headers only declare, or that older trees define elsewhere.</param>
public sealed record MapcountSection(
    ImmutableHashSet<string> Fields,
    ImmutableHashSet<string> OffsetFields,
    ImmutableHashSet<string> ReadFunctions,
    ImmutableHashSet<string> TypeTests,
    ImmutableHashSet<string> TypeMarkers,
    ImmutableArray<string> TypeTestHeaders,
    ImmutableArray<string> AccessorHeaders,
    ImmutableHashSet<string> Accessors);
