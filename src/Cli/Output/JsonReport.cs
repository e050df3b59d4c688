using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Folint.Analyzer.Findings;

namespace Folint.Cli.Output;

/// <summary>
/// The JSON report: <c>{"tool":{name,version},"findings":[...],"problems":[...],"stats":{...}}</c>. Field names and
/// shapes are a contract that scripts rely on; add fields, never rename or remove them.
/// </summary>
public static class JsonReport
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // Messages quote code ('&page->flags', '<'): keep them readable; the output is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(TextWriter writer, CheckReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
            Write(json, report);
        writer.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        writer.WriteLine();
    }

    private static void Write(Utf8JsonWriter json, CheckReport report)
    {
        var result = report.Result;
        json.WriteStartObject();

        json.WriteStartObject("tool");
        json.WriteString("name", ToolInfo.Name);
        json.WriteString("version", report.ToolVersion);
        json.WriteEndObject();

        json.WriteStartArray("findings");
        foreach (var finding in result.Findings)
        {
            json.WriteStartObject();
            WriteFinding(json, finding);
            if (report.Baseline is { } baseline)
                json.WriteString("baselineState", baseline.IsNew(finding) ? "new" : "unchanged");
            json.WriteEndObject();
        }
        json.WriteEndArray();

        if (report.Baseline is { } compared)
        {
            // Findings the baseline records that this run no longer has.
            json.WriteStartArray("fixed");
            foreach (var entry in compared.Fixed)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", entry.RuleId);
                json.WriteString("file", entry.File);
                WriteNullable(json, "function", entry.Function);
                json.WriteString("message", entry.Message);
                json.WriteString("fingerprint", entry.Fingerprint);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }

        json.WriteStartArray("suppressed");
        foreach (var suppressed in result.Suppressed)
        {
            json.WriteStartObject();
            WriteFinding(json, suppressed.Finding);
            json.WriteStartObject("suppression");
            json.WriteNumber("line", suppressed.By.Line);
            WriteNullable(json, "reason", suppressed.By.Reason);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteStartArray("suppressions");
        foreach (var suppression in result.Suppressions)
        {
            json.WriteStartObject();
            json.WriteString("file", suppression.File);
            json.WriteNumber("line", suppression.Line);
            json.WriteStartArray("rules");
            foreach (var id in suppression.RuleIds)
                json.WriteStringValue(id);
            json.WriteEndArray();
            WriteNullable(json, "reason", suppression.Reason);
            if (suppression.Used is { } used)
                json.WriteBoolean("used", used);
            else
                json.WriteNull("used");
            json.WriteEndObject();
        }
        json.WriteEndArray();


        json.WriteStartArray("problems");
        foreach (var problem in result.Problems)
        {
            json.WriteStartObject();
            json.WriteString("path", problem.Path);
            json.WriteString("reason", problem.Reason);
            json.WriteString("kind", problem.Kind switch
            {
                CSource.Engine.InputProblemKind.OverLimit => "overLimit",
                CSource.Engine.InputProblemKind.InternalError => "internalError",
                _ => "unusable",
            });
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteStartObject("stats");
        json.WriteNumber("files", result.Stats.Files);
        json.WriteNumber("parsedFiles", result.Stats.ParsedFiles);
        json.WriteNumber("functions", result.Stats.Functions);
        json.WriteNumber("functionsWithParseErrors", result.Stats.FunctionsWithParseErrors);
        json.WriteNumber("elapsedSeconds", System.Math.Round(result.Stats.ElapsedSeconds, 3));
        json.WriteEndObject();

        json.WriteEndObject();
    }

    private static void WriteFinding(Utf8JsonWriter json, Finding finding)
    {
        json.WriteString("ruleId", finding.RuleId);
        json.WriteString("severity", ToolInfo.SeverityWord(finding.Severity));
        json.WriteString("confidence", ToolInfo.ConfidenceWord(finding.Confidence));
        json.WriteString("file", finding.Primary.File);
        json.WriteNumber("line", finding.Primary.Line);
        json.WriteNumber("column", finding.Primary.Column);
        json.WriteNumber("endLine", finding.Primary.EndLine);
        json.WriteNumber("endColumn", finding.Primary.EndColumn);
        WriteNullable(json, "function", finding.Function);
        json.WriteString("message", finding.Message);
        json.WriteStartArray("evidence");
        foreach (var evidence in finding.EvidenceOrEmpty)
        {
            json.WriteStartObject();
            json.WriteString("file", evidence.Location.File);
            json.WriteNumber("line", evidence.Location.Line);
            json.WriteNumber("column", evidence.Location.Column);
            WriteNullable(json, "function", evidence.Function);
            json.WriteString("message", evidence.Message);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        WriteNullable(json, "fixHint", finding.FixHint);
        json.WriteString("fingerprint", finding.Fingerprint);
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
            json.WriteNull(name);
        else
            json.WriteString(name, value);
    }
}
