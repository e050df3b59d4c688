using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Folint.Analyzer.Roslyn;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Folint.Analyzer.Catalog;
using Folint.CSource.Knowledge;

namespace Folint.Analyzer.Tests.Roslyn;

/// <summary>
/// The Roslyn descriptors are generated from rules/FOLnnn.yaml at build time (src/Analyzer/DescriptorGenerator);
/// these tests load the catalog with the engine's own loader and check the generated rows and every descriptor the
/// analyzers use against it.
/// </summary>
public sealed class CatalogConsistencyTests
{
    private static readonly string[] s_roslynRules = { "FOL001", "FOL002", "FOL003", "FOL004" };

    [Fact]
    public void GeneratedRows_AreTheYamlCatalog_EveryRuleAndVariant()
    {
        var rules = s_catalog.Value.Rules.Where(r => !r.Retired).ToList();

        Assert.Equal(rules.Select(r => r.Id).Order(StringComparer.Ordinal), FolintDiagnostics.Rows.Keys.Order(StringComparer.Ordinal));
        foreach (var rule in rules)
        {
            var row = FolintDiagnostics.Rows[rule.Id];
            Assert.Equal(rule.Title, row.Title);
            Assert.Equal(rule.Category, row.Category);
            Assert.Equal(SeverityOf(rule.Severity), row.Severity);
            Assert.Equal(rule.MessageFormat, row.Message);
            Assert.Equal(rule.MessageVariants.OrderBy(v => v.Key, StringComparer.Ordinal), row.Variants.OrderBy(v => v.Key, StringComparer.Ordinal));
        }
    }

    [Fact]
    public void EverySupportedDescriptor_MatchesTheYamlCatalogAndLinksToItsDoc()
    {
        var descriptors = Analyzers().SelectMany(a => a.SupportedDiagnostics).ToList();
        Assert.NotEmpty(descriptors);

        foreach (var descriptor in descriptors)
        {
            var rule = LoadRule(descriptor.Id);
            Assert.Equal(rule.Title, descriptor.Title.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(rule.Category, descriptor.Category);
            Assert.Equal(SeverityOf(rule.Severity), descriptor.DefaultSeverity);
            Assert.Contains(descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture), rule.MessageVariants.Values.Prepend(rule.MessageFormat));
            Assert.True(descriptor.IsEnabledByDefault);
            Assert.Equal(FolintDiagnostics.HelpLink(descriptor.Id) ?? "", descriptor.HelpLinkUri);
        }
    }

    [Fact]
    public void Analyzers_CoverExactlyTheRoslynRules_OneAnalyzerEach()
    {
        var byAnalyzer = Analyzers().Select(a => a.SupportedDiagnostics.Select(d => d.Id).Distinct().Single()).OrderBy(i => i, StringComparer.Ordinal).ToArray();

        Assert.Equal(s_roslynRules, byAnalyzer);
    }

    [Fact]
    public void UnshippedReleaseNotes_ListEveryRuleWithItsCatalogCategoryAndSeverity()
    {
        var lines = File.ReadAllLines(Path.Combine(Repository.Root, "src", "Analyzer", "Roslyn", "AnalyzerReleases.Unshipped.md"));

        foreach (var id in s_roslynRules)
        {
            var rule = LoadRule(id);
            var row = lines.Single(l => l.StartsWith(id + " ", StringComparison.Ordinal)).Split('|').Select(c => c.Trim()).ToArray();
            Assert.Equal(rule.Category, row[1]);
            Assert.Equal(SeverityOf(rule.Severity).ToString(), row[2]);
        }
    }

    private static IEnumerable<DiagnosticAnalyzer> Analyzers() =>
        typeof(FolintDiagnostics).Assembly.GetTypes()
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!);

    private static readonly Lazy<RuleCatalog> s_catalog = new(() => RuleCatalogLoader.Load(Path.Combine(Repository.Root, "rules")));

    private static RuleDescriptor LoadRule(string id) => s_catalog.Value[id];

    private static DiagnosticSeverity SeverityOf(Folint.Analyzer.Findings.Severity severity) => severity switch
    {
        Folint.Analyzer.Findings.Severity.Error => DiagnosticSeverity.Error,
        Folint.Analyzer.Findings.Severity.Warning => DiagnosticSeverity.Warning,
        _ => DiagnosticSeverity.Info,
    };
}
