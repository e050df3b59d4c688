using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;

namespace Folint.Cli.Tests.Lsp;

/// <summary>
/// Runs tests/node (folint lsp driven by vscode-languageserver-protocol, the library VS Code's client is built on)
/// against the folint build beside these tests, so `dotnet test` runs it. scripts/test installs its packages.
/// </summary>
public sealed class NodeClientTests
{
    internal static readonly string Repository = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));

    internal static readonly string App = Path.Combine(AppContext.BaseDirectory, "folint.dll");

    [Fact]
    public async Task LanguageServer_PassesTheNodeClientSuite()
    {
        var directory = Path.Combine(Repository, "tests", "node");
        Assert.True(
            Directory.Exists(Path.Combine(directory, "node_modules", "vscode-languageserver-protocol")),
            "tests/node has no node_modules: run `npm ci` in tests/node (scripts/test does)");

        var run = await Run("node", directory, TimeSpan.FromMinutes(3), "--test", "--test-reporter=spec", "lsp.test.mjs");

        Assert.True(run.ExitCode == 0, $"node --test exited {run.ExitCode}:\n{run.Output}");
    }

    internal sealed record ProcessRun(int ExitCode, string Output);

    /// <summary>Runs a program with FOLINT_APP set to the folint build beside the tests; stdout and stderr together.</summary>
    internal static async Task<ProcessRun> Run(string program, string directory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["FOLINT_APP"] = App;
        start.Environment["FOLINT_SAMPLE_TREE"] = Path.Combine(Repository, "samples", "tree");
        start.Environment.Remove("FOLINT_RULES");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + program);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(timeout)) != exited)
        {
            process.Kill(entireProcessTree: true);
            return new ProcessRun(-1, $"timed out after {timeout.TotalSeconds} s\n{await output}\n{await error}");
        }
        return new ProcessRun(process.ExitCode, await output + await error);
    }
}
