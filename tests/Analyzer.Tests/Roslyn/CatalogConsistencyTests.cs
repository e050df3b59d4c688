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
/// The Roslyn descriptors repeat rules/FOLnnn.yaml (the analyzer assembly cannot read YAML in a compiler host);
/// these tests load the catalog with the engine's own loader and fail as soon as the two sides drift.
/// </summary>
public sealed class CatalogConsistencyTests
{
    private static readonly string[] s_roslynRules = { "FOL001", "FOL002", "FOL003", "FOL004" };

    public static TheoryData<string> RoslynRules() => new(s_roslynRules);

    [Theory]
    [MemberData(nameof(RoslynRules))]
    public void DescriptorRow_MatchesTheYamlCatalog(string id)
    {
        var rule = LoadRule(id);
        var row = FolintDiagnostics.Rows[id];

        Assert.Equal(rule.Id, id);
        Assert.Equal(rule.Title, row.Title);
        Assert.Equal(rule.Category, row.Category);
        Assert.Equal(SeverityOf(rule.Severity), row.Severity);
        Assert.Equal(rule.MessageFormat, row.Message);
        foreach (var variant in row.Variants)
        {
            Assert.True(rule.MessageVariants.TryGetValue(variant.Key, out var yaml), $"{id}: variant '{variant.Key}' is not in rules/{id}.yaml");
            Assert.Equal(yaml, variant.Value);
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
            var message = descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(message == rule.MessageFormat || rule.MessageVariants.Values.Contains(message), $"{descriptor.Id}: '{message}' is neither the message of rules/{descriptor.Id}.yaml nor one of its variants");
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
