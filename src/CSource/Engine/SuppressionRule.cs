using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Folint.Analyzer.Catalog;
using Folint.Analyzer.Findings;
using Folint.Analyzer.Model;
using Folint.Analyzer.Contracts;

namespace Folint.CSource.Engine;

/// <summary>
/// FOL900 and the application of suppressions. A suppression hides the findings of its rules on the lines it
/// covers; one without a reason still hides them but is itself reported, so the gate fails on the missing
/// reason rather than on the finding (seed 000: a written justification is what let a reviewer see the claim
/// was wrong).
/// </summary>
internal static class SuppressionRule
{
    public const string RuleId = "FOL900";

    /// <param name="unit">The file's unit, for the function a comment stands in; null when the file could not be parsed.</param>
    public static IEnumerable<RawFinding> Findings(IEnumerable<FileSuppressions> files, SourceUnit? unit, RuleCatalog catalog, RuleDescriptor meta)
    {
        foreach (var file in files)
        {
            foreach (var bad in file.Malformed)
                yield return Raw(meta, bad.File, bad.Span, unit, "malformed:" + bad.Text, "malformed", bad.Text);
            foreach (var suppression in file.Suppressions)
            {
                var unknown = suppression.RuleIds.Where(id => !catalog.TryGet(id, out _)).ToList();
                if (unknown.Count > 0)
                    yield return Raw(meta, suppression.File, suppression.Span, unit, "unknown:" + string.Join(",", unknown), "unknownRule", string.Join(", ", unknown));
                if (suppression.Reason is null)
                {
                    var ids = string.Join(", ", suppression.RuleIds);
                    yield return Raw(meta, suppression.File, suppression.Span, unit, "no-reason:" + ids, null, ids);
                }
            }
        }
    }

    /// <param name="ran">Whether a rule ran in this run: a suppression of a rule that did not run is neither used nor unused.</param>
    public static (ImmutableArray<Finding> Findings, ImmutableArray<SuppressedFinding> Suppressed, ImmutableArray<Suppression> Suppressions) Apply(
        ImmutableArray<Finding> findings, IEnumerable<FileSuppressions> files, Func<string, bool> ran)
    {
        var byFile = files.SelectMany(f => f.Suppressions).GroupBy(s => s.File, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        if (byFile.Count == 0)
            return (findings, ImmutableArray<SuppressedFinding>.Empty, ImmutableArray<Suppression>.Empty);

        var used = new HashSet<Suppression>(ReferenceEqualityComparer.Instance);
        var kept = ImmutableArray.CreateBuilder<Finding>(findings.Length);
        var suppressed = ImmutableArray.CreateBuilder<SuppressedFinding>();
        foreach (var finding in findings)
        {
            var by = finding.RuleId == RuleId || !byFile.TryGetValue(finding.Primary.File, out var candidates)
                ? null
                : candidates.FirstOrDefault(s => s.Covers(finding.RuleId, finding.Primary.Line));
            if (by is null)
            {
                kept.Add(finding);
                continue;
            }
            used.Add(by);
            suppressed.Add(new SuppressedFinding(finding, by));
        }

        var all = byFile.Values.SelectMany(list => list)
            .Select(s => s with { Used = used.Contains(s) ? true : s.RuleIds.Any(ran) ? false : null })
            .OrderBy(s => s.File, StringComparer.Ordinal).ThenBy(s => s.Line)
            .ToImmutableArray();
        var usedBy = all.ToDictionary(s => (s.File, s.Span), s => s);
        return (
            kept.ToImmutable(),
            suppressed.Select(s => s with { By = usedBy[(s.By.File, s.By.Span)] }).ToImmutableArray(),
            all);
    }

    private static RawFinding Raw(RuleDescriptor meta, string file, TextSpan span, SourceUnit? unit, string key, string? variant, string argument)
    {
        var function = unit is not null && unit.Path == file
            ? unit.Functions.FirstOrDefault(f => f.Span.Start <= span.Start && span.Start < f.Span.End)?.Name
            : null;
        return new RawFinding(
            RuleId,
            file,
            span,
            function,
            key,
            meta.FormatMessage(variant, argument),
            ImmutableArray<RawEvidence>.Empty,
            variant == "malformed"
                ? "write the directive as /* folint: ignore FOL001 -- reason */ (rule ids separated by commas)"
                : variant == "unknownRule" ? "name the rule folint reports (run 'folint explain' for the list)" : "add '-- reason' after the rule id");
    }
}
