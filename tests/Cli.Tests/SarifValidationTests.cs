using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using Folint.Tests.Doubles;
using static Folint.Cli.Tests.CliRunner;

namespace Folint.Cli.Tests;

/// <summary>
/// folint's SARIF checked by a real consumer: Microsoft's <c>sarif-multitool validate</c> (the SARIF SDK's
/// validator, from the npm registry, installed in tests/node by scripts/test). Every rule of the validator runs
/// (errors, warnings and notes); errors and warnings fail the test unless listed here with the reason.
/// </summary>
public sealed class SarifValidationTests
{
    private static readonly Dictionary<string, string> AcceptedWarnings = new(StringComparer.Ordinal)
    {
        ["SARIF2005"] = "informationUri: folint has no public home page to name yet (no invented links)",
    };

    private static string Validator
    {
        get
        {
            var path = Path.Combine(RepositoryPaths.Root, "tests", "node", "node_modules", "@microsoft", "sarif-multitool-linux", "Sarif.Multitool");
            Assert.True(File.Exists(path), $"sarif-multitool is not installed at {path}: run scripts/test, or 'npm ci' in tests/node");
            return path;
        }
    }

    /// <summary>The validator's results on a SARIF file, as (rule, level, message) with the message's arguments filled in.</summary>
    private static List<(string Rule, string Level, string Message)> Validate(string sarif)
    {
        var output = Path.Combine(Path.GetDirectoryName(sarif)!, "validation.sarif");
        var start = new ProcessStartInfo(Validator) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "validate", sarif, "--output", output, "--log", "ForceOverwrite", "--level", "Error;Warning;Note" })
            start.ArgumentList.Add(argument);
        using (var process = Process.Start(start)!)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            Assert.True(process.WaitForExit(120_000), "sarif-multitool validate did not finish in 2 minutes");
            Assert.True(File.Exists(output), $"sarif-multitool validate wrote no log (exit {process.ExitCode}): {stdout.Result}{stderr}");
        }

        using var log = JsonDocument.Parse(File.ReadAllText(output));
        var run = log.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray()
            .ToDictionary(r => r.GetProperty("id").GetString()!, r => r);
        var results = new List<(string, string, string)>();
        foreach (var result in run.GetProperty("results").EnumerateArray())
        {
            var rule = result.GetProperty("ruleId").GetString()!;
            var level = result.TryGetProperty("level", out var l) ? l.GetString()! : "warning";
            var message = result.GetProperty("message");
            var text = message.TryGetProperty("text", out var t) ? t.GetString()! : rules[rule].GetProperty("messageStrings").GetProperty(message.GetProperty("id").GetString()!).GetProperty("text").GetString()!;
            if (message.TryGetProperty("arguments", out var arguments))
                text = string.Format(System.Globalization.CultureInfo.InvariantCulture, text.Replace("{{", "(").Replace("}}", ")"), arguments.EnumerateArray().Select(a => (object?)a.GetString()).ToArray());
            results.Add((rule, level, text));
        }
        return results;
    }

    private static void AssertValid(string sarif)
    {
        var problems = Validate(sarif).Where(r => r.Level == "error" || (r.Level == "warning" && !AcceptedWarnings.ContainsKey(r.Rule))).ToList();
        Assert.True(problems.Count == 0, "sarif-multitool validate: " + string.Join(Environment.NewLine, problems.Select(p => $"{p.Level} {p.Rule}: {p.Message}")));
    }

    [Fact]
    public void SampleTree_PassesSarifMultitoolValidate()
    {
        using var scratch = new TempTree(kernelTree: false);
        var sarif = scratch["sample.sarif"];

        var run = Run(Path.Combine(RepositoryPaths.Root, "samples", "tree"), Composition.Default, null, "check", "--format", "sarif", "--output", sarif, "mm");

        Assert.Equal(1, run.ExitCode);
        using (var json = JsonDocument.Parse(File.ReadAllText(sarif)))
            Assert.NotEmpty(json.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray());
        AssertValid(sarif);
    }

    [Fact]
    public void EvidenceBaselineStatesFixedFindingsAndSuppressions_PassSarifMultitoolValidate()
    {
        using var tree = TreeWithFinding();
        tree.Write("mm/suppressed.c", "void quiet(struct page *page)\n{\n\t__set_bit(PG_lru, &page->flags); /* folint: ignore FOL000 -- page not yet visible */\n}\n");
        tree.Write("mm/unused.c", "/* folint: ignore FOL000 -- nothing left here */\nvoid tidy(struct page *page)\n{\n}\n");
        tree.Write("base.json", "{\"version\":1,\"tool\":{\"name\":\"folint\",\"version\":\"0.1.0\"},\"findings\":[{\"fingerprint\":\"0123456789abcdef0123456789abcdef\",\"ruleId\":\"FOL000\",\"file\":\"mm/gone.c\",\"function\":\"gone\",\"message\":\"open-coded non-atomic __set_bit() on flags\"}]}");

        var run = Run(tree.Root, "check", "--format", "sarif", "--baseline", "base.json", "--output", "gate.sarif", "mm");

        Assert.Equal(1, run.ExitCode);
        using (var json = JsonDocument.Parse(File.ReadAllText(tree["gate.sarif"])))
        {
            var sarifRun = json.RootElement.GetProperty("runs")[0];
            var states = sarifRun.GetProperty("results").EnumerateArray().Select(r => r.TryGetProperty("baselineState", out var s) ? s.GetString() : "suppressed").ToList();
            Assert.Equal(new[] { "new", "suppressed", "absent" }, states);
            Assert.Contains(sarifRun.GetProperty("results").EnumerateArray(), r => r.TryGetProperty("relatedLocations", out _));
            Assert.Contains(sarifRun.GetProperty("invocations")[0].GetProperty("toolExecutionNotifications").EnumerateArray(),
                n => n.GetProperty("message").GetProperty("text").GetString()!.StartsWith("unused suppression of FOL000", StringComparison.Ordinal));
        }
        AssertValid(tree["gate.sarif"]);
    }

    [Fact]
    public void CheckPatchWithoutATree_PassesSarifMultitoolValidate()
    {
        using var scratch = new TempTree(kernelTree: false);
        var sarif = scratch["patch.sarif"];

        var run = Run(Path.Combine(RepositoryPaths.Root, "tests", "CSource.Tests", "Patches", "Fixtures"), Composition.Default, null, "check-patch", "series.mbox", "--format", "sarif", "--output", sarif);

        Assert.Equal(1, run.ExitCode);
        AssertValid(sarif);
    }
}
