using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Folint.Analyzer.Roslyn;

/// <summary>
/// The one place Roslyn descriptors come from. The rows repeat rules/FOLnnn.yaml (id, title, category, default
/// severity, message and the message variants the analyzers use) because the analyzer assembly loads in compiler
/// hosts and cannot parse YAML; tests/Analyzer.Tests/Roslyn/CatalogConsistencyTests loads the YAML and fails when a
/// row differs. Help links and severities are derived from the id, as dotnet/roslyn-analyzers'
/// DiagnosticDescriptorHelper does.
/// </summary>
public static class FolintDiagnostics
{
    /// <summary>
    /// Where the repository's files are browsed on the web; a rule's help is <c>docs/rules/FOLnnn.md</c> under it.
    /// folint has no public home yet, so this is empty and descriptors carry no help link: an invented address
    /// would send users nowhere. The help itself ships in the repository (docs/rules/) and in <c>folint explain</c>.
    /// </summary>
    public const string HelpLinkBase = "";

    internal sealed class Row
    {
        public Row(string title, string category, DiagnosticSeverity severity, string message, IReadOnlyDictionary<string, string>? variants = null)
        {
            Title = title;
            Category = category;
            Severity = severity;
            Message = message;
            Variants = variants ?? new Dictionary<string, string>();
        }

        public string Title { get; }

        public string Category { get; }

        public DiagnosticSeverity Severity { get; }

        public string Message { get; }

        /// <summary>The YAML's message variants the analyzers report with (a subset: some variants are the C rules' alone).</summary>
        public IReadOnlyDictionary<string, string> Variants { get; }
    }

    internal static readonly IReadOnlyDictionary<string, Row> Rows = new Dictionary<string, Row>
    {
        ["FOL001"] = new(
            "Non-atomic page flag update outside an exclusive phase",
            "Concurrency",
            DiagnosticSeverity.Warning,
            "{0}() updates {1} non-atomically in {2}, which other code changes atomically without holding this function's locks: a concurrent update of another flag in that word can be lost",
            new Dictionary<string, string>
            {
                ["locked"] = "{0}() updates {1} non-atomically in {2} under a lock that the other writers of that word do not take (they change it atomically): a concurrent update of another flag in that word can be lost",
                ["unlocked"] = "{0}() updates {1} non-atomically in {2} outside an allocation, free or frozen-refcount path, where other code changes that word atomically at any time: a concurrent update of another flag in that word can be lost",
                ["reachable"] = "{0}() updates {1} non-atomically in {2} on a call path that starts outside any allocation, free or frozen-refcount path, where other code changes that word atomically at any time: a concurrent update of another flag in that word can be lost",
                ["published"] = "{0}() updates {1} non-atomically in {2} of a folio this code has already published: other CPUs can now change that word atomically, and a concurrent update of another flag in it can be lost",
                ["deferred"] = "{0}() updates {1} non-atomically in {2} in code that runs later (a lambda, local function or async continuation that outlives this call), when other CPUs may already reach the folio: a concurrent atomic update of another flag in that word can be lost",
            }),
        ["FOL002"] = new(
            "Write to a tail page's refcount",
            "Correctness",
            DiagnosticSeverity.Warning,
            "{0} writes the refcount of {1}, which may be a tail page: tail-page refcounts must stay 0 because PFN walkers and GUP-fast take speculative references on pages they believe to be heads"),
        ["FOL003"] = new(
            "Mapcount read that hides underflows",
            "Correctness",
            DiagnosticSeverity.Warning,
            "{0} clamps a value derived from {1} to 0 without the page-type test: a mapcount underflow then reads as 0 and the zap paths' underflow checks never fire"),
        ["FOL004"] = new(
            "Batched page operation that underflows on a zero count",
            "Correctness",
            DiagnosticSeverity.Warning,
            "count-down loop over {0} decrements before it tests: when {0} is 0 the unsigned count wraps and the loop runs about 4 billion times over pages that are not there",
            new Dictionary<string, string>
            {
                ["signed"] = "count-down loop over {0} decrements before it tests: when {0} is 0 the signed count goes to -1, which the test takes for more work, and the loop runs on through every negative value (about 4 billion times for an int) over pages that are not there",
            }),
    };

    public static string? HelpLink(string id) => HelpLinkBase.Length == 0 ? null : HelpLinkBase + "docs/rules/" + id + ".md";

    /// <summary>
    /// The descriptor for a rule, or for one of its message <paramref name="variant"/>s (same id, title and severity,
    /// so .editorconfig and suppressions treat them as one rule). <paramref name="compilationEnd"/> marks a
    /// descriptor reported once the whole compilation has been seen (FOL001's callers), which editors show with
    /// full-solution analysis only.
    /// </summary>
    public static DiagnosticDescriptor Create(string id, string? variant = null, bool compilationEnd = false)
    {
        var row = Rows[id];
        return new DiagnosticDescriptor(
            id,
            row.Title,
            variant is null ? row.Message : row.Variants[variant],
            row.Category,
            row.Severity,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink(id),
            customTags: compilationEnd ? new[] { WellKnownDiagnosticTags.CompilationEnd } : System.Array.Empty<string>());
    }
}
