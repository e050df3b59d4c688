using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Folint.Analyzer.Catalog;
using Folint.Analyzer.Findings;
using Folint.CSource.Engine;

namespace Folint.Cli.Output;

/// <summary>
/// SARIF 2.1.0: one run whose driver lists every rule of the catalog with its help (from rules/), results with
/// locations relative to the tree root through <c>originalUriBaseIds.SRCROOT</c>, fingerprints in
/// <c>partialFingerprints</c>, evidence as <c>relatedLocations</c>, and inputs that were not checked as
/// tool execution notifications.
/// </summary>
public static class SarifReport
{
    public const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    public const string RootBaseId = "SRCROOT";

    /// <summary>The key of folint's fingerprint in <c>partialFingerprints</c> (versioned, as SARIF recommends).</summary>
    public const string FingerprintKey = "folint/v1";

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(TextWriter writer, CheckReport report, Utf16Columns? columns = null)
    {
        columns ??= Utf16Columns.ForTree(report.TreeRoot);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
            Write(json, report, columns);
        writer.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        writer.WriteLine();
    }

    private static void Write(Utf8JsonWriter json, CheckReport report, Utf16Columns columns)
    {
        var rules = report.Catalog.Rules.Where(r => !r.Retired).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        var ruleIndex = rules.Select((rule, index) => (rule.Id, index)).ToDictionary(p => p.Id, p => p.index, StringComparer.Ordinal);

        json.WriteStartObject();
        json.WriteString("$schema", SchemaUri);
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();

        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", ToolInfo.Name);
        json.WriteString("version", report.ToolVersion);
        json.WriteString("semanticVersion", report.ToolVersion);
        json.WriteStartArray("rules");
        foreach (var rule in rules)
            WriteRule(json, rule);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartObject("originalUriBaseIds");
        json.WriteStartObject(RootBaseId);
        json.WriteString("uri", DirectoryUri(report.TreeRoot));
        json.WriteStartObject("description");
        json.WriteString("text", "The top directory of the kernel tree that was checked.");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartArray("invocations");
        json.WriteStartObject();
        json.WriteBoolean("executionSuccessful", true);
        json.WriteStartArray("toolExecutionNotifications");
        foreach (var problem in report.Result.Problems)
            WriteNotification(json, problem.Kind == CSource.Engine.InputProblemKind.OverLimit ? "warning" : "error", problem.Path, problem.Reason);
        foreach (var note in report.Result.Notes)
            WriteNotification(json, "note", note.Path, note.Message);
        foreach (var unused in report.Result.Suppressions.Where(s => s.Used == false))
            WriteNotification(json, "note", unused.File, unused.UnusedMessage, unused.Line);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();

        json.WriteStartArray("results");
        foreach (var finding in report.Result.Findings)
            WriteResult(json, finding, ruleIndex, columns, report.Baseline is { } b ? (b.IsNew(finding) ? "new" : "unchanged") : null, null);
        foreach (var suppressed in report.Result.Suppressed)
            WriteResult(json, suppressed.Finding, ruleIndex, columns, null, suppressed.By);
        if (report.Baseline is { } baseline)
        {
            // SARIF's "absent": a result of the baseline run that this run no longer has (fixed).
            foreach (var entry in baseline.Fixed)
                WriteAbsent(json, entry, ruleIndex, report.Catalog);
        }
        json.WriteEndArray();

        json.WriteString("columnKind", "utf16CodeUnits");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteRule(Utf8JsonWriter json, RuleDescriptor rule)
    {
        json.WriteStartObject();
        json.WriteString("id", rule.Id);
        json.WriteString("name", PascalName(rule.Title));
        WriteText(json, "shortDescription", Sentence(rule.Title));
        WriteText(json, "fullDescription", Sentence(rule.Summary));
        json.WriteStartObject("help");
        json.WriteString("text", HelpText(rule));
        json.WriteString("markdown", RuleDocumentation.MarkdownBody(rule));
        json.WriteEndObject();
        json.WriteStartObject("defaultConfiguration");
        json.WriteString("level", Level(rule.Severity));
        json.WriteEndObject();
        json.WriteStartObject("properties");
        json.WriteString("category", rule.Category);
        json.WriteStartArray("tags");
        json.WriteStringValue(rule.Category);
        json.WriteStringValue("linux-mm");
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter json, Finding finding, Dictionary<string, int> ruleIndex, Utf16Columns columns, string? baselineState, Suppression? suppression)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", finding.RuleId);
        if (ruleIndex.TryGetValue(finding.RuleId, out var index))
            json.WriteNumber("ruleIndex", index);
        json.WriteString("level", Level(finding.Severity));
        WriteText(json, "message", Sentence(finding.Message));
        if (baselineState is not null)
            json.WriteString("baselineState", baselineState);
        if (suppression is not null)
        {
            json.WriteStartArray("suppressions");
            json.WriteStartObject();
            json.WriteString("kind", "inSource");
            if (suppression.Reason is not null)
                json.WriteString("justification", suppression.Reason);
            json.WriteStartObject("location");
            json.WriteStartObject("physicalLocation");
            WriteArtifact(json, suppression.File);
            json.WriteStartObject("region");
            json.WriteNumber("startLine", suppression.Line);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
        }

        json.WriteStartArray("locations");
        json.WriteStartObject();
        WritePhysicalLocation(json, finding.Primary, columns);
        if (finding.Function is not null)
            WriteFunction(json, finding.Function);
        json.WriteEndObject();
        json.WriteEndArray();

        json.WriteStartObject("partialFingerprints");
        json.WriteString(FingerprintKey, finding.Fingerprint);
        json.WriteEndObject();

        if (finding.EvidenceOrEmpty.Length > 0)
        {
            json.WriteStartArray("relatedLocations");
            var id = 1;
            foreach (var evidence in finding.EvidenceOrEmpty)
            {
                json.WriteStartObject();
                json.WriteNumber("id", id++);
                WritePhysicalLocation(json, evidence.Location, columns);
                if (evidence.Function is not null)
                    WriteFunction(json, evidence.Function);
                WriteText(json, "message", Sentence(evidence.Message));
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }

        // how sure the finding is rides in the property bag (SARIF has no field of its own for it); a gate filters on it
        json.WriteStartObject("properties");
        json.WriteString("confidence", ToolInfo.ConfidenceWord(finding.Confidence));
        if (!string.IsNullOrWhiteSpace(finding.FixHint))
            json.WriteString("fixHint", finding.FixHint);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteAbsent(Utf8JsonWriter json, BaselineEntry entry, Dictionary<string, int> ruleIndex, RuleCatalog catalog)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", entry.RuleId);
        if (ruleIndex.TryGetValue(entry.RuleId, out var index))
            json.WriteNumber("ruleIndex", index);
        json.WriteString("level", catalog.TryGet(entry.RuleId, out var rule) ? Level(rule.Severity) : "warning");
        WriteText(json, "message", Sentence(entry.Message));
        json.WriteString("baselineState", "absent");
        // A fixed finding has no line any more (baselines keep none): its place is the function, and the file as a
        // property, since a physical location without a region is not one a viewer can show.
        if (entry.Function is not null)
        {
            json.WriteStartArray("locations");
            json.WriteStartObject();
            WriteFunction(json, entry.Function);
            json.WriteEndObject();
            json.WriteEndArray();
        }
        json.WriteStartObject("partialFingerprints");
        json.WriteString(FingerprintKey, entry.Fingerprint);
        json.WriteEndObject();
        json.WriteStartObject("properties");
        json.WriteString("file", entry.File);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WritePhysicalLocation(Utf8JsonWriter json, Location location, Utf16Columns columns)
    {
        json.WriteStartObject("physicalLocation");
        WriteArtifact(json, location.File);
        json.WriteStartObject("region");
        json.WriteNumber("startLine", location.Line);
        json.WriteNumber("startColumn", columns.Convert(location.File, location.Line, location.Column));
        if (location.EndLine >= location.Line && location.EndLine > 0)
        {
            json.WriteNumber("endLine", location.EndLine);
            json.WriteNumber("endColumn", columns.Convert(location.File, location.EndLine, Math.Max(1, location.EndColumn)));
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteArtifact(Utf8JsonWriter json, string path)
    {
        json.WriteStartObject("artifactLocation");
        if (Path.IsPathRooted(path))
        {
            json.WriteString("uri", new Uri(path).AbsoluteUri);
        }
        else
        {
            json.WriteString("uri", RelativeUri(path));
            json.WriteString("uriBaseId", RootBaseId);
        }
        json.WriteEndObject();
    }

    private static void WriteFunction(Utf8JsonWriter json, string function)
    {
        json.WriteStartArray("logicalLocations");
        json.WriteStartObject();
        json.WriteString("name", function);
        json.WriteString("kind", "function");
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static void WriteNotification(Utf8JsonWriter json, string level, string path, string text, int line = 0)
    {
        json.WriteStartObject();
        json.WriteString("level", level);
        WriteText(json, "message", Sentence(text));
        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        WriteArtifact(json, path);
        if (line > 0)
        {
            json.WriteStartObject("region");
            json.WriteNumber("startLine", line);
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteText(Utf8JsonWriter json, string name, string text)
    {
        json.WriteStartObject(name);
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    private static string HelpText(RuleDescriptor rule) =>
        $"{rule.Summary}\n\nWhy:\n{rule.Rationale}\n\nFix:\n{rule.Fix}";

    private static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };

    // SARIF's guidance (and sarif-multitool's SARIF2001) wants plain-text messages to be complete sentences.
    private static string Sentence(string text)
    {
        var trimmed = text.TrimEnd();
        return trimmed.EndsWith('.') || trimmed.EndsWith('?') || trimmed.EndsWith('!') ? trimmed : trimmed + ".";
    }

    // SARIF2012 wants a Pascal-case identifier: articles and the possessive "'s" would put two capitals side by side.
    private static readonly string[] Articles = { "a", "an", "the", "s" };

    private static string PascalName(string title)
    {
        var name = new StringBuilder();
        foreach (var word in title.Split(new[] { ' ', '-', '\'', '/', ',', '(', ')' }, StringSplitOptions.RemoveEmptyEntries))
        {
            if (Articles.Contains(word, StringComparer.OrdinalIgnoreCase))
                continue;
            var letters = new string(word.Where(char.IsLetterOrDigit).ToArray());
            if (letters.Length > 0)
                name.Append(char.ToUpperInvariant(letters[0])).Append(letters, 1, letters.Length - 1);
        }
        return name.ToString();
    }

    private static string DirectoryUri(string directory)
    {
        var uri = new Uri(Path.EndsInDirectorySeparator(directory) ? directory : directory + Path.DirectorySeparatorChar).AbsoluteUri;
        return uri.EndsWith('/') ? uri : uri + "/";
    }

    private static string RelativeUri(string path) =>
        string.Join("/", path.Split('/').Select(Uri.EscapeDataString));
}
