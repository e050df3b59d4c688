using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Folint.Analyzer.Catalog;

namespace Folint.CSource.Engine;

/// <summary>The <c>--rules FOL000,FOL001</c> selection, checked against the catalog.</summary>
public static class RuleFilter
{
    /// <summary>
    /// The ids named in <paramref name="values"/> (each value may hold several, comma-separated), spelled as the
    /// catalog spells them; null when nothing was named (every rule runs).
    /// </summary>
    public static ImmutableHashSet<string>? Parse(IEnumerable<string>? values, RuleCatalog catalog)
    {
        if (values is null)
            return null;
        var named = values
            .SelectMany(v => v.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        if (named.Count == 0)
            return null;
        var ids = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var id in named)
        {
            if (!catalog.TryGet(id, out var rule))
                throw new UnknownRuleError(id, catalog.Rules.Select(r => r.Id).OrderBy(i => i, StringComparer.Ordinal));
            ids.Add(rule.Id);
        }
        return ids.ToImmutable();
    }
}
