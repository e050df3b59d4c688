using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace Folint.Cli.Tests.Lsp;

/// <summary>
/// <c>folint lsp</c> as a separate process (the build beside these tests), spoken to over its stdin and stdout with
/// the LSP's Content-Length framing: requests, notifications, and the notifications it sends back. Requests the
/// server makes of the client (progress tokens) are answered with null.
/// </summary>
internal sealed class LspProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Stream _input;
    private readonly List<JsonElement> _received = new();
    private readonly Dictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly Task _reader;
    private readonly StringBuilder _stderr = new();
    private int _nextId;

    private LspProcess(Process process)
    {
        _process = process;
        _input = process.StandardInput.BaseStream;
        _reader = Task.Run(ReadAsync);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
                _stderr.AppendLine(e.Data);
        };
        process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public string Stderr
    {
        get
        {
            lock (_stderr)
                return _stderr.ToString();
        }
    }

    /// <summary>Starts the server in <paramref name="directory"/> and initializes it (initialize, then initialized).</summary>
    public static async Task<LspProcess> StartAsync(string directory)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(NodeClientTests.App);
        start.ArgumentList.Add("lsp");
        start.Environment.Remove("FOLINT_RULES");
        var server = new LspProcess(Process.Start(start) ?? throw new InvalidOperationException("cannot start folint lsp"));
        await server.RequestAsync("initialize", new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["rootUri"] = new Uri(directory).AbsoluteUri,
            ["capabilities"] = new JsonObject { ["textDocument"] = new JsonObject { ["publishDiagnostics"] = new JsonObject { ["relatedInformation"] = true } } },
        });
        await server.NotifyAsync("initialized", new JsonObject());
        return server;
    }

    public async Task<JsonElement> RequestAsync(string method, JsonNode parameters)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_pending)
            _pending[id] = answer;
        await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        return await answer.Task.WaitAsync(TimeSpan.FromMinutes(2));
    }

    public Task NotifyAsync(string method, JsonNode parameters) =>
        SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    /// <summary>The first notification of <paramref name="method"/> whose parameters satisfy <paramref name="match"/>, received or to come.</summary>
    public async Task<JsonElement> NotificationAsync(string method, Func<JsonElement, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var seen = 0;
        while (true)
        {
            lock (_received)
            {
                for (; seen < _received.Count; seen++)
                {
                    var message = _received[seen];
                    if (message.TryGetProperty("method", out var name) && name.GetString() == method && match(message.GetProperty("params")))
                        return message.GetProperty("params");
                }
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
                throw new TimeoutException($"no {method} within {timeout.TotalSeconds} s; server stderr:\n{Stderr}");
        }
    }

    /// <summary>The server's exit code, once it has exited (after 'exit', a signal, or a connection it ended).</summary>
    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    /// <summary>Bytes as they are, framing included (a hostile client); a server that already closed its end is not an error here.</summary>
    public async Task SendRawAsync(byte[] bytes)
    {
        try
        {
            await _input.WriteAsync(bytes);
            await _input.FlushAsync();
        }
        catch (IOException)
        {
        }
    }

    private async Task SendAsync(JsonNode message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        await _input.WriteAsync(header);
        await _input.WriteAsync(body);
        await _input.FlushAsync();
    }

    private async Task ReadAsync()
    {
        var output = _process.StandardOutput.BaseStream;
        while (true)
        {
            var length = -1;
            while (true)
            {
                var line = await ReadLineAsync(output);
                if (line is null)
                    return;
                if (line.Length == 0)
                    break;
                if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    length = int.Parse(line.Substring("Content-Length:".Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
            var body = new byte[length];
            await output.ReadExactlyAsync(body);
            var message = JsonDocument.Parse(body).RootElement.Clone();
            if (message.TryGetProperty("id", out var id) && message.TryGetProperty("method", out _))
            {
                await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = JsonNode.Parse(id.GetRawText()), ["result"] = null });
                continue;
            }
            if (message.TryGetProperty("id", out var answered) && answered.ValueKind == JsonValueKind.Number)
            {
                TaskCompletionSource<JsonElement>? waiting;
                lock (_pending)
                    _pending.Remove(answered.GetInt32(), out waiting);
                waiting?.TrySetResult(message);
                continue;
            }
            lock (_received)
                _received.Add(message);
            _arrived.Release();
        }
    }

    private static async Task<string?> ReadLineAsync(Stream stream)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one) == 0)
                return null;
            if (one[0] == '\n')
                return line.ToString().TrimEnd('\r');
            line.Append((char)one[0]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RequestAsync("shutdown", new JsonObject()).WaitAsync(TimeSpan.FromSeconds(20));
            await NotifyAsync("exit", new JsonObject());
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
        _ = _reader;
    }
}
