using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Folint.Analyzer.Roslyn;

/// <summary>
/// The one place Roslyn descriptors come from. <c>Rows</c> is generated at build time from rules/FOLnnn.yaml (id,
/// title, category, default severity, message, message variants) by src/Analyzer/DescriptorGenerator, as Roslynator
/// generates its descriptors from its metadata: the analyzer assembly loads in compiler hosts and reads no YAML at run
/// time, and no file repeats what the YAML says. Help links are derived from the id, as dotnet/roslyn-analyzers'
/// DiagnosticDescriptorHelper does.
/// </summary>
public static partial class FolintDiagnostics
{
    /// <summary>
    /// Where the repository's files are browsed on the web; a rule's help is <c>docs/rules/FOLnnn.md</c> under it.
    /// folint has no public home yet, so this is empty and descriptors carry no help link: an invented address
    /// would send users nowhere. The help itself ships in the repository (docs/rules/) and in <c>folint explain</c>.
    /// </summary>
    public const string HelpLinkBase = "";

    /// <summary>One rule as the YAML writes it, for its descriptors.</summary>
    internal sealed class Row
    {
        public Row(string title, string category, DiagnosticSeverity severity, string message, IReadOnlyDictionary<string, string> variants)
        {
            Title = title;
            Category = category;
            Severity = severity;
            Message = message;
            Variants = variants;
        }

        public string Title { get; }

        public string Category { get; }

        public DiagnosticSeverity Severity { get; }

        public string Message { get; }

        /// <summary>The YAML's message variants (some are the C rules' alone).</summary>
        public IReadOnlyDictionary<string, string> Variants { get; }
    }

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
