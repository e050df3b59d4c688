using System;
using System.IO;
using Folint.Cli.Output;
using Folint.CSource.Knowledge;

namespace Folint.Cli.Tests;

public sealed class RuleDocsTests
{
    [Fact]
    public void EveryRulePage_InDocsRules_IsWhatTheCatalogGenerates()
    {
        var repository = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        var catalog = RuleCatalogLoader.Load(Path.Combine(repository, "rules"));
        foreach (var rule in catalog.Rules)
        {
            var page = Path.Combine(repository, rule.HelpPath);
            Assert.True(File.Exists(page), $"{rule.HelpPath} is missing: run scripts/gen-rule-docs");
            Assert.True(RuleDocumentation.Markdown(rule) == File.ReadAllText(page), $"{rule.HelpPath} is stale: run scripts/gen-rule-docs");
        }
    }
}
