using System.Collections.Generic;
using System.Collections.Immutable;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Rules.Layout;

namespace Folint.Analyzer.Rules.Knowledge;

/// <summary>rules/kernel/layout.yaml (FOL002's layout variant, seed 001).</summary>
/// <param name="Config">Macros defined in the configuration the layout assumes, with their values.</param>
/// <param name="Sizes">LP64 sizes of the scalar types and of the kernel types struct page and struct folio use without defining them.</param>
/// <param name="PlaceholderPrefixes">Member name prefixes of the slots a tree reserves over the tail pages' refcounts.</param>
/// <param name="OverlayRecords">Records laid over consecutive struct pages, the head first (folio).</param>
/// <param name="PageRecord">The record those lie over (page).</param>
/// <param name="RefcountField">The refcount member of the page record.</param>
/// <param name="PageHeader">The tree header that defines the page record when the checked file does not.</param>
public sealed record LayoutSection(
    ImmutableDictionary<string, long> Config,
    ImmutableDictionary<string, TypeSize> Sizes,
    ImmutableArray<string> PlaceholderPrefixes,
    ImmutableArray<string> OverlayRecords,
    string PageRecord,
    string RefcountField,
    string PageHeader) : IValidatedKnowledge
{
    public IEnumerable<KnowledgeProblem> Problems()
    {
        if (Sizes.IsEmpty)
            yield return new("sizes", "no type sizes", "the layout check needs the sizes of the scalar types: list them as 'int: {size: 4, align: 4}'");
        var spellings = new Dictionary<string, string>(System.StringComparer.Ordinal);
        foreach (var (type, size) in Sizes)
        {
            var name = LayoutKnowledge.TypeName(type);
            if (spellings.TryGetValue(name, out var other))
                yield return new("sizes." + type, $"'{type}' is the same type as '{other}'", "keep one of the two");
            spellings[name] = type;
            if (size.Size <= 0 || size.Align <= 0)
                yield return new("sizes." + type, $"size {size.Size} and alignment {size.Align} of '{type}' are not both positive", "give the LP64 size and alignment in bytes");
        }
        if (OverlayRecords.IsEmpty)
            yield return new("overlay_records", "no record to lay over the pages", "name the record laid over consecutive struct pages (folio)");
    }
}
