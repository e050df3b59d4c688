using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Folint.Tests.Doubles;

namespace Folint.Cli.Tests;

/// <summary>
/// Issue 14's attacks that only a real process shows: streams that fail (/dev/full), reads that block (FIFOs, a silent
/// pipe, an endless stdin) while a signal comes, and the language server on hostile trees and messages. Every run is
/// bounded (a timeout, and ulimit -v where the old failure was to eat memory).
/// </summary>
public sealed class HostileProcessTests
{
    private static readonly string App = Path.Combine(AppContext.BaseDirectory, "folint.dll");

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    /// <summary>Runs folint through bash (for redirections and ulimit): <c>$APP</c> is the folint build beside the tests.</summary>
    private static async Task<CliRun> Shell(string directory, string script, Func<Process, Task>? whileRunning = null)
    {
        var start = new ProcessStartInfo("bash", new[] { "-c", script })
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.Environment["APP"] = App;
        start.Environment["HOME"] = directory;
        start.Environment.Remove("FOLINT_RULES");
        start.Environment.Remove("XDG_CACHE_HOME");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (whileRunning is not null)
            await whileRunning(process);
        process.StandardInput.Close();
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(Bound)) != exited)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"folint did not end within {Bound.TotalSeconds} s:\n{script}");
        }
        return new CliRun(process.ExitCode, await output, await error);
    }

    /// <summary>The process whose command line holds folint.dll, below <paramref name="parent"/> (bash execs it, so usually the shell itself).</summary>
    private static int FolintPid(Process parent)
    {
        for (var i = 0; i < 3000; i++)
        {
            if (File.ReadAllText($"/proc/{parent.Id}/cmdline").Contains("folint.dll", StringComparison.Ordinal))
                return parent.Id;
            Thread.Sleep(10);
        }
        throw new TimeoutException("folint did not start");
    }

    private static TempTree SampleTree()
    {
        var tree = new TempTree(kernelTree: false);
        TempTree.Run("cp", "-r", Path.Combine(RepositoryPaths.Root, "samples", "tree", "."), tree.Root);
        return tree;
    }

    private static void Release(string fifo) => TempTree.Run("bash", "-c", "exec 3<>\"$1\"; exec 3>&-", "bash", fifo);

    [Fact]
    public async Task StdoutToAFullDisk_Exits2_NamingStdout_WithoutAStackTrace()
    {
        using var tree = SampleTree();

        var run = await Shell(tree.Root, "exec dotnet \"$APP\" check --no-cache > /dev/full");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("folint: stdout: cannot write the output: No space left on device\n", run.Error);
        Assert.DoesNotContain("internal error", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public async Task StderrToAFullDisk_TheRunEndsWithItsVerdict_NotAnAbort()
    {
        using var tree = SampleTree();

        var run = await Shell(tree.Root, "exec dotnet \"$APP\" check --no-cache 2> /dev/full");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("mm/open_coded_set_bit.c:11:2: warning:", run.Out);
    }

    [Fact]
    public async Task FifoNamedLikeASourceInTheTree_DoesNotHangTheRun()
    {
        using var tree = SampleTree();
        Directory.CreateDirectory(tree["drivers"]);
        TempTree.Run("mkfifo", tree["drivers/pipe.c"]);
        try
        {
            var run = await Shell(tree.Root, "exec dotnet \"$APP\" check mm --no-cache");

            Assert.Equal(1, run.ExitCode);
        }
        finally
        {
            Release(tree["drivers/pipe.c"]);
        }
    }

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task FirstSignal_EndsARunWhoseReadBlocksOnASilentPipe(string signal, int exitCode)
    {
        using var tree = SampleTree();
        var fifo = tree["baseline.json"];
        TempTree.Run("mkfifo", fifo);
        // A writer that holds the pipe and never writes: the baseline read waits for it.
        using var writer = Process.Start("bash", new[] { "-c", "exec 3<>\"$1\"; sleep 120", "bash", fifo })!;
        try
        {
            var clock = new Stopwatch();
            var run = await Shell(tree.Root, "exec dotnet \"$APP\" check mm --no-cache --baseline baseline.json", async process =>
            {
                var pid = FolintPid(process);
                await WaitUntilOpen(pid, fifo);
                clock.Start();
                TempTree.Run("kill", "-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
            });

            Assert.Equal(exitCode, run.ExitCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the run took {clock.Elapsed.TotalSeconds:0.0} s to end after the signal");
            Assert.Contains("folint: interrupted", run.Error);
        }
        finally
        {
            writer.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task EndlessStdin_CheckPatch_StopsAtTheSizeLimit_Exit2()
    {
        using var tree = SampleTree();

        // ulimit -v: before the limit, the read went on to 4-6 GB and an OutOfMemoryException.
        var run = await Shell(tree.Root, "ulimit -v 6000000; yes 'abcdefgh' | dotnet \"$APP\" check-patch -");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("folint: -: skipped: file too large (over 8 MiB; raise the limit with --max-file-size)\n", run.Error);
    }

    // ---------------------------------------------------------------- the language server

    [Fact]
    public async Task LanguageServer_ExitsWithTheSignalsCode_143ForSigterm()
    {
        using var tree = SampleTree();
        await using var server = await LanguageServerProcess.Start(tree.Root);

        TempTree.Run("kill", "-TERM", server.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(143, await server.Exit());
    }

    [Fact]
    public async Task LanguageServer_SurvivesAFileNested20000Deep_AndStillAnswers()
    {
        using var tree = SampleTree();
        var deep = tree.Write("mm/deep.c", "void f(struct page *page) { __set_bit(PG_dirty, &page->flags); }\n" +
            string.Concat(Enumerable.Range(0, 20_000).Select(i => $"struct s{i} {{ ")) + "int x; " + string.Concat(Enumerable.Repeat("}; ", 20_000)) + "\n");
        var positive = tree["mm/open_coded_set_bit.c"];
        await using var server = await LanguageServerProcess.Start(tree.Root);

        await server.Open(deep);
        // The deep file is checked (and skipped with its reason) before anything else is asked.
        var skipped = await server.DiagnosticsFor(deep);
        await server.Open(positive);
        var diagnostics = await server.DiagnosticsFor(positive);

        Assert.Empty(skipped.EnumerateArray());
        Assert.Contains("mm/deep.c: skipped: nesting deeper than 1000 levels (struct and union members)", server.Errors);
        Assert.Equal("FOL000", Assert.Single(diagnostics.EnumerateArray()).GetProperty("code").GetString());
        Assert.Equal(0, await server.ShutDown());
    }

    [Fact]
    public async Task LanguageServer_PublishesDiagnostics_InATreeHoldingAFifo()
    {
        using var tree = SampleTree();
        Directory.CreateDirectory(tree["drivers"]);
        TempTree.Run("mkfifo", tree["drivers/pipe.c"]);
        try
        {
            var positive = tree["mm/open_coded_set_bit.c"];
            await using var server = await LanguageServerProcess.Start(tree.Root);

            await server.Open(positive);
            var diagnostics = await server.DiagnosticsFor(positive);

            Assert.Single(diagnostics.EnumerateArray());
            Assert.Equal(0, await server.ShutDown());
        }
        finally
        {
            Release(tree["drivers/pipe.c"]);
        }
    }

    [Fact]
    public async Task LanguageServer_RefusesAMessageClaimingGigabytes_BeforeBufferingIt()
    {
        using var tree = SampleTree();
        await using var server = await LanguageServerProcess.Start(tree.Root);

        await server.SendRaw(Encoding.ASCII.GetBytes("Content-Length: 2000000000\r\n\r\n{\"jsonrpc\":\"2.0\","));
        var exit = await server.Exit();

        Assert.Equal(1, exit);
        Assert.Contains("folint lsp: connection failed: a message of 2000000000 bytes (Content-Length), over the limit of 64 MiB", server.Errors);
    }

    private static async Task WaitUntilOpen(int pid, string path)
    {
        for (var i = 0; i < 3000; i++)
        {
            try
            {
                if (Directory.GetFiles($"/proc/{pid}/fd").Any(d => new FileInfo(d).LinkTarget == path))
                    return;
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
            await Task.Delay(10);
        }
        throw new TimeoutException($"folint did not open {path}");
    }

    /// <summary>folint lsp as a child process, spoken to with framed JSON-RPC: just enough client for these tests.</summary>
    private sealed class LanguageServerProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly Stream _input;
        private readonly Stream _output;
        private readonly StringBuilder _errors = new();
        private readonly List<JsonDocument> _notifications = new();
        private int _nextId = 1;

        private LanguageServerProcess(Process process)
        {
            _process = process;
            _input = process.StandardInput.BaseStream;
            _output = process.StandardOutput.BaseStream;
            process.ErrorDataReceived += (_, e) =>
            {
                lock (_errors)
                    _errors.AppendLine(e.Data);
            };
            process.BeginErrorReadLine();
        }

        public int Pid => _process.Id;

        public string Errors
        {
            get
            {
                lock (_errors)
                    return _errors.ToString();
            }
        }

        public static async Task<LanguageServerProcess> Start(string root)
        {
            var start = new ProcessStartInfo("dotnet", new[] { App, "lsp" })
            {
                WorkingDirectory = root,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment.Remove("FOLINT_RULES");
            var server = new LanguageServerProcess(Process.Start(start)!);
            await server.Request("initialize", new { processId = (int?)null, rootUri = new Uri(root).AbsoluteUri, capabilities = new { } });
            await server.Notify("initialized", new { });
            return server;
        }

        public Task Open(string path) => Notify("textDocument/didOpen", new
        {
            textDocument = new { uri = new Uri(path).AbsoluteUri, languageId = "c", version = 1, text = File.ReadAllText(path) },
        });

        public async Task<JsonElement> DiagnosticsFor(string path)
        {
            var uri = new Uri(path).AbsoluteUri;
            var message = await Next(m => m.RootElement.TryGetProperty("method", out var method) && method.GetString() == "textDocument/publishDiagnostics" &&
                                          m.RootElement.GetProperty("params").GetProperty("uri").GetString() == uri);
            return message.RootElement.GetProperty("params").GetProperty("diagnostics");
        }

        public async Task<int> ShutDown()
        {
            await Request("shutdown", null);
            await Notify("exit", null);
            return await Exit();
        }

        public async Task<int> Exit()
        {
            var exited = _process.WaitForExitAsync();
            if (await Task.WhenAny(exited, Task.Delay(Bound)) != exited)
                throw new TimeoutException("folint lsp did not exit");
            return _process.ExitCode;
        }

        public async Task SendRaw(byte[] bytes)
        {
            try
            {
                await _input.WriteAsync(bytes);
                await _input.FlushAsync();
            }
            catch (IOException)
            {
                // the server closed its end: what it said is in its stderr and exit code
            }
        }

        private async Task Request(string method, object? parameters)
        {
            var id = _nextId++;
            await Send(new { jsonrpc = "2.0", id, method, @params = parameters });
            // A response, not a request of the server's own (which has a method, and ids of its own numbering).
            await Next(m => !m.RootElement.TryGetProperty("method", out _) && m.RootElement.TryGetProperty("id", out var got) && got.ValueKind == JsonValueKind.Number && got.GetInt32() == id);
        }

        private Task Notify(string method, object? parameters) => Send(new { jsonrpc = "2.0", method, @params = parameters });

        private Task Send(object message)
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(message);
            return SendRaw(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n").Concat(body).ToArray());
        }

        private async Task<JsonDocument> Next(Func<JsonDocument, bool> wanted)
        {
            var seen = _notifications.FirstOrDefault(wanted);
            if (seen is not null)
                return seen;
            using var timeout = new CancellationTokenSource(Bound);
            while (true)
            {
                var message = await Read(timeout.Token) ?? throw new EndOfStreamException($"folint lsp closed its output; stderr:\n{Errors}");
                if (wanted(message))
                    return message;
                _notifications.Add(message);
            }
        }

        private async Task<JsonDocument?> Read(CancellationToken cancellationToken)
        {
            var header = new StringBuilder();
            var one = new byte[1];
            while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                if (await _output.ReadAsync(one, cancellationToken) == 0)
                    return null;
                header.Append((char)one[0]);
            }
            var length = int.Parse(header.ToString().Split("\r\n").First(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)).Substring(15).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            var body = new byte[length];
            await _output.ReadExactlyAsync(body, cancellationToken);
            return JsonDocument.Parse(body);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            foreach (var message in _notifications)
                message.Dispose();
            _process.Dispose();
        }
    }
}
