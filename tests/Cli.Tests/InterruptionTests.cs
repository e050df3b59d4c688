using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Folint.Tests.Doubles;

namespace Folint.Cli.Tests;

/// <summary>
/// A run of the real executable killed in the middle (Ctrl+C, a CI timeout's SIGTERM): it exits 130 or 143 and
/// leaves the previous report and baseline as they were, with no temporary file beside them.
/// </summary>
public sealed class InterruptionTests
{
    private static readonly string App = Path.Combine(AppContext.BaseDirectory, "folint.dll");

    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("INT", 130)]
    public async System.Threading.Tasks.Task SignalDuringTheRun_ExitsWithItsCode_AndLeavesThePreviousFilesIntact(string signal, int exitCode)
    {
        using var tree = new TempTree();
        // Enough C that the run is still parsing when the signal comes: it is sent once folint has a file of
        // the tree open, and thousands remain.
        var function = "void f{0}(struct page *page)\n{{\n\tif (page)\n\t\tset_bit(PG_private, &page->flags);\n}}\n";
        for (var i = 0; i < 4000; i++)
            tree.Write($"mm/gen/f{i}.c", string.Concat(Enumerable.Range(0, 20).Select(n => string.Format(function, n))));
        var report = tree.Write("out/report.json", "previous report\n");
        var baseline = tree.Write("out/baseline.json", "previous baseline\n");

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = tree.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { App, "check", "mm", "--format", "json", "--output", report, "--write-baseline", baseline })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();

        var parsing = WaitUntil(process, () => OpensAFileBelow(process.Id, tree["mm/gen"]));
        TempTree.Run("kill", "-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("folint did not end after the signal");
        }

        Assert.True(parsing, "folint ended before it was seen reading the tree");
        Assert.Equal(exitCode, process.ExitCode);
        Assert.Contains("folint: interrupted", await error);
        Assert.Equal("previous report\n", File.ReadAllText(report));
        Assert.Equal("previous baseline\n", File.ReadAllText(baseline));
        Assert.Equal(new[] { "baseline.json", "report.json" }, Directory.GetFiles(tree["out"]).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    /// <summary>Polls until the condition holds or the process ends; true when the condition held.</summary>
    private static bool WaitUntil(Process process, Func<bool> condition)
    {
        while (!process.HasExited)
        {
            if (condition())
                return true;
            Thread.Sleep(5);
        }
        return false;
    }

    private static bool OpensAFileBelow(int pid, string directory)
    {
        try
        {
            foreach (var descriptor in Directory.GetFiles($"/proc/{pid}/fd"))
            {
                var target = new FileInfo(descriptor).LinkTarget;
                if (target is not null && target.StartsWith(directory + "/", StringComparison.Ordinal))
                    return true;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return false;
    }
}
