using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Folint.Analyzer.Findings;

namespace Folint.Cli.Output;

/// <summary>
/// gcc-style lines (<c>file:line:col: warning: message [FOL001]</c>), which vim's quickfix and Emacs'
/// compile-mode read as they are: one line per finding, then a <c>note:</c> line per evidence item and one
/// for the fix hint.
/// </summary>
public static class TextReport
{
    /// <summary>The findings; with a baseline, only the new ones (the baseline's are known and accepted).</summary>
    public static void Write(TextWriter writer, CheckReport report) =>
        WriteFindings(writer, report.Baseline?.New ?? report.Result.Findings, path => path, severityWord: null);

    /// <summary>
    /// Findings as gcc-style lines with file names as <paramref name="display"/> makes them (kbuild-check: relative to
    /// make's directory), and every one with <paramref name="severityWord"/> when given (kbuild-check's -Wfolint-error).
    /// </summary>
    public static void WriteFindings(TextWriter writer, IEnumerable<Finding> findings, Func<string, string> display, string? severityWord)
    {
        // A file name may hold a newline or an escape sequence: escaped, it cannot forge a line or drive the terminal.
        string Position(Location location) => $"{Printable.Name(display(location.File))}:{location.Line}:{location.Column}";
        foreach (var finding in findings)
        {
            writer.Write(Position(finding.Primary));
            writer.Write(": ");
            writer.Write(severityWord ?? ToolInfo.SeverityWord(finding.Severity));
            writer.Write(": ");
            writer.Write(OneLine(finding.Message));
            if (finding.Confidence != FindingConfidence.High)
                writer.Write(" (confidence: " + ToolInfo.ConfidenceWord(finding.Confidence) + ")");
            writer.Write(" [");
            writer.Write(finding.RuleId);
            writer.WriteLine("]");
            foreach (var evidence in finding.EvidenceOrEmpty)
                writer.WriteLine($"{Position(evidence.Location)}: note: {OneLine(evidence.Message)}");
            if (!string.IsNullOrWhiteSpace(finding.FixHint))
                writer.WriteLine($"{Position(finding.Primary)}: note: fix: {OneLine(finding.FixHint!)}");
        }
    }

    /// <summary>The one-line summary printed on stderr after a run.</summary>
    public static string Summary(CheckReport report)
    {
        var result = report.Result;
        var stats = result.Stats;
        var files = result.Findings.Select(f => f.Primary.File).Distinct().Count();
        var text = new StringBuilder("folint: ");
        if (report.Baseline is { } baseline)
            text.Append(baseline.New.IsEmpty ? "no new findings" : $"{Count(baseline.New.Length, "new finding")} in {Count(baseline.New.Select(f => f.Primary.File).Distinct().Count(), "file")}")
                .Append($" ({baseline.Unchanged.Length} known from the baseline, {baseline.Fixed.Length} fixed)");
        else
            text.Append(result.Findings.Length == 0 ? "no findings" : $"{Count(result.Findings.Length, "finding")} in {Count(files, "file")}");
        if (result.Suppressed.Length > 0)
            text.Append($", {result.Suppressed.Length} suppressed");
        text.Append($"; checked {Count(stats.Files, "file")}");
        text.Append($" ({stats.ParsedFiles} parsed, {Count(stats.Functions, "function")}");
        if (stats.FunctionsWithParseErrors > 0)
            text.Append($", {stats.FunctionsWithParseErrors} with parse errors");
        text.Append(')');
        if (result.Problems.Length > 0)
            text.Append($"; {Count(result.Problems.Length, "input")} not checked");
        text.Append(System.FormattableString.Invariant($" in {stats.ElapsedSeconds:0.00} s"));
        return text.ToString();
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    // One finding is one line: a rule's multi-line hint would break quickfix parsing.
    private static string OneLine(string text) => string.Join(" ", text.Split((char[]?)null, System.StringSplitOptions.RemoveEmptyEntries));
}
