using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.Json;
using Folint.Analyzer.Findings;
using Folint.Analyzer.Model;
using Folint.CSource.Engine;
using Folint.Cli.Output;

namespace Folint.Cli.Lsp;

/// <summary>
/// Turns findings of one checked buffer into LSP diagnostics and code actions: byte columns become UTF-16
/// columns (from the buffer's bytes for the buffer, from disk for evidence elsewhere), evidence becomes
/// <c>relatedInformation</c> (or lines of the message for a client without it), the fix hint ends the message and
/// a mechanical fix becomes a quick fix.
/// </summary>
internal sealed class Diagnostics
{
    public const string Source = "folint";

    private readonly string _treeRoot;
    private readonly string _documentPath;
    private readonly Utf16Columns _columns;
    private readonly Lazy<LineMap> _lines;

    /// <param name="documentPath">The tree-relative path of the buffer; <paramref name="content"/> is its checked text.</param>
    public Diagnostics(string treeRoot, string documentPath, byte[] content)
    {
        _treeRoot = treeRoot;
        _documentPath = documentPath;
        _columns = new Utf16Columns(path => path == documentPath ? content : ReadDisk(treeRoot, path));
        _lines = new Lazy<LineMap>(() => LineMap.FromBytes(content));
    }

    public Diagnostic ToDiagnostic(Finding finding, bool relatedInformation)
    {
        var message = finding.Message;
        ImmutableArray<DiagnosticRelatedInformation>? related = null;
        if (relatedInformation)
        {
            related = finding.EvidenceOrEmpty
                .Select(e => new DiagnosticRelatedInformation(new LspLocation(UriOf(e.Location.File), RangeOf(e.Location)), e.Message))
                .ToImmutableArray();
        }
        else
        {
            foreach (var evidence in finding.EvidenceOrEmpty)
                message += $"\n{evidence.Location}: {evidence.Message}";
        }
        if (finding.FixHint is { } hint)
            message += "\nfix: " + hint;
        return new Diagnostic(
            RangeOf(finding.Primary),
            finding.Severity switch { Severity.Error => DiagnosticSeverity.Error, Severity.Warning => DiagnosticSeverity.Warning, _ => DiagnosticSeverity.Information },
            finding.RuleId,
            Source,
            message,
            related is { IsEmpty: false } ? related : null,
            JsonSerializer.SerializeToElement(new DiagnosticData(finding.Fingerprint), LspJson.Options));
    }

    /// <summary>
    /// A suppression comment of the buffer that hid nothing, as <c>folint check</c> notes it: a hint on the comment,
    /// tagged unnecessary so that editors fade it.
    /// </summary>
    public Diagnostic ToDiagnostic(Suppression unused)
    {
        var start = _lines.Value.GetPosition(unused.Span.Start);
        var end = _lines.Value.GetPosition(unused.Span.End);
        return new Diagnostic(
            RangeOf(new Location(unused.File, start.Line, start.Column, end.Line, end.Column)),
            DiagnosticSeverity.Hint,
            string.Join(",", unused.RuleIds),
            Source,
            unused.UnusedMessage + "; delete it",
            null,
            null,
            ImmutableArray.Create(DiagnosticTag.Unnecessary));
    }

    /// <summary>The quick fix of a finding, or null when its fix is not mechanical.</summary>
    public CodeAction? ToCodeAction(Finding finding, Diagnostic diagnostic)
    {
        if (finding.Fix is not { } fix || fix.Edits.IsDefaultOrEmpty)
            return null;
        var changes = fix.Edits
            .GroupBy(e => e.Location.File, StringComparer.Ordinal)
            .ToDictionary(
                g => UriOf(g.Key),
                g => g.Select(e => new LspTextEdit(RangeOf(e.Location), e.NewText)).ToImmutableArray(),
                StringComparer.Ordinal);
        return new CodeAction(fix.Title, CodeActionKind.QuickFix, ImmutableArray.Create(diagnostic), IsPreferred: true, new WorkspaceEdit(changes));
    }

    public Range RangeOf(Location location)
    {
        var start = new Position(location.Line - 1, _columns.Convert(location.File, location.Line, location.Column) - 1);
        if (location.EndLine <= 0)
            return new Range(start, start);
        var end = new Position(location.EndLine - 1, _columns.Convert(location.File, location.EndLine, location.EndColumn) - 1);
        return new Range(start, end);
    }

    public string UriOf(string treePath) => DocumentUri.FromPath(Path.Combine(_treeRoot, treePath));

    public bool IsDocument(Location location) => location.File == _documentPath;

    private static byte[]? ReadDisk(string treeRoot, string path)
    {
        try
        {
            // Typed before it is opened: a FIFO swapped in for an evidence file would block the server.
            var full = Path.Combine(treeRoot, path);
            return File.Exists(full) ? RegularFile.ReadAll(full, RegularFile.MaxReadable) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>What a diagnostic carries back to folint in a code action request: the finding's fingerprint.</summary>
internal sealed record DiagnosticData(string Fingerprint);

internal static class DocumentUri
{
    public static string FromPath(string fullPath) => new Uri(fullPath).AbsoluteUri;

    /// <summary>The local path of a file: URI; null for any other scheme (untitled:, a remote file system).</summary>
    public static string? ToPath(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || !parsed.IsFile)
            return null;
        return Path.GetFullPath(parsed.LocalPath);
    }
}
