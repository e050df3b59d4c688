using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Folint.Tests.Doubles;
using static Folint.Cli.Tests.CliRunner;

namespace Folint.Cli.Tests;

/// <summary>
/// Issue 14's attacks through the whole command line, in-process with the real frontend and rules where the rules
/// matter: each ends with a clear message and the exit code README's "Exit codes and failure behaviour" promises.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HostileRunTests
{
    private static CliRun Real(string directory, params string[] arguments) => CliRunner.Run(directory, Composition.Default, null, arguments);

    // ---------------------------------------------------------------- option values

    [Theory]
    [InlineData("PATH", "check", "")]
    [InlineData("--cache-dir", "check", "mm", "--cache-dir", "")]
    [InlineData("--tree", "check", "mm", "--tree", "")]
    [InlineData("--output", "check", "mm", "-o", "")]
    [InlineData("--baseline", "check", "mm", "--baseline", "")]
    [InlineData("--write-baseline", "check", "mm", "--write-baseline", "")]
    [InlineData("--rules-dir", "check", "mm", "--rules-dir", "")]
    [InlineData("--max-file-size", "check", "mm", "--max-file-size", "")]
    [InlineData("PATCH", "check-patch", "")]
    public void EmptyValue_Exits2_NamingIt_AndNothingIsWritten(string what, params string[] arguments)
    {
        using var tree = TreeWithFinding();
        var before = Directory.GetFileSystemEntries(tree.Root).Order(StringComparer.Ordinal).ToArray();

        var run = Run(tree.Root, arguments);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"folint: {what} is empty (a variable that expanded to nothing?); give a value or leave it out\n", run.Error);
        Assert.Equal(before, Directory.GetFileSystemEntries(tree.Root).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData(",")]
    [InlineData(" , ")]
    public void RulesThatNameNoRule_Exit2_InsteadOfRunningEveryRule(string rules)
    {
        using var tree = TreeWithFinding();

        var run = Run(tree.Root, "check", "mm", "--rules", rules);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("folint: --rules names no rule (an empty list would run none); leave the option out to run every rule\n", run.Error);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("99999999999")]
    [InlineData("20000")]
    public void DebounceThatIsNotMilliseconds_Exits2(string value)
    {
        var run = Run(Path.GetTempPath(), "lsp", "--debounce", value);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"folint: --debounce takes milliseconds from 0 to 10000, not '{value}'\n", run.Error);
    }

    [Fact]
    public void OrderNamingACpuTheScenarioLacks_Exits2()
    {
        var run = Real(Path.GetTempPath(), "simulate", "partially-mapped", "--order", "9,9,9");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("folint: 9,9,9: the scenario has no CPU 9: its CPUs are 0 and 1\n", run.Error);
    }

    // ---------------------------------------------------------------- what is printed

    [Fact]
    public void FileNamesWithANewlineOrTerminalEscapes_ArePrintedEscaped_NeverAsFakeLines()
    {
        using var tree = TreeWithFinding();
        tree.Write("mm/evil\nmm/fake.c:1:1: warning: injected [FOL000]\n.c", OpenCoded);
        tree.Write("mm/\u001b[2J\u001b]0;pwned\u0007.c", OpenCoded);
        tree.Write("mm/\u202egnp.c", OpenCoded);

        var run = Run(tree.Root, "check", "mm");

        Assert.Equal(1, run.ExitCode);
        Assert.DoesNotContain(run.Out.Split('\n'), line => line.StartsWith("mm/fake.c", StringComparison.Ordinal));
        Assert.DoesNotContain('\u001b', run.Out + run.Error);
        Assert.DoesNotContain('\u202e', run.Out + run.Error);
        Assert.Contains("mm/evil\\nmm/fake.c:1:1: warning: injected [FOL000]\\n.c:6:2: warning:", run.Out);
        Assert.Contains("mm/\\x1b[2J\\x1b]0;pwned\\x07.c:6:2: warning:", run.Out);
        Assert.Contains("mm/\\u202egnp.c:6:2: warning:", run.Out);
    }

    [Fact]
    public void FileNamesInJson_StayExact_SinceJsonEscapesThemItself()
    {
        using var tree = new TempTree();
        tree.Write("mm/evil\n.c", OpenCoded);

        var run = Run(tree.Root, "check", "mm", "--format", "json");

        using var report = System.Text.Json.JsonDocument.Parse(run.Out);
        Assert.Equal("mm/evil\n.c", report.RootElement.GetProperty("findings")[0].GetProperty("file").GetString());
    }

    // ---------------------------------------------------------------- inputs

    [Theory]
    [InlineData("1.5")]
    [InlineData("1e40")]
    public void BaselineVersionThatIsNotAnInteger_Exits2_NamingTheFile(string version)
    {
        using var tree = TreeWithFinding();
        tree.Write("b.json", $"{{\"version\": {version}, \"findings\": []}}");

        var run = Run(tree.Root, "check", "mm", "--baseline", "b.json");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"folint: b.json: cannot use the baseline: not a version 1 folint baseline (\"version\": {version})\n", run.Error);
        Assert.DoesNotContain("internal error", run.Error);
    }

    [Fact]
    public async Task BaselineOnAFifoWithoutAWriter_Exits2_AtOnce()
    {
        using var tree = TreeWithFinding();
        tree.Fifo("b.json");

        var run = Task.Run(() => Run(tree.Root, "check", "mm", "--baseline", "b.json"));
        Assert.True(await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30))) == run, "--baseline on a FIFO waited for a writer");

        Assert.Equal(2, (await run).ExitCode);
        Assert.StartsWith("folint: b.json: cannot use the baseline: cannot read: a FIFO that no process is writing to (nothing to read)\n", (await run).Error);
    }

    [Theory]
    [InlineData("check", "mm", "--baseline", "/dev/zero")]
    [InlineData("check-patch", "/dev/zero")]
    public void DevZeroAsAnInput_IsRefusedWithoutBeingRead_Exit2(params string[] arguments)
    {
        using var tree = TreeWithFinding();

        var run = Run(tree.Root, arguments);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("/dev/zero: ", run.Error);
        Assert.Contains("not a regular file or a pipe (character device)", run.Error);
    }

    [Theory]
    [InlineData("@@ -0,0 +0,0 @@\n+void f(struct page *page) { __set_bit(PG_dirty, &page->flags); }\n", "says it holds no line")]
    [InlineData("@@ -1,-1 +1,-5 @@\n+void f(struct page *page) { __set_bit(PG_dirty, &page->flags); }\n", "with counts of 0 or more")]
    public void HunkWhoseCountsCannotHoldItsLines_Exits2_InsteadOfSkippingThem(string hunk, string problem)
    {
        using var tree = TreeWithFinding();
        tree.Write("x.patch", "diff --git a/mm/x.c b/mm/x.c\n--- a/mm/x.c\n+++ b/mm/x.c\n" + hunk);

        var run = Real(tree.Root, "check-patch", "x.patch");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(problem, run.Error);
    }

    [Fact]
    public void SymbolicLinksOutOfTheTree_AreRefused_AndNothingOfThemIsReported()
    {
        using var tree = TreeWithFinding();
        using var outside = new TempTree(kernelTree: false);
        tree.Link("mm/outside.c", outside.Write("secret.c", OpenCoded));
        tree.Link("mm/passwd.c", "/etc/passwd");

        var run = Run(tree.Root, "check", "mm");

        Assert.Equal(2, run.ExitCode);
        Assert.DoesNotContain("outside", run.Out);
        Assert.Contains("folint: mm/outside.c: skipped: symbolic link to ", run.Error);
        Assert.Contains("folint: mm/passwd.c: skipped: symbolic link to /etc/passwd, outside the tree", run.Error);
        Assert.StartsWith("mm/open_coded.c:6:2: warning:", run.Out);
    }

    [Fact]
    public void PathLongerThanPathMax_Exits2_NamingIt_AndTheOtherFindingsAreReported()
    {
        using var tree = TreeWithFinding();
        TempTree.Run("bash", "-c", "cd \"$1\" && for i in $(seq 25); do d=$(printf 'd%.0s' $(seq 200)); mkdir $d && cd $d; done && echo 'int x;' > deep.c", "bash", tree["mm"]);

        var run = Run(tree.Root, "check", "mm");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("mm/open_coded.c:6:2: warning:", run.Out);
        Assert.Contains("its path is longer than the system allows (PATH_MAX, 4096 bytes), so folint cannot open it\n", run.Error);
        Assert.DoesNotContain("internal error", run.Error);
    }

    [Fact]
    public void StructFolioWithoutMmTypes_IsNotCheckedByTheLayoutRule_Exit2_NotAnInternalError()
    {
        using var tree = SampleTree();
        File.Delete(tree["include/linux/mm_types.h"]);
        tree.Write("mm/folio.h", "struct folio {\n\tunsigned long flags;\n\tint _mapcount;\n};\n");

        var run = Real(tree.Root, "check", "mm");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("folint: mm/folio.h: not checked by rule FOL002: it defines struct folio, but neither it nor include/linux/mm_types.h defines struct page, which struct folio lies over, so the layout cannot be computed\n", run.Error);
        Assert.DoesNotContain("internal error", run.Error);
    }

    [Fact]
    public void BinaryHeaderThatIsNotAnInput_IsANote_AndTheExitCodeIsTheVerdict()
    {
        using var tree = SampleTree();
        // FOL001 looks for the definitions of the accessors mm/ calls; this header defines one and holds a NUL.
        var blob = "static inline void folio_set_has_hwpoisoned(struct folio *folio) {}\0\n";
        tree.Write("include/linux/blob.h", blob);

        var run = Real(tree.Root, "check", "mm");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"folint: include/linux/blob.h: note: read for what it defines, but not usable: binary file (NUL byte at offset {blob.IndexOf('\0')}); the rules do not see its definitions\n", run.Error);
    }

    /// <summary>A scratch copy of the shipped sample tree (its mm/ holds a finding of every rule).</summary>
    private static TempTree SampleTree()
    {
        var tree = new TempTree(kernelTree: false);
        TempTree.Run("cp", "-r", Path.Combine(RepositoryPaths.Root, "samples", "tree", "."), tree.Root);
        return tree;
    }

    [Fact]
    public void StructsNested20000Deep_AreSkippedWithTheReason_AndTheOtherFindingsAreReported()
    {
        using var tree = TreeWithFinding();
        // The __set_bit() on a page's flags makes it a file the rules must read: the prefilter parses no other.
        tree.Write("mm/deep.c", "void f(struct page *page) { __set_bit(PG_dirty, &page->flags); }\n" +
            string.Concat(Enumerable.Range(0, 20_000).Select(i => $"struct s{i} {{ ")) + "int x; " + string.Concat(Enumerable.Repeat("}; ", 20_000)) + "\n");

        var run = Real(tree.Root, "check", "mm");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("mm/open_coded.c:6:2: warning:", run.Out);
        Assert.Contains("folint: mm/deep.c: skipped: nesting deeper than 1000 levels (struct and union members) at line 2\n", run.Error);
    }

    [Fact]
    public void HugeGeneratorUsedHundredsOfTimes_IsExpandedUpToTheBudget_AndSaysSo()
    {
        using var tree = TreeWithFinding();
        tree.Write("include/linux/page-flags.h",
            "#define GEN(name) static inline void folio_test_##name(struct folio *folio) { " + string.Concat(Enumerable.Range(0, 3000).Select(i => $"x{i} = 1; ")) + "}\n" +
            string.Concat(Enumerable.Range(0, 150).Select(i => $"GEN(f{i})\n")));

        var run = Real(tree.Root, "check", "mm");

        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"folint: include/linux/page-flags.h: note: the functions generated by its macro uses from GEN\(\) at line \d+ on \(\d+ of 150 uses\) are left out", run.Error);
    }

    // ---------------------------------------------------------------- a hostile --rules-dir

    /// <summary>A scratch copy of the shipped rules/, to spoil.</summary>
    private static string RulesCopy(TempTree tree)
    {
        TempTree.Run("cp", "-r", Path.Combine(AppContext.BaseDirectory, "rules"), tree["rules"]);
        return tree["rules"];
    }

    [Theory]
    [InlineData("FOL900.yaml")]
    [InlineData("kernel/batch.yaml")]
    [InlineData("kernel/c-macros.yaml")]
    public async Task RulesFileThatIsAFifo_IsARulesError_NotAHang(string file)
    {
        using var tree = TreeWithFinding();
        var rules = RulesCopy(tree);
        File.Delete(Path.Combine(rules, file));
        tree.Fifo(Path.Combine("rules", file));

        var run = Task.Run(() => Real(tree.Root, "check", "mm", "--rules-dir", "rules"));
        Assert.True(await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30))) == run, "loading rules/ waited on a FIFO");

        Assert.Equal(2, (await run).ExitCode);
        Assert.Contains("cannot read", (await run).Error);
        Assert.Contains("not a regular file (FIFO)", (await run).Error);
    }

    [Fact]
    public async Task HunkPreludeThatIsAFifo_IsARulesError_NotAHang()
    {
        using var tree = TreeWithFinding();
        var rules = RulesCopy(tree);
        tree.Fifo("rules/kernel/hunk-preludes/mm/x.h");
        tree.Write("x.patch", "diff --git a/mm/x.c b/mm/x.c\n--- a/mm/x.c\n+++ b/mm/x.c\n@@ -1 +1,2 @@\n int a;\n+int b;\n");

        var run = Task.Run(() => Real(tree.Root, "check-patch", "x.patch", "--rules-dir", "rules"));
        Assert.True(await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30))) == run, "loading the hunk preludes waited on a FIFO");

        Assert.Equal(2, (await run).ExitCode);
        Assert.Contains("x.h: cannot read: not a regular file (FIFO)", (await run).Error);
    }

    [Fact]
    public void MacroHintsThatAreALinkToADevice_AreARulesError_NotRead()
    {
        using var tree = TreeWithFinding();
        var rules = RulesCopy(tree);
        File.Delete(Path.Combine(rules, "kernel", "c-macros.yaml"));
        File.CreateSymbolicLink(Path.Combine(rules, "kernel", "c-macros.yaml"), "/dev/zero");

        var run = Real(tree.Root, "check", "mm", "--rules-dir", "rules");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("c-macros.yaml: cannot read: not a regular file (character device)", run.Error);
    }

    [Fact]
    public void KnowledgeFileOfAliasesThatExpandToABillionItems_IsARulesError_Quickly()
    {
        using var tree = TreeWithFinding();
        var rules = RulesCopy(tree);
        var laughs = new System.Text.StringBuilder("\nlol0: &l0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for (var i = 1; i < 9; i++)
            laughs.Append($"lol{i}: &l{i} [").Append(string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 9))).Append("]\n");
        File.AppendAllText(Path.Combine(rules, "kernel", "batch.yaml"), laughs.ToString());
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var run = Real(tree.Root, "check", "mm", "--rules-dir", "rules");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("batch.yaml", run.Error);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"loading took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    // ---------------------------------------------------------------- outputs

    [Fact]
    public void OutputOntoASymbolicLink_ReplacesItsTarget_AndTheLinkStays()
    {
        using var tree = TreeWithFinding();
        var target = tree.Write("reports/latest.txt", "old\n");
        var link = tree.Link("report.txt", target);

        var run = Run(tree.Root, "check", "mm", "-o", "report.txt");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.StartsWith("mm/open_coded.c:6:2: warning:", File.ReadAllText(target));
        Assert.Equal(new[] { "latest.txt" }, Directory.GetFiles(tree["reports"]).Select(Path.GetFileName));
    }

    [Fact]
    public void OutputOntoADanglingLink_CreatesItsTarget()
    {
        using var tree = TreeWithFinding();
        Directory.CreateDirectory(tree["reports"]);
        var link = tree.Link("report.txt", "reports/new.txt");

        Run(tree.Root, "check", "mm", "-o", "report.txt");

        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.StartsWith("mm/open_coded.c:6:2: warning:", File.ReadAllText(tree["reports/new.txt"]));
    }

    [Fact]
    public void OutputOntoAPrivateFile_KeepsItsMode()
    {
        using var tree = TreeWithFinding();
        var report = tree.Write("report.txt", "old\n");
        File.SetUnixFileMode(report, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var baseline = tree.Write("baseline.json", "old\n");
        File.SetUnixFileMode(baseline, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        var run = Run(tree.Root, "check", "mm", "-o", "report.txt", "--write-baseline", "baseline.json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(report));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(baseline));
        Assert.StartsWith("mm/open_coded.c", File.ReadAllText(report));
    }

    [Fact]
    public async Task OutputOntoAFifo_IsWrittenThrough_AndTheFifoStays()
    {
        using var tree = TreeWithFinding();
        var fifo = tree.Fifo("report.fifo");
        // Held open for reading and writing (an open that never blocks): the reader folint needs, and a report this
        // small fits the pipe's buffer, so one read afterwards gets all of it.
        using var reader = new FileStream(fifo, FileMode.Open, FileAccess.ReadWrite);

        var run = Run(tree.Root, "check", "mm", "-o", "report.fifo");

        Assert.Equal(1, run.ExitCode);
        var buffer = new byte[1 << 16];
        // Bounded: had the FIFO been replaced by a file, nothing would ever come down it.
        var read = reader.ReadAsync(buffer).AsTask();
        Assert.True(await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(30))) == read, "nothing came down the FIFO");
        var report = System.Text.Encoding.UTF8.GetString(buffer, 0, await read);
        Assert.Equal(Run(tree.Root, "check", "mm").Out, report);
        Assert.Equal("p", Stat(fifo));
    }

    [Fact]
    public void OutputOntoAFifoThatNobodyReads_Exits2_AtOnce_AndTheFifoStays()
    {
        using var tree = TreeWithFinding();
        tree.Fifo("report.fifo");

        var run = Run(tree.Root, "check", "mm", "-o", "report.fifo");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("folint: report.fifo: cannot write the report: a FIFO that no process is reading (nothing would take the report)\n", run.Error);
        Assert.Equal("p", Stat(tree["report.fifo"]));
    }

    /// <summary>
    /// A character device of the test's own: as root a null device made with mknod in the scratch directory (never the
    /// real /dev/null: replacing it as root would destroy it), otherwise a link to /dev/null, which is written through.
    /// </summary>
    [Fact]
    public void OutputOntoACharacterDevice_IsWrittenThrough_AndTheDeviceStays()
    {
        using var tree = TreeWithFinding();
        var device = tree["null"];
        if (Environment.IsPrivilegedProcess)
            TempTree.Run("mknod", device, "c", "1", "3");
        else
            File.CreateSymbolicLink(device, "/dev/null");

        var run = Run(tree.Root, "check", "mm", "-o", "null");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("c", Stat(Environment.IsPrivilegedProcess ? device : "/dev/null"));
        Assert.Equal(new[] { device }, Directory.GetFileSystemEntries(tree.Root).Where(e => Path.GetFileName(e) == "null" || Path.GetFileName(e).StartsWith(".null", StringComparison.Ordinal)));
    }

    [Fact]
    public void OutputToTheProcessStdoutDescriptor_GoesToStdout_NotOverIt()
    {
        using var tree = TreeWithFinding();

        var run = Run(tree.Root, "check", "mm", "-o", "/proc/self/fd/1");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("mm/open_coded.c:6:2: warning:", run.Out);
    }

    [Theory]
    [InlineData("out", "is a directory")]
    public void OutputOntoSomethingNoReportMayReplace_Exits2(string path, string problem)
    {
        using var tree = TreeWithFinding();
        Directory.CreateDirectory(tree[path]);

        var run = Run(tree.Root, "check", "mm", "-o", path);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"folint: {path}: cannot write the report: {problem}\n", run.Error);
        Assert.True(Directory.Exists(tree[path]));
    }

    private static string Stat(string path)
    {
        var start = new System.Diagnostics.ProcessStartInfo("stat", new[] { "-c", "%A", path }) { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(start)!;
        var mode = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return mode.Substring(0, 1);
    }

}
