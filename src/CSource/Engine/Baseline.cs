using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Folint.Analyzer.Findings;

namespace Folint.CSource.Engine;

/// <summary>A finding as a baseline records it: its fingerprint, and what a person needs to recognise it.</summary>
public sealed record BaselineEntry(string Fingerprint, string RuleId, string File, string? Function, string Message);

/// <summary>Which findings of a run the baseline knows, which are new, and which of its findings are gone (fixed).</summary>
public sealed record BaselineComparison(ImmutableArray<Finding> New, ImmutableArray<Finding> Unchanged, ImmutableArray<BaselineEntry> Fixed)
{
    private readonly ImmutableHashSet<string> _new = New.Select(f => f.Fingerprint).ToImmutableHashSet(StringComparer.Ordinal);

    public bool IsNew(Finding finding) => _new.Contains(finding.Fingerprint);
}

/// <summary>
/// The findings a tree is known to have, so a gate fails only on new ones:
/// <c>{"version":1,"tool":{"name","version"},"findings":[{"fingerprint","ruleId","file","function","message"}]}</c>.
/// Findings match by fingerprint alone (rule, file, function, the rule's key and the ordinal among equal keys:
/// never a line number), so a finding that moves with unrelated edits stays known.
/// </summary>
public sealed record Baseline(string ToolName, string ToolVersion, ImmutableArray<BaselineEntry> Findings)
{
    public const int FormatVersion = 1;

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Baseline Of(IEnumerable<Finding> findings, string toolName, string toolVersion) => new(
        toolName,
        toolVersion,
        findings
            .Select(f => new BaselineEntry(f.Fingerprint, f.RuleId, f.Primary.File, f.Function, f.Message))
            .OrderBy(e => e.File, StringComparer.Ordinal)
            .ThenBy(e => e.Function, StringComparer.Ordinal)
            .ThenBy(e => e.RuleId, StringComparer.Ordinal)
            .ThenBy(e => e.Fingerprint, StringComparer.Ordinal)
            .ToImmutableArray());

    public BaselineComparison Compare(ImmutableArray<Finding> findings)
    {
        var known = Findings.Select(e => e.Fingerprint).ToHashSet(StringComparer.Ordinal);
        var current = findings.Select(f => f.Fingerprint).ToHashSet(StringComparer.Ordinal);
        return new BaselineComparison(
            findings.Where(f => !known.Contains(f.Fingerprint)).ToImmutableArray(),
            findings.Where(f => known.Contains(f.Fingerprint)).ToImmutableArray(),
            Findings.Where(e => !current.Contains(e.Fingerprint)).ToImmutableArray());
    }

    public void Write(TextWriter writer)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteNumber("version", FormatVersion);
            json.WriteStartObject("tool");
            json.WriteString("name", ToolName);
            json.WriteString("version", ToolVersion);
            json.WriteEndObject();
            json.WriteStartArray("findings");
            foreach (var entry in Findings)
            {
                json.WriteStartObject();
                json.WriteString("fingerprint", entry.Fingerprint);
                json.WriteString("ruleId", entry.RuleId);
                json.WriteString("file", entry.File);
                if (entry.Function is null)
                    json.WriteNull("function");
                else
                    json.WriteString("function", entry.Function);
                json.WriteString("message", entry.Message);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        writer.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        writer.WriteLine();
    }

    /// <summary>A baseline larger than this is not one folint wrote (a finding takes a few hundred bytes).</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    /// <summary>
    /// Reads a baseline file (a regular file, or a pipe: <c>--baseline &lt;(git show main:.folint-baseline.json)</c>);
    /// every way it can be wrong is a <see cref="BaselineError"/> naming the file.
    /// </summary>
    public static Baseline Load(string path, string displayName, System.Threading.CancellationToken cancellationToken = default)
    {
        byte[] bytes;
        try
        {
            bytes = BoundedInput.Read(path, MaxBytes, cancellationToken);
        }
        catch (FileRefusedException e) when (e.Refusal == FileRefusal.Missing)
        {
            throw new BaselineError(displayName, "no such file");
        }
        catch (FileRefusedException e) when (e.Refusal == FileRefusal.TooLarge)
        {
            throw new BaselineError(displayName, $"larger than {SourceDiscovery.Size(MaxBytes)}, more than any baseline folint writes");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BaselineError(displayName, "cannot read: " + e.Message);
        }
        return Parse(bytes, displayName);
    }

    /// <summary>Reads a baseline's JSON (what <see cref="Write"/> writes).</summary>
    public static Baseline Parse(byte[] bytes, string displayName)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new BaselineError(displayName, "not a folint baseline (the top level is not an object)");
            if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var number) || number != FormatVersion)
                throw new BaselineError(displayName, $"not a version {FormatVersion} folint baseline" + (version.ValueKind == JsonValueKind.Undefined ? " (no \"version\")" : $" (\"version\": {Shorten(version.GetRawText())})"));
            var tool = root.TryGetProperty("tool", out var toolElement) && toolElement.ValueKind == JsonValueKind.Object ? toolElement : default;
            var entries = ImmutableArray.CreateBuilder<BaselineEntry>();
            if (!root.TryGetProperty("findings", out var findings) || findings.ValueKind != JsonValueKind.Array)
                throw new BaselineError(displayName, "has no \"findings\" array");
            var index = 0;
            foreach (var item in findings.EnumerateArray())
            {
                string Required(string name) =>
                    item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                        ? value.GetString()!
                        : throw new BaselineError(displayName, $"findings[{index}] has no \"{name}\" string");
                var function = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
                entries.Add(new BaselineEntry(Required("fingerprint"), Required("ruleId"), Required("file"), function, Required("message")));
                index++;
            }
            return new Baseline(ToolField(tool, "name"), ToolField(tool, "version"), entries.ToImmutable());
        }
        catch (JsonException e)
        {
            throw new BaselineError(displayName, $"not valid JSON (line {e.LineNumber + 1}): {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            // A string that is not valid UTF-8 passes the parse and fails when it is read (found by fuzz/run baseline).
            throw new BaselineError(displayName, "not a folint baseline: " + e.Message);
        }
    }

    /// <summary>A string of "tool", or "" when it is absent or not a string (it is only shown, never compared).</summary>
    private static string ToolField(JsonElement tool, string name) =>
        tool.ValueKind == JsonValueKind.Object && tool.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static string Shorten(string text) => text.Length <= 40 ? text : text.Substring(0, 37) + "...";
}

/// <summary><c>--baseline FILE</c> cannot be used.</summary>
internal sealed class BaselineError : FolintError
{
    public BaselineError(string path, string problem)
        : base(path, "cannot use the baseline: " + problem, "write one with 'folint check --write-baseline FILE' on the tree as it is accepted")
    {
    }
}
