using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Folint.Analyzer.Findings;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Rules;
using Folint.Analyzer.Rules.Knowledge;
using Folint.CSource;
using Folint.CSource.Engine;
using Folint.CSource.Knowledge;

namespace Folint.Analyzer.Tests.Rules;

/// <summary>One fixture's outcome: expected findings that did not come, and findings nobody expected.</summary>
public sealed record FixtureOutcome(IReadOnlyList<string> Missing, IReadOnlyList<string> Noisy, IReadOnlyList<Finding> Findings)
{
    public string Describe() =>
        (Missing.Count == 0 ? "" : "missing:\n  " + string.Join("\n  ", Missing) + "\n") +
        (Noisy.Count == 0 ? "" : "noisy:\n  " + string.Join("\n  ", Noisy) + "\n");
}

/// <summary>
/// Runs rule fixtures (see Fixtures/README.md) through the real frontend and engine, as `folint check` would.
/// </summary>
public static partial class RuleFixtures
{
    private static readonly string FixtureRoot = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static IEnumerable<object[]> Cases(string ruleId) =>
        Directory.EnumerateFiles(Path.Combine(FixtureRoot, ruleId), "*.c")
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => new object[] { Path.GetFileName(f) });

    public static FixtureOutcome Run(string ruleId, string fixtureName)
    {
        var fixture = Path.Combine(FixtureRoot, ruleId, fixtureName);
        var scratch = Directory.CreateTempSubdirectory("folint-fixture-").FullName;
        try
        {
            CopyTree(Path.Combine(FixtureRoot, "tree"), scratch);
            var extra = Path.ChangeExtension(fixture, ".tree");
            if (Directory.Exists(extra))
                CopyTree(extra, scratch);
            var target = Path.Combine(scratch, "mm", fixtureName);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(fixture, target, overwrite: true);

            var rulesDirectory = Path.Combine(AppContext.BaseDirectory, "rules");
            using var frontend = CFrontend.ForKernel(rulesDirectory);
            var engine = new CheckEngine(frontend, SourceRules.All(ShippedKnowledge.Kernel), RuleCatalogLoader.Load(rulesDirectory));
            var inputs = SourceDiscovery.Discover(new[] { "mm/" + fixtureName }, scratch, new SourceDiscoveryOptions());
            var result = engine.Check(inputs);
            if (!result.Problems.IsEmpty)
                throw new InvalidOperationException("fixture could not be checked: " + string.Join("; ", result.Problems.Select(p => p.Path + ": " + p.Reason)));

            var expected = Expectations(File.ReadAllLines(fixture)).Select(e => ($"mm/{fixtureName}", e.Line, e.Rule)).ToList();
            var actual = result.Findings.Select(f => (f.Primary.File, f.Primary.Line, f.RuleId)).ToList();
            var missing = expected.Except(actual).Select(e => $"{e.Item1}:{e.Item2}: {e.Item3}").ToList();
            var noisy = result.Findings
                .Where(f => !expected.Contains((f.Primary.File, f.Primary.Line, f.RuleId)))
                .Select(f => $"{f.Primary}: {f.RuleId}: {f.Message}")
                .ToList();
            return new FixtureOutcome(missing, noisy, result.Findings);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static IEnumerable<(int Line, string Rule)> Expectations(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (Match marker in ExpectMarker().Matches(lines[i]))
            {
                foreach (var id in marker.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    yield return (i + 1, id);
            }
        }
    }

    internal static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
    }

    [GeneratedRegex(@"expect:\s*((?:FOL\d{3}\s*,?\s*)+)")]
    private static partial Regex ExpectMarker();
}
