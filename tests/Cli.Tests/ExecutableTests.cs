using System;
using System.Diagnostics;
using System.IO;
using Folint.Tests.Doubles;

namespace Folint.Cli.Tests;

/// <summary>
/// A few runs of the real folint executable (the build beside the tests, with the real composition), for what
/// in-process runs cannot show: the process exit code, and an input a non-root user cannot read.
/// </summary>
public sealed class ExecutableTests
{
    private static readonly string App = Path.Combine(AppContext.BaseDirectory, "folint.dll");

    [Fact]
    public void Explain_PrintsTheRule_AndExits0()
    {
        var run = Execute(Path.GetTempPath(), asNobody: false, "explain", "FOL002");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("FOL002: Write to a tail page's refcount\n", run.Out);
    }

    [Fact]
    public void Version_IsTheReleaseVersionAlone()
    {
        var run = Execute(Path.GetTempPath(), asNobody: false, "--version");

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+\n$", run.Out);
    }

    [Fact]
    public void Check_OnTheShippedSampleTree_FindsItsFOL000Case_AndExits1()
    {
        var sample = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../samples/tree"));

        var run = Execute(sample, asNobody: false, "check");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("mm/open_coded_set_bit.c:11:2: warning: open-coded non-atomic __set_bit(PG_private) on page->flags", run.Out);
        Assert.DoesNotContain("atomic_set_bit.c", run.Out);
    }

    // Root reads everything whatever the permission bits, so the unreadable directory is tried as the
    // unprivileged user 'nobody' (through setpriv) when the tests run as root, and directly otherwise.
    [Fact]
    public void UnreadableDirectory_IsNamedWithTheReason_AndTheRunExits2()
    {
        using var tree = new TempTree();
        tree.Write("mm/private/a.c", CliRunner.Atomic);
        TempTree.Run("chmod", "000", tree["mm/private"]);

        var run = Execute(tree.Root, asNobody: Environment.IsPrivilegedProcess, "check", "mm");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("folint: mm/private: skipped: cannot list directory: permission denied\n", run.Error);
    }

    [Fact]
    public void UnreadableFile_IsNamedWithTheReason_AndTheOthersAreChecked()
    {
        using var tree = new TempTree();
        tree.Write("mm/open_coded.c", CliRunner.OpenCoded);
        tree.Write("mm/secret.c", CliRunner.Atomic);
        TempTree.Run("chmod", "000", tree["mm/secret.c"]);

        var run = Execute(tree.Root, asNobody: Environment.IsPrivilegedProcess, "check", "mm");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("folint: mm/secret.c: skipped: cannot read: permission denied\n", run.Error);
        Assert.Contains("mm/open_coded.c:6:2: warning:", run.Out);
    }

    private static CliRun Execute(string directory, bool asNobody, params string[] arguments)
    {
        var start = new ProcessStartInfo(asNobody ? "setpriv" : "dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (asNobody)
        {
            foreach (var option in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "dotnet" })
                start.ArgumentList.Add(option);
            start.Environment["HOME"] = Path.GetTempPath();
        }
        start.ArgumentList.Add(App);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment.Remove("FOLINT_RULES");

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + start.FileName);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("folint did not finish within a minute");
        }
        return new CliRun(process.ExitCode, output.Result, error.Result);
    }
}
