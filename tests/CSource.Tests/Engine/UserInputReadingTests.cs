using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Folint.CSource.Engine;
using Folint.Tests.Doubles;

namespace Folint.CSource.Tests.Engine;

/// <summary>
/// Inputs a user names (a baseline, a patch): read whole, bounded, interruptibly; regular files and pipes are taken,
/// devices refused unopened, a FIFO nobody writes to refused at once. And the baseline's JSON: every way it can be
/// wrong is a <see cref="BaselineError"/> naming the file.
/// </summary>
public sealed class UserInputReadingTests
{
    private const string Valid = "{\"version\": 1, \"tool\": {\"name\": \"folint\", \"version\": \"0.1.0\"}, \"findings\": []}";

    private static Baseline LoadText(string text) => Baseline.Parse(System.Text.Encoding.UTF8.GetBytes(text), "b.json");

    /// <summary>
    /// A writer on a FIFO: bash opens it read-write (which never blocks, and makes it a writer at once), then runs
    /// <paramref name="then"/> with the FIFO as descriptor 3. Returns once the FIFO is open in the writer.
    /// </summary>
    internal static Process Writer(string fifo, string then)
    {
        var writer = Process.Start("bash", new[] { "-c", "exec 3<>\"$1\"; " + then, "bash", fifo })!;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30) && !writer.HasExited)
        {
            try
            {
                foreach (var descriptor in Directory.GetFiles($"/proc/{writer.Id}/fd"))
                {
                    if (new FileInfo(descriptor).LinkTarget == fifo)
                        return writer;
                }
            }
            catch (IOException)
            {
            }
            Thread.Sleep(10);
        }
        throw new InvalidOperationException("the writer did not open the FIFO");
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("1e40")]
    [InlineData("1.0")]
    [InlineData("-1")]
    [InlineData("99999999999999999999")]
    [InlineData("\"1\"")]
    public void VersionThatIsNotTheInteger1_IsABaselineErrorNamingTheFile(string version)
    {
        var error = Assert.Throws<BaselineError>(() => LoadText($"{{\"version\": {version}, \"findings\": []}}"));

        Assert.Equal($"b.json: cannot use the baseline: not a version 1 folint baseline (\"version\": {version})", error.Message);
    }

    [Theory]
    [InlineData("{\"version\": 1, \"findings\": {}}", "has no \"findings\" array")]
    [InlineData("{\"version\": 1, \"findings\": [42]}", "findings[0] has no \"fingerprint\" string")]
    [InlineData("{\"version\": 1, \"findings\": [{\"fingerprint\": 7, \"ruleId\": \"FOL001\", \"file\": \"a.c\", \"message\": \"m\"}]}", "findings[0] has no \"fingerprint\" string")]
    [InlineData("[1, 2]", "not a folint baseline (the top level is not an object)")]
    [InlineData("{\"findings\": []}", "not a version 1 folint baseline (no \"version\")")]
    public void ValidJsonOfTheWrongShape_IsABaselineError(string text, string problem)
    {
        var error = Assert.Throws<BaselineError>(() => LoadText(text));

        Assert.Equal("b.json: cannot use the baseline: " + problem, error.Message);
    }

    [Fact]
    public void ToolFieldsOfTheWrongType_AreIgnored_SinceTheyAreOnlyShown()
    {
        var baseline = LoadText("{\"version\": 1, \"tool\": {\"name\": 3, \"version\": [\"x\"]}, \"findings\": []}");

        Assert.Equal(("", ""), (baseline.ToolName, baseline.ToolVersion));
    }

    [Fact]
    public void JsonNestedTenThousandDeep_IsABaselineError_NotAStackOverflow()
    {
        var error = Assert.Throws<BaselineError>(() => LoadText("{\"version\": 1, \"findings\": [" + new string('[', 10_000) + new string(']', 10_000) + "]}"));

        Assert.StartsWith("b.json: cannot use the baseline: not valid JSON", error.Message);
    }

    [Fact]
    public async Task BaselineOnAFifoThatNobodyWritesTo_IsRefusedAtOnce()
    {
        using var tree = new TempTree(kernelTree: false);
        var fifo = tree.Fifo("baseline.json");

        var load = Task.Run(() => Baseline.Load(fifo, "baseline.json"));
        Assert.True(await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(30))) == load, "--baseline waited for a writer that never came");

        var error = await Assert.ThrowsAsync<BaselineError>(() => load);
        Assert.Equal("baseline.json: cannot use the baseline: cannot read: a FIFO that no process is writing to (nothing to read)", error.Message);
    }

    [Fact]
    public void BaselineOnAPipeWithAWriter_IsRead_AsProcessSubstitutionGivesIt()
    {
        using var tree = new TempTree(kernelTree: false);
        var fifo = tree.Fifo("baseline.json");
        // The writer has the pipe open and writes after a pause: the read waits for it, then for the end.
        using var writer = Writer(fifo, $"sleep 0.5; printf '%s' '{Valid}' >&3");

        var baseline = Baseline.Load(fifo, "baseline.json");
        writer.WaitForExit();

        Assert.Equal("folint", baseline.ToolName);
    }

    [Fact]
    public void BaselineOnADevice_IsRefused_WithoutBeingOpened()
    {
        var error = Assert.Throws<BaselineError>(() => Baseline.Load("/dev/zero", "/dev/zero"));

        Assert.Equal("/dev/zero: cannot use the baseline: cannot read: not a regular file or a pipe (character device)", error.Message);
    }

    [Fact]
    public void BaselineOverItsSizeLimit_IsRefused_WithoutReadingItAll()
    {
        using var tree = new TempTree(kernelTree: false);
        using (var sparse = File.Create(tree["baseline.json"]))
            sparse.SetLength(Baseline.MaxBytes + 1);

        var error = Assert.Throws<BaselineError>(() => Baseline.Load(tree["baseline.json"], "baseline.json"));

        Assert.Equal("baseline.json: cannot use the baseline: larger than 64 MiB, more than any baseline folint writes", error.Message);
    }

    [Fact]
    public void PipeThatNeverEnds_StopsAtTheLimit()
    {
        using var tree = new TempTree(kernelTree: false);
        var fifo = tree.Fifo("endless");
        using var writer = Writer(fifo, "yes >&3 2>/dev/null");
        try
        {
            var refused = Assert.Throws<FileRefusedException>(() => BoundedInput.Read(fifo, 1 << 20, CancellationToken.None));

            Assert.Equal(FileRefusal.TooLarge, refused.Refusal);
        }
        finally
        {
            writer.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public void ReadWaitingOnASilentWriter_EndsWhenTheRunIsCancelled()
    {
        using var tree = new TempTree(kernelTree: false);
        var fifo = tree.Fifo("silent");
        using var writer = Writer(fifo, "sleep 60");
        try
        {
            using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            var clock = Stopwatch.StartNew();

            Assert.ThrowsAny<OperationCanceledException>(() => BoundedInput.Read(fifo, 1 << 20, cancellation.Token));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the read took {clock.Elapsed.TotalSeconds:0.0} s to see the cancellation");
        }
        finally
        {
            writer.Kill(entireProcessTree: true);
        }
    }
}
