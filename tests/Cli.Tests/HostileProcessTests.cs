using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Folint.Cli.Tests.Lsp;
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
        tree.Fifo("drivers/pipe.c");

        var run = await Shell(tree.Root, "exec dotnet \"$APP\" check mm --no-cache");

        Assert.Equal(1, run.ExitCode);
    }

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task FirstSignal_EndsARunWhoseReadBlocksOnASilentPipe(string signal, int exitCode)
    {
        using var tree = SampleTree();
        var fifo = tree.Fifo("baseline.json");
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

    private static readonly TimeSpan LspBound = TimeSpan.FromSeconds(60);

    private static Task Open(LspProcess server, string path) => server.NotifyAsync("textDocument/didOpen", new JsonObject
    {
        ["textDocument"] = new JsonObject { ["uri"] = new Uri(path).AbsoluteUri, ["languageId"] = "c", ["version"] = 1, ["text"] = File.ReadAllText(path) },
    });

    private static async Task<JsonElement> DiagnosticsFor(LspProcess server, string path)
    {
        var uri = new Uri(path).AbsoluteUri;
        var published = await server.NotificationAsync("textDocument/publishDiagnostics", p => p.GetProperty("uri").GetString() == uri, LspBound);
        return published.GetProperty("diagnostics");
    }

    private static async Task<int> ShutDown(LspProcess server)
    {
        await server.RequestAsync("shutdown", new JsonObject());
        await server.NotifyAsync("exit", new JsonObject());
        return await server.ExitCodeAsync(LspBound);
    }

    [Fact]
    public async Task LanguageServer_ExitsWithTheSignalsCode_143ForSigterm()
    {
        using var tree = SampleTree();
        await using var server = await LspProcess.StartAsync(tree.Root);

        TempTree.Run("kill", "-TERM", server.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(143, await server.ExitCodeAsync(LspBound));
    }

    [Fact]
    public async Task LanguageServer_SurvivesAFileNested20000Deep_AndStillAnswers()
    {
        using var tree = SampleTree();
        var deep = tree.Write("mm/deep.c", "void f(struct page *page) { __set_bit(PG_dirty, &page->flags); }\n" +
            string.Concat(Enumerable.Range(0, 20_000).Select(i => $"struct s{i} {{ ")) + "int x; " + string.Concat(Enumerable.Repeat("}; ", 20_000)) + "\n");
        var positive = tree["mm/open_coded_set_bit.c"];
        await using var server = await LspProcess.StartAsync(tree.Root);

        await Open(server, deep);
        // The deep file is checked (and skipped with its reason) before anything else is asked.
        var skipped = await DiagnosticsFor(server, deep);
        await Open(server, positive);
        var diagnostics = await DiagnosticsFor(server, positive);

        Assert.Empty(skipped.EnumerateArray());
        Assert.Contains("mm/deep.c: skipped: nesting deeper than 1000 levels (struct and union members)", server.Stderr);
        Assert.Equal("FOL000", Assert.Single(diagnostics.EnumerateArray()).GetProperty("code").GetString());
        Assert.Equal(0, await ShutDown(server));
    }

    [Fact]
    public async Task LanguageServer_PublishesDiagnostics_InATreeHoldingAFifo()
    {
        using var tree = SampleTree();
        tree.Fifo("drivers/pipe.c");
        var positive = tree["mm/open_coded_set_bit.c"];
        await using var server = await LspProcess.StartAsync(tree.Root);

        await Open(server, positive);
        var diagnostics = await DiagnosticsFor(server, positive);

        Assert.Single(diagnostics.EnumerateArray());
        Assert.Equal(0, await ShutDown(server));
    }

    [Fact]
    public async Task LanguageServer_RefusesAMessageClaimingGigabytes_BeforeBufferingIt()
    {
        using var tree = SampleTree();
        await using var server = await LspProcess.StartAsync(tree.Root);

        await server.SendRawAsync(Encoding.ASCII.GetBytes("Content-Length: 2000000000\r\n\r\n{\"jsonrpc\":\"2.0\","));

        Assert.Equal(1, await server.ExitCodeAsync(LspBound));
        Assert.Contains("folint lsp: connection failed: a message of 2000000000 bytes (Content-Length), over the limit of 64 MiB", server.Stderr);
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
}
