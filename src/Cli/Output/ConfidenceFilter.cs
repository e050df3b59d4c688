using System;
using System.Collections.Immutable;
using System.Linq;
using Folint.Analyzer.Findings;
using Folint.CSource.Engine;

namespace Folint.Cli.Output;

/// <summary>
/// <c>--min-confidence high|medium</c>: a CI gate can start with the findings folint is sure of (<see
/// cref="FindingConfidence.High"/>) and add the ones that rest on an assumption later. The filtered findings are not
/// reported, do not fail the run and are not written to a baseline.
/// </summary>
internal static class ConfidenceFilter
{
    public const string OptionName = "--min-confidence";

    public static FindingConfidence Parse(string? word) => word?.ToLowerInvariant() switch
    {
        null or "medium" => FindingConfidence.Medium,
        "high" => FindingConfidence.High,
        _ => throw new ArgumentException($"{OptionName} takes high or medium, not '{word}'"),
    };

    public static CheckResult Apply(CheckResult result, FindingConfidence minimum) =>
        minimum == FindingConfidence.Medium
            ? result
            : result with
            {
                Findings = result.Findings.Where(f => f.Confidence >= minimum).ToImmutableArray(),
                Suppressed = result.Suppressed.Where(s => s.Finding.Confidence >= minimum).ToImmutableArray(),
            };
}
