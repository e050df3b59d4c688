using System;
using System.Reflection;
using Folint.Analyzer.Catalog;
using Folint.Analyzer.Findings;
using Folint.CSource.Engine;

namespace Folint.Cli.Output;

/// <summary>
/// Everything a report needs: the result, the catalog (severities, help text), the tree root the paths are
/// relative to, and the tool's version. Independent of the command line, so check-patch and the LSP reuse it.
/// </summary>
public sealed record CheckReport(CheckResult Result, RuleCatalog Catalog, string TreeRoot, string ToolVersion)
{
    /// <summary>How SARIF reads the lines it converts columns on; null reads the files under <see cref="TreeRoot"/>.</summary>
    public Utf16Columns? Columns { get; init; }

    /// <summary>The comparison with <c>--baseline</c>, when one was given: text shows the new findings only.</summary>
    public BaselineComparison? Baseline { get; init; }
}

public static class ToolInfo
{
    public const string Name = "folint";

    /// <summary>The version from the build (Directory.Build.props), without a source-revision suffix.</summary>
    public static string Version { get; } = ReadVersion();

    private static string ReadVersion()
    {
        var informational = typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var version = informational ?? typeof(ToolInfo).Assembly.GetName().Version?.ToString() ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version.Substring(0, plus);
    }

    public static string ConfidenceWord(FindingConfidence confidence) => confidence == FindingConfidence.High ? "high" : "medium";

    public static string SeverityWord(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };
}
