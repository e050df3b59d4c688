using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Folint.CSource.Engine;
using StreamJsonRpc;

namespace Folint.Cli.Lsp;

/// <summary>
/// folint's language server: keeps the open C documents, checks each against its tree's session (whose index is
/// built once, in the background, with <c>$/progress</c>), and publishes the findings as diagnostics. No analysis
/// here: documents become <see cref="SourceFile"/>s, findings become diagnostics.
/// </summary>
/// <remarks>
/// Handlers run one at a time in arrival order (the connection's synchronization context) and never wait for a
/// check: a change only records the new text and schedules a check on the thread pool. A newer change cancels
/// the document's scheduled or running check; a check that finishes for a version that is no longer current
/// publishes nothing.
/// </remarks>
internal sealed class LanguageServer
{
    /// <summary>The method a malformed incoming message is turned into (see <see cref="LenientMessageHandler"/>).</summary>
    public const string MalformedMessage = "$/folint/malformedMessage";

    private const int ServerNotInitialized = -32002;
    private const int InvalidRequest = -32600;

    private readonly JsonRpc _rpc;
    private readonly Func<string, bool, TreeSession> _sessionFor;
    private readonly TextWriter _log;
    private readonly TimeSpan _debounce;
    private readonly Outbox _outbox;
    private readonly ConcurrentDictionary<string, OpenDocument> _documents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<IndexedTree>> _trees = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _checkSlots = new(Math.Max(1, Environment.ProcessorCount));
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ClientCapabilities? _client;
    private ImmutableArray<string> _roots = ImmutableArray<string>.Empty;
    private int _progressTokens;
    private volatile State _state;

    private enum State { Starting, Initialized, ShutDown }

    /// <param name="sessionFor">A session for a tree root (and whether it is a kernel tree); called once per root.</param>
    /// <param name="log">stderr: what goes to the client's log goes here too.</param>
    public LanguageServer(JsonRpc rpc, Func<string, bool, TreeSession> sessionFor, TextWriter log, TimeSpan debounce)
    {
        _rpc = rpc;
        _sessionFor = sessionFor;
        _log = TextWriter.Synchronized(log);
        _debounce = debounce;
        _outbox = new Outbox(rpc, e => _log.WriteLine($"folint lsp: cannot notify the client: {e.Message}"));
    }

    /// <summary>Completes with the exit code when the client sends <c>exit</c>: 0 after <c>shutdown</c>, else 1.</summary>
    public Task<int> Exited => _exited.Task;

    public bool ShutdownRequested => _state == State.ShutDown;

    [JsonRpcMethod("initialize")]
    public InitializeResult Initialize(InitializeParams parameters)
    {
        if (_state == State.ShutDown)
            throw new LocalRpcException("the server is shut down") { ErrorCode = InvalidRequest };
        _client = parameters.Capabilities;
        var roots = parameters.WorkspaceFolders is { IsDefaultOrEmpty: false } folders
            ? folders.Select(f => DocumentUri.ToPath(f.Uri))
            : new[] { parameters.RootUri is { } uri ? DocumentUri.ToPath(uri) : parameters.RootPath };
        _roots = roots.OfType<string>().ToImmutableArray();
        _state = State.Initialized;
        return new InitializeResult(
            new ServerCapabilities(
                new TextDocumentSyncOptions(OpenClose: true, TextDocumentSyncKind.Incremental, new SaveOptions(IncludeText: false)),
                new CodeActionOptions(ImmutableArray.Create(CodeActionKind.QuickFix))),
            new ServerInfo(Output.ToolInfo.Name, Output.ToolInfo.Version));
    }

    /// <summary>Starts indexing the kernel trees of the workspace, so the index is warm before the first file opens.</summary>
    [JsonRpcMethod("initialized")]
    public void Initialized(JsonElement? parameters = null)
    {
        if (_state != State.Initialized)
            return;
        foreach (var root in _roots)
        {
            if (SourceDiscovery.FindTreeRoot(root) is { } tree)
                TreeFor(tree, hasTreeHeaders: true);
            else
                Log(MessageType.Info, $"{root}: not inside a kernel tree (no {SourceDiscovery.TreeMarker} there or above); files opened in it are checked without the tree's headers");
        }
    }

    [JsonRpcMethod("shutdown")]
    public object? Shutdown(JsonElement? parameters = null)
    {
        RequireRunning();
        _state = State.ShutDown;
        _lifetime.Cancel();
        return null;
    }

    [JsonRpcMethod("exit")]
    public void Exit(JsonElement? parameters = null)
    {
        _lifetime.Cancel();
        _exited.TrySetResult(_state == State.ShutDown ? 0 : 1);
    }

    [JsonRpcMethod("textDocument/didOpen")]
    public void DidOpen(DidOpenTextDocumentParams parameters)
    {
        if (_state != State.Initialized)
            return;
        var item = parameters.TextDocument;
        if (!IsC(item.Uri, item.LanguageId))
            return;
        if (DocumentUri.ToPath(item.Uri) is not { } path)
        {
            Log(MessageType.Info, $"{item.Uri}: not a file on disk; folint checks files of a kernel tree");
            return;
        }
        var treeRoot = SourceDiscovery.FindTreeRoot(path);
        var tree = TreeFor(treeRoot ?? Path.GetDirectoryName(path)!, hasTreeHeaders: treeRoot is not null);
        var treePath = Path.GetRelativePath(tree.Session.TreeRoot, path).Replace(Path.DirectorySeparatorChar, '/');
        var document = new OpenDocument(item.Uri, path, tree, treePath, item.Version, item.Text);
        if (_documents.TryGetValue(item.Uri, out var previous))
            Close(previous, publishEmpty: false);
        _documents[item.Uri] = document;
        Schedule(document, TimeSpan.Zero);
    }

    [JsonRpcMethod("textDocument/didChange")]
    public void DidChange(DidChangeTextDocumentParams parameters)
    {
        if (_state != State.Initialized || !_documents.TryGetValue(parameters.TextDocument.Uri, out var document))
            return;
        lock (document.Gate)
        {
            if (document.Closed)
                return;
            var text = document.Text;
            foreach (var change in parameters.ContentChanges.IsDefault ? ImmutableArray<TextDocumentContentChangeEvent>.Empty : parameters.ContentChanges)
                text = DocumentText.Apply(text, change.Range, change.Text ?? "");
            document.Text = text;
            document.Version = parameters.TextDocument.Version;
        }
        Schedule(document, _debounce);
    }

    /// <summary>The file on disk changed: what the tree's index knows of it is read again, and every open file of the tree is checked again.</summary>
    [JsonRpcMethod("textDocument/didSave")]
    public void DidSave(DidSaveTextDocumentParams parameters)
    {
        if (_state != State.Initialized || !_documents.TryGetValue(parameters.TextDocument.Uri, out var document))
            return;
        if (parameters.Text is { } text)
        {
            lock (document.Gate)
                document.Text = text;
        }
        document.Tree.Session.FileChanged(document.TreePath);
        RecheckTree(document.Tree);
    }

    [JsonRpcMethod("textDocument/didClose")]
    public void DidClose(DidCloseTextDocumentParams parameters)
    {
        if (_state != State.Initialized || !_documents.TryRemove(parameters.TextDocument.Uri, out var document))
            return;
        Close(document, publishEmpty: true);
    }

    [JsonRpcMethod("workspace/didChangeWatchedFiles")]
    public void DidChangeWatchedFiles(DidChangeWatchedFilesParams parameters)
    {
        if (_state != State.Initialized || parameters.Changes.IsDefault)
            return;
        var changed = new HashSet<IndexedTree>();
        foreach (var change in parameters.Changes)
        {
            if (DocumentUri.ToPath(change.Uri) is not { } path)
                continue;
            foreach (var tree in _trees.Values.Where(t => t.IsValueCreated).Select(t => t.Value))
            {
                var relative = Path.GetRelativePath(tree.Session.TreeRoot, path);
                if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
                    continue;
                tree.Session.FileChanged(relative.Replace(Path.DirectorySeparatorChar, '/'));
                changed.Add(tree);
            }
        }
        foreach (var tree in changed)
            RecheckTree(tree);
    }

    [JsonRpcMethod("textDocument/codeAction")]
    public ImmutableArray<CodeAction> CodeAction(CodeActionParams parameters)
    {
        RequireRunning();
        var none = ImmutableArray<CodeAction>.Empty;
        if (!_documents.TryGetValue(parameters.TextDocument.Uri, out var document))
            return none;
        if (parameters.Context?.Only is { IsDefaultOrEmpty: false } only &&
            !only.Any(kind => kind == CodeActionKind.QuickFix || CodeActionKind.QuickFix.StartsWith(kind + ".", StringComparison.Ordinal)))
            return none;

        CheckedVersion? published;
        lock (document.Gate)
        {
            published = document.Published;
            // Edits are located in the checked text: offered only while the document is still that text.
            if (published is null || published.Version != document.Version)
                return none;
        }
        var asked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var diagnostic in parameters.Context?.Diagnostics ?? ImmutableArray<Diagnostic>.Empty)
        {
            if (diagnostic.Data is { ValueKind: JsonValueKind.Object } data &&
                data.TryGetProperty("fingerprint", out var fingerprint) && fingerprint.ValueKind == JsonValueKind.String)
                asked.Add(fingerprint.GetString()!);
        }

        var diagnostics = new Diagnostics(document.Tree.Session.TreeRoot, document.TreePath, published.Content);
        var actions = ImmutableArray.CreateBuilder<CodeAction>();
        for (var i = 0; i < published.Findings.Length; i++)
        {
            var finding = published.Findings[i];
            var diagnostic = published.Diagnostics[i];
            if (!asked.Contains(finding.Fingerprint) && !Overlaps(diagnostic.Range, parameters.Range))
                continue;
            if (diagnostics.ToCodeAction(finding, diagnostic) is { } action)
                actions.Add(action);
        }
        return actions.ToImmutable();
    }

    /// <summary>
    /// A message that was not JSON-RPC (see <see cref="LenientFormatter"/>): logged, answered with an error when it
    /// carried a request id, and the connection goes on with the next message.
    /// </summary>
    [JsonRpcMethod(MalformedMessage)]
    public void OnMalformedMessage(string reason)
    {
        Log(MessageType.Warning, $"ignored a malformed message from the client: {reason}");
        throw new LocalRpcException("malformed message: " + reason) { ErrorCode = InvalidRequest };
    }

    /// <summary>Cancels all work and lets already-posted notifications go out.</summary>
    public async Task StopAsync()
    {
        _lifetime.Cancel();
        foreach (var document in _documents.Values)
        {
            lock (document.Gate)
                document.Pending?.Cancel();
        }
        await _outbox.DrainAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
    }

    private void RequireRunning()
    {
        if (_state == State.Starting)
            throw new LocalRpcException("the server is not initialized yet") { ErrorCode = ServerNotInitialized };
        if (_state == State.ShutDown)
            throw new LocalRpcException("the server is shut down") { ErrorCode = InvalidRequest };
    }

    private void Close(OpenDocument document, bool publishEmpty)
    {
        lock (document.Gate)
        {
            document.Closed = true;
            document.Pending?.Cancel();
            if (publishEmpty)
                _outbox.Post("textDocument/publishDiagnostics", new PublishDiagnosticsParams(document.Uri, null, ImmutableArray<Diagnostic>.Empty));
        }
    }

    private void RecheckTree(IndexedTree tree)
    {
        foreach (var document in _documents.Values.Where(d => d.Tree == tree))
            Schedule(document, TimeSpan.Zero);
    }

    private void Schedule(OpenDocument document, TimeSpan delay)
    {
        CancellationTokenSource pending;
        int version;
        string text;
        lock (document.Gate)
        {
            if (document.Closed)
                return;
            document.Pending?.Cancel();
            pending = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
            document.Pending = pending;
            version = document.Version;
            text = document.Text;
        }
        _ = Task.Run(() => CheckAsync(document, version, text, delay, pending.Token));
    }

    private async Task CheckAsync(OpenDocument document, int version, string text, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            if (delay > TimeSpan.Zero)
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            await document.Tree.Ready.WaitAsync(cancellationToken).ConfigureAwait(false);
            await _checkSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
            byte[] content;
            CheckResult result;
            try
            {
                content = Encoding.UTF8.GetBytes(text);
                result = document.Tree.Session.Check(new SourceFile(document.TreePath, content), cancellationToken);
            }
            finally
            {
                _checkSlots.Release();
            }

            var mapping = new Diagnostics(document.Tree.Session.TreeRoot, document.TreePath, content);
            var related = _client?.TextDocument?.PublishDiagnostics?.RelatedInformation == true;
            var findings = result.Findings.Where(f => mapping.IsDocument(f.Primary)).ToImmutableArray();
            // the findings first, in the order of CheckedVersion.Findings (code actions pair them by index), then what
            // check notes of the buffer's suppressions
            var diagnostics = findings.Select(f => mapping.ToDiagnostic(f, related))
                .Concat(result.Suppressions.Where(s => s.Used == false && s.File == document.TreePath).Select(mapping.ToDiagnostic))
                .ToImmutableArray();
            lock (document.Gate)
            {
                if (cancellationToken.IsCancellationRequested || document.Closed || document.Version != version)
                    return;
                document.Published = new CheckedVersion(version, content, findings, diagnostics);
                _outbox.Post("textDocument/publishDiagnostics", new PublishDiagnosticsParams(document.Uri, version, diagnostics));
            }
            // Said once, not on every keystroke: only when the check's problems differ from the last check's.
            var problems = string.Join("\n", result.Problems.Select(p => $"{p.Path}: {p.Reason}"));
            if (Interlocked.Exchange(ref document.LastProblems, problems) != problems && problems.Length > 0)
                Log(MessageType.Warning, problems);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A newer version of the document, its closing or the end of the session made this check stale.
        }
        catch (Exception e)
        {
            Log(MessageType.Error, $"{document.TreePath}: check failed: {e.Message} ({e.GetType().Name})");
        }
    }

    private IndexedTree TreeFor(string root, bool hasTreeHeaders) =>
        _trees.GetOrAdd(root, r => new Lazy<IndexedTree>(() =>
        {
            var session = _sessionFor(r, hasTreeHeaders);
            return new IndexedTree(session, Task.Run(() => IndexAsync(session)));
        })).Value;

    private async Task IndexAsync(TreeSession session)
    {
        var clock = Stopwatch.StartNew();
        var token = await BeginProgressAsync($"folint: indexing {session.TreeRoot}").ConfigureAwait(false);
        try
        {
            var progress = new ProgressReporter(this, token);
            await Task.Factory.StartNew(
                () => session.BuildIndex(progress, _lifetime.Token),
                _lifetime.Token,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default).ConfigureAwait(false);
            var done = $"{session.TreeRoot}: index ready in {clock.Elapsed.TotalSeconds:0.00} s";
            EndProgress(token, done);
            Log(MessageType.Info, done);
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            EndProgress(token, "cancelled");
            throw;
        }
        catch (Exception e)
        {
            EndProgress(token, "failed");
            Log(MessageType.Error, $"{session.TreeRoot}: cannot index the tree: {e.Message} ({e.GetType().Name}); its files are not checked");
            throw;
        }
    }

    /// <summary>A work-done progress token the client created, or null when it cannot show progress.</summary>
    private async Task<string?> BeginProgressAsync(string title)
    {
        if (_client?.Window?.WorkDoneProgress != true)
            return null;
        var token = $"folint/index/{Interlocked.Increment(ref _progressTokens)}";
        try
        {
            await _rpc.InvokeWithParameterObjectAsync("window/workDoneProgress/create", new WorkDoneProgressCreateParams(token), _lifetime.Token)
                .WaitAsync(TimeSpan.FromSeconds(10), _lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RemoteInvocationException or TimeoutException or ConnectionLostException or OperationCanceledException or ObjectDisposedException)
        {
            return null;
        }
        _outbox.Post("$/progress", new ProgressParams(token, new WorkDoneProgressValue("begin", Title: title, Percentage: 0, Cancellable: false)));
        return token;
    }

    private void EndProgress(string? token, string message)
    {
        if (token is not null)
            _outbox.Post("$/progress", new ProgressParams(token, new WorkDoneProgressValue("end", Message: message)));
    }

    private void Log(int type, string message)
    {
        _log.WriteLine($"folint lsp: {message}");
        _outbox.Post("window/logMessage", new LogMessageParams(type, message));
    }

    private static bool IsC(string uri, string? languageId) =>
        uri.EndsWith(".c", StringComparison.OrdinalIgnoreCase) || uri.EndsWith(".h", StringComparison.OrdinalIgnoreCase) || languageId == "c";

    private static bool Overlaps(Range a, Range b) => !Before(a.End, b.Start) && !Before(b.End, a.Start);

    private static bool Before(Position x, Position y) => x.Line < y.Line || (x.Line == y.Line && x.Character < y.Character);

    /// <summary>Index progress as <c>$/progress</c> reports, at most one per percent.</summary>
    private sealed class ProgressReporter : IProgress<CheckProgress>
    {
        private readonly LanguageServer _server;
        private readonly string? _token;
        private int _lastPercentage = -1;

        public ProgressReporter(LanguageServer server, string? token)
        {
            _server = server;
            _token = token;
        }

        public void Report(CheckProgress value)
        {
            if (_token is null || value.Total <= 0)
                return;
            var percentage = (int)(100L * value.Done / value.Total);
            if (Interlocked.Exchange(ref _lastPercentage, percentage) == percentage)
                return;
            _server._outbox.Post("$/progress", new ProgressParams(_token, new WorkDoneProgressValue("report", Message: $"{value.Done}/{value.Total} files", Percentage: percentage)));
        }
    }
}
