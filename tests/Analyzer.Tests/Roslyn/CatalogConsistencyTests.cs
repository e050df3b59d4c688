using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Folint.Analyzer.Roslyn;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Folint.Analyzer.Tests.Roslyn;

/// <summary>
/// The Roslyn descriptors repeat rules/FOLnnn.yaml (the analyzer assembly cannot read YAML in a compiler host);
/// these tests fail as soon as the two sides drift.
/// </summary>
public sealed class CatalogConsistencyTests
{
    private static readonly string[] s_roslynRules = { "FOL001", "FOL002", "FOL003", "FOL004" };

    public static TheoryData<string> RoslynRules() => new(s_roslynRules);

    [Theory]
    [MemberData(nameof(RoslynRules))]
    public void DescriptorRow_MatchesTheYamlCatalog(string id)
    {
        var yaml = LoadRule(id);
        var row = FolintDiagnostics.Rows[id];

        Assert.Equal(yaml.Id, id);
        Assert.Equal(yaml.Title, row.Title);
        Assert.Equal(yaml.Category, row.Category);
        Assert.Equal(SeverityOf(yaml.Severity), row.Severity);
        Assert.Equal(yaml.Message, row.Message);
    }

    [Fact]
    public void EverySupportedDescriptor_MatchesTheYamlCatalogAndLinksToItsDoc()
    {
        var descriptors = Analyzers().SelectMany(a => a.SupportedDiagnostics).ToList();
        Assert.NotEmpty(descriptors);

        foreach (var descriptor in descriptors)
        {
            var yaml = LoadRule(descriptor.Id);
            Assert.Equal(yaml.Title, descriptor.Title.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(yaml.Category, descriptor.Category);
            Assert.Equal(SeverityOf(yaml.Severity), descriptor.DefaultSeverity);
            Assert.Equal(yaml.Message, descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(descriptor.IsEnabledByDefault);
            Assert.StartsWith("https://", descriptor.HelpLinkUri, StringComparison.Ordinal);
            Assert.EndsWith("/docs/rules/" + descriptor.Id + ".md", descriptor.HelpLinkUri, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(Repository.Root, "rules", descriptor.Id + ".yaml")));
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
            var yaml = LoadRule(id);
            var row = lines.Single(l => l.StartsWith(id + " ", StringComparison.Ordinal)).Split('|').Select(c => c.Trim()).ToArray();
            Assert.Equal(yaml.Category, row[1]);
            Assert.Equal(SeverityOf(yaml.Severity).ToString(), row[2]);
        }
    }

    private static IEnumerable<DiagnosticAnalyzer> Analyzers() =>
        typeof(FolintDiagnostics).Assembly.GetTypes()
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!);

    private static DiagnosticSeverity SeverityOf(string severity) => severity switch
    {
        "error" => DiagnosticSeverity.Error,
        "warning" => DiagnosticSeverity.Warning,
        "note" => DiagnosticSeverity.Info,
        _ => throw new InvalidOperationException($"rules/: unknown severity '{severity}' (expected error, warning or note)"),
    };

    private static RuleYaml LoadRule(string id)
    {
        var path = Path.Combine(Repository.Root, "rules", id + ".yaml");
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).IgnoreUnmatchedProperties().Build();
        return deserializer.Deserialize<RuleYaml>(File.ReadAllText(path));
    }

    private sealed class RuleYaml
    {
        public string Id { get; set; } = "";

        public string Title { get; set; } = "";

        public string Severity { get; set; } = "";

        public string Category { get; set; } = "";

        public string Message { get; set; } = "";
    }
}
