using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Folint.Cli.Lsp;

// The part of the Language Server Protocol (3.17) that folint speaks, as plain records; names follow the
// specification, serialized in camelCase. Fields folint does not read are left out: the deserializer skips them.

public sealed record Position(int Line, int Character);

public sealed record Range(Position Start, Position End);

public sealed record LspLocation(string Uri, Range Range);

public sealed record TextDocumentIdentifier(string Uri);

public sealed record VersionedTextDocumentIdentifier(string Uri, int Version);

public sealed record TextDocumentItem(string Uri, string? LanguageId, int Version, string Text);

public sealed record WorkspaceFolder(string Uri, string? Name);

public sealed record InitializeParams(
    int? ProcessId,
    string? RootUri,
    string? RootPath,
    ImmutableArray<WorkspaceFolder>? WorkspaceFolders,
    ClientCapabilities? Capabilities);

public sealed record ClientCapabilities(WindowClientCapabilities? Window, TextDocumentClientCapabilities? TextDocument);

public sealed record WindowClientCapabilities(bool? WorkDoneProgress);

public sealed record TextDocumentClientCapabilities(PublishDiagnosticsClientCapabilities? PublishDiagnostics);

public sealed record PublishDiagnosticsClientCapabilities(bool? RelatedInformation, bool? VersionSupport);

public sealed record InitializeResult(ServerCapabilities Capabilities, ServerInfo ServerInfo);

public sealed record ServerInfo(string Name, string Version);

public sealed record ServerCapabilities(TextDocumentSyncOptions TextDocumentSync, CodeActionOptions CodeActionProvider);

public static class TextDocumentSyncKind
{
    public const int Incremental = 2;
}

public sealed record TextDocumentSyncOptions(bool OpenClose, int Change, SaveOptions Save);

public sealed record SaveOptions(bool IncludeText);

public sealed record CodeActionOptions(ImmutableArray<string> CodeActionKinds);

public sealed record DidOpenTextDocumentParams(TextDocumentItem TextDocument);

public sealed record TextDocumentContentChangeEvent(Range? Range, string Text);

public sealed record DidChangeTextDocumentParams(VersionedTextDocumentIdentifier TextDocument, ImmutableArray<TextDocumentContentChangeEvent> ContentChanges);

public sealed record DidSaveTextDocumentParams(TextDocumentIdentifier TextDocument, string? Text);

public sealed record DidCloseTextDocumentParams(TextDocumentIdentifier TextDocument);

public sealed record FileEvent(string Uri, int Type);

public sealed record DidChangeWatchedFilesParams(ImmutableArray<FileEvent> Changes);

public static class DiagnosticSeverity
{
    public const int Error = 1;
    public const int Warning = 2;
    public const int Information = 3;
    public const int Hint = 4;
}

public static class DiagnosticTag
{
    /// <summary>Code that does nothing: editors fade it (an unused suppression comment).</summary>
    public const int Unnecessary = 1;
}

public sealed record DiagnosticRelatedInformation(LspLocation Location, string Message);

public sealed record Diagnostic(
    Range Range,
    int Severity,
    string Code,
    string Source,
    string Message,
    ImmutableArray<DiagnosticRelatedInformation>? RelatedInformation,
    JsonElement? Data,
    ImmutableArray<int>? Tags = null);

public sealed record PublishDiagnosticsParams(string Uri, int? Version, ImmutableArray<Diagnostic> Diagnostics);

public sealed record CodeActionContext(ImmutableArray<Diagnostic>? Diagnostics, ImmutableArray<string>? Only);

public sealed record CodeActionParams(TextDocumentIdentifier TextDocument, Range Range, CodeActionContext? Context);

public sealed record LspTextEdit(Range Range, string NewText);

public sealed record WorkspaceEdit(IReadOnlyDictionary<string, ImmutableArray<LspTextEdit>> Changes);

public static class CodeActionKind
{
    public const string QuickFix = "quickfix";
}

public sealed record CodeAction(string Title, string Kind, ImmutableArray<Diagnostic> Diagnostics, bool IsPreferred, WorkspaceEdit Edit);

public static class MessageType
{
    public const int Error = 1;
    public const int Warning = 2;
    public const int Info = 3;
    public const int Log = 4;
}

public sealed record LogMessageParams(int Type, string Message);

public sealed record WorkDoneProgressCreateParams(string Token);

public sealed record ProgressParams(string Token, WorkDoneProgressValue Value);

/// <summary>One of begin/report/end; fields that do not belong to the kind stay null and are not written.</summary>
public sealed record WorkDoneProgressValue(string Kind, string? Title = null, string? Message = null, int? Percentage = null, bool? Cancellable = null);

internal static class LspJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
