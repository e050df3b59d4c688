using System.Collections.Immutable;
using Folint.Analyzer.Findings;

namespace Folint.Analyzer.Catalog;

/// <summary>The review thread a rule was learned from.</summary>
public sealed record SeedReference(string File, string Summary);

public sealed record RuleExample(string Title, string Code);

/// <summary>
/// One rule as written once in <c>rules/FOLnnn.yaml</c>. Every frontend and document reads it from here:
/// the C rules, the Roslyn descriptors (checked against it by a test), <c>folint explain</c> and SARIF help.
/// <see cref="MessageFormat"/> uses positional holes ({0}, {1}, ...) as Roslyn does, named in <see cref="MessageArguments"/>;
/// a rule with more than one shape of finding has named <see cref="MessageVariants"/>.
/// </summary>
public sealed record RuleDescriptor(
    string Id,
    string Title,
    Severity Severity,
    string Category,
    string MessageFormat,
    ImmutableArray<string> MessageArguments,
    string Summary,
    string Rationale,
    string Fix,
    ImmutableArray<SeedReference> Seeds,
    ImmutableArray<RuleExample> BadExamples,
    ImmutableArray<RuleExample> GoodExamples,
    ImmutableDictionary<string, string> MessageVariants,
    bool Retired = false)
{
    /// <summary>Where the rule's documentation lives in the repository, relative to its root.</summary>
    public string HelpPath => "docs/rules/" + Id + ".md";

    public string FormatMessage(params object?[] arguments) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, MessageFormat, arguments);

    /// <summary>Formats a named variant of the message (FOL002's "layout", FOL003's "raw"), or the main one for null.</summary>
    public string FormatMessage(string? variant, params object?[] arguments) =>
        string.Format(
            System.Globalization.CultureInfo.InvariantCulture,
            variant is null ? MessageFormat : MessageVariants.TryGetValue(variant, out var format) ? format : throw new System.ArgumentException($"{Id} has no message variant '{variant}'", nameof(variant)),
            arguments);
}

/// <summary>All rules, by id.</summary>
public sealed class RuleCatalog
{
    private readonly ImmutableDictionary<string, RuleDescriptor> _byId;

    public RuleCatalog(ImmutableArray<RuleDescriptor> rules)
    {
        Rules = rules;
        _byId = rules.ToImmutableDictionary(r => r.Id, System.StringComparer.OrdinalIgnoreCase);
    }

    public ImmutableArray<RuleDescriptor> Rules { get; }

    public RuleDescriptor this[string id] => _byId[id];

    public bool TryGet(string id, out RuleDescriptor rule)
    {
        if (_byId.TryGetValue(id, out var found))
        {
            rule = found;
            return true;
        }
        rule = null!;
        return false;
    }
}
