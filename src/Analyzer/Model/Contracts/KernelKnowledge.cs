using System.Collections.Generic;
using System.Collections.Immutable;

namespace Folint.Analyzer.Rules;

/// <summary>
/// Kernel facts the rules need, loaded from rules/kernel/*.yaml by the frontend. Each rule owns a section;
/// a section is a plain dictionary of lists until its rule gives it a typed form.
/// </summary>
public sealed class KernelKnowledge
{
    public KernelKnowledge(ImmutableDictionary<string, ImmutableArray<string>> lists)
    {
        Lists = lists;
    }

    public static KernelKnowledge Empty { get; } = new(ImmutableDictionary<string, ImmutableArray<string>>.Empty);

    /// <summary>Named lists (file stem + "." + key, e.g. "phases.allocation_roots").</summary>
    public ImmutableDictionary<string, ImmutableArray<string>> Lists { get; }

    public ImmutableArray<string> List(string name) =>
        Lists.TryGetValue(name, out var list) ? list : ImmutableArray<string>.Empty;

    public IReadOnlyCollection<string> Set(string name) => new HashSet<string>(List(name), System.StringComparer.Ordinal);
}
