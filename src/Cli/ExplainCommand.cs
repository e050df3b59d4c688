using System;
using System.Linq;
using Folint.Cli.Output;
using Folint.CSource.Engine;
using Folint.CSource.Knowledge;

namespace Folint.Cli;

/// <summary><c>folint explain [ID]</c>: a rule's documentation from rules/, or the list of rules.</summary>
internal static class ExplainCommand
{
    public static int Run(string? id, bool markdown, string? rulesDirectoryOption, CliHost host)
    {
        var rulesDirectory = RulesDirectory.Resolve(rulesDirectoryOption, host.Environment(RulesDirectory.EnvironmentVariable), host.CurrentDirectory);
        var catalog = LoadCatalog(rulesDirectory);
        if (id is null)
        {
            RuleDocumentation.WriteList(host.Out, catalog);
            return ExitCodes.Clean;
        }
        if (!catalog.TryGet(id, out var rule))
            throw new UnknownRuleError(id, catalog.Rules.Select(r => r.Id).OrderBy(i => i, StringComparer.Ordinal));
        if (markdown)
            host.Out.Write(RuleDocumentation.Markdown(rule));
        else
            RuleDocumentation.Write(host.Out, rule);
        return ExitCodes.Clean;
    }

    private static Folint.Analyzer.Catalog.RuleCatalog LoadCatalog(string rulesDirectory)
    {
        try
        {
            return RuleCatalogLoader.Load(rulesDirectory);
        }
        catch (RulesLoadException e)
        {
            throw new RulesInvalidError(rulesDirectory, e);
        }
    }
}
