using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Folint.CSource.Knowledge;
using Folint.Tests.Doubles;
using static Folint.Cli.Tests.CliRunner;

namespace Folint.Cli.Tests;

public sealed class CheckCommandTests
{
    [Fact]
    public void CleanFiles_Exit0_WithTheSummaryOnStderr()
    {
        using var tree = new TempTree();
        tree.Write("mm/atomic.c", Atomic);

        var run = Run(tree.Root, "check", "mm");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Matches(@"^folint: no findings; checked 1 file \(1 parsed, 1 function\) in \d+\.\d\d s\n$", run.Error);
    }

    [Fact]
    public void Findings_Exit1_AsGccStyleLines_WithEvidenceAndFixAsNotes()
    {
        using var tree = TreeWithFinding();

        var run = Run(tree.Root, "check", "mm");

        Assert.Equal(1, run.ExitCode);
        var lines = run.Out.TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^mm/open_coded\.c:6:2: warning: open-coded non-atomic __set_bit\(\) on &page->flags: .* \[FOL000\]$", lines[0]);
        Assert.Equal("include/linux/page-flags.h:1:20: note: the accessor the tree defines", lines[1]);
        Assert.Equal("mm/open_coded.c:6:2: note: fix: use set_bit(), which is atomic", lines[2]);
        Assert.StartsWith("folint: 1 finding in 1 file; checked 2 files (2 parsed, 2 functions)", run.Error);
    }

    [Fact]
    public void NoPath_ChecksTheCurrentDirectory()
    {
        using var tree = TreeWithFinding();

        var run = Run(tree["mm"], "check");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("mm/open_coded.c:6:2: warning:", run.Out);
    }

    [Fact]
    public void WithoutATree_TheRunSaysOnceThatItHasNoHeaders()
    {
        using var tree = new TempTree(kernelTree: false);
        tree.Write("drivers/x.c", OpenCoded);

        var run = Run(tree.Root, "check", "drivers");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("x.c:6:2: warning:", run.Out);
        Assert.Single(Regex.Matches(run.Error, "checking without the tree's headers"));
    }

    [Fact]
    public void MissingPath_Exits2_NamingThePath_AndTheOtherPathsAreStillChecked()
    {
        using var tree = TreeWithFinding();

        var run = Run(tree.Root, "check", "mm", "mm/nosuch.c");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("[FOL000]", run.Out);
        Assert.Contains("folint: mm/nosuch.c: skipped: no such file or directory\n", run.Error);
        Assert.Contains("1 input not checked", run.Error);
    }

    [Fact]
    public void BinaryFile_IsNamedOnStderr_AndTheRunExits2()
    {
        using var tree = TreeWithFinding();
        tree.Write("mm/blob.c", new byte[] { (byte)'x', 0 });

        var run = Run(tree.Root, "check", "mm");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("folint: mm/blob.c: skipped: binary file (NUL byte at offset 1)\n", run.Error);
    }

    [Fact]
    public void FileOverTheSizeLimit_IsNamedOnStderr_ButKeepsTheExitCodeOfTheFindings()
    {
        using var tree = TreeWithFinding();
        tree.Write("drivers/gpu/regs.h", new string('#', 5000));

        var run = Run(tree.Root, "check", "--max-file-size", "4K", "mm", "drivers");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("folint: drivers/gpu/regs.h: skipped: file too large (4.9 KiB; the limit is 4.0 KiB, raise it with --max-file-size)\n", run.Error);
    }

    [Fact]
    public void InvalidUtf8_GetsOneNote_AndDoesNotChangeTheExitCode()
    {
        using var tree = new TempTree();
        tree.Write("mm/latin1.c", Encoding.ASCII.GetBytes("/* M").Concat(new byte[] { 0xFC }).Concat(Encoding.ASCII.GetBytes("ller */\n" + Atomic)).ToArray());

        var run = Run(tree.Root, "check", "mm");

        Assert.Equal(0, run.ExitCode);
        Assert.Single(Regex.Matches(run.Error, @"folint: mm/latin1\.c: note: not valid UTF-8 \(first invalid byte at line 1, offset 4\); checked as bytes"));
    }

    [Fact]
    public void EmptyFile_IsChecked_Silently()
    {
        using var tree = new TempTree();
        tree.Write("mm/empty.c", "");

        var run = Run(tree.Root, "check", "mm/empty.c");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("folint: no findings; checked 1 file (1 parsed, 0 functions)", run.Error);
    }

    [Fact]
    public void TreeOption_WithoutTheHeader_Exits2_NamingTheDirectory()
    {
        using var tree = TreeWithFinding();

        var run = Run(tree.Root, "check", "--tree", "mm", "mm");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.StartsWith("folint: mm: not a kernel tree: it has no include/linux/page-flags.h\nfolint: hint: --tree takes", run.Error);
    }

    [Theory]
    [InlineData("--no-such-option")]
    [InlineData("--format", "xml")]
    [InlineData("--max-file-size", "lots")]
    public void BadUsage_Exits2(params string[] options)
    {
        using var tree = TreeWithFinding();

        var run = Run(tree.Root, new[] { "check" }.Concat(options).Append("mm").ToArray());

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Contains("folint: hint:", run.Error);
    }

    [Fact]
    public void UnknownRule_Exits2_NamingTheKnownIds()
    {
        using var tree = TreeWithFinding();

        var run = Run(tree.Root, "check", "--rules", "FOL000,FOL042", "mm");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("folint: FOL042: unknown rule\nfolint: hint: known rules: FOL000, FOL001, FOL002, FOL003, FOL004", run.Error);
    }

    [Fact]
    public void RulesOption_TakesOneValue_SoAPathAfterItIsStillAPath()
    {
        using var tree = TreeWithFinding();
        tree.Write("mm/clear.c", "void drop(struct page *page)\n{\n\t__clear_bit(PG_lru, &page->flags);\n}\n");

        var only3 = Run(tree.Root, "check", "--rules", "FOL003", "mm");
        var both = Run(tree.Root, "check", "--rules", "FOL003", "--rules", "fol000", "mm");

        Assert.Equal(1, only3.ExitCode);
        Assert.Equal(new[] { "FOL003" }, RuleIds(only3.Out));
        Assert.Equal(new[] { "FOL003", "FOL000" }, RuleIds(both.Out));
    }

    [Fact]
    public void BrokenRulesDirectory_FromTheEnvironment_Exits2_NamingTheFileAndField()
    {
        using var tree = TreeWithFinding();
        var fol000 = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "rules", "FOL000.yaml"));
        tree.Write("myrules/FOL000.yaml", fol000.Replace("severity: warning", "severity: severe"));

        var run = CliRunner.Run(tree.Root, TestComposition, new Dictionary<string, string> { ["FOLINT_RULES"] = tree["myrules"] }, "check", "mm");

        Assert.Equal(2, run.ExitCode);
        var line = Array.FindIndex(fol000.Split('\n'), l => l.StartsWith("severity:")) + 1;
        Assert.Contains($"{tree["myrules/FOL000.yaml"]}:{line}: severity: unknown severity 'severe' (fix: use one of note, warning, error)", run.Error);
    }

    [Fact]
    public void RulesDirOption_WinsOverTheEnvironment()
    {
        using var tree = TreeWithFinding();

        var run = CliRunner.Run(tree.Root, TestComposition, new Dictionary<string, string> { ["FOLINT_RULES"] = "/nonexistent" },
            "check", "--rules-dir", Path.Combine(AppContext.BaseDirectory, "rules"), "mm");

        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public void DefaultComposition_ChecksRealC_WithTheTreeSitterFrontendAndFOL000()
    {
        using var tree = TreeWithFinding();

        var run = CliRunner.Run(tree.Root, Composition.Default, null, "check", "mm");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("mm/open_coded.c:6:2: warning: open-coded non-atomic __set_bit(PG_private) on page->flags", run.Out);
        Assert.EndsWith("[FOL000]", run.Out.Split('\n')[0]);
        Assert.DoesNotContain("mm/atomic.c", run.Out);
    }

    /// <summary>A copy of the shipped rules/ under the tree, for tests that break one file of it.</summary>
    private static string CopyOfShippedRules(TempTree tree)
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "rules");
        foreach (var file in Directory.EnumerateFiles(shipped, "*", SearchOption.AllDirectories))
            tree.Write(Path.Combine("myrules", Path.GetRelativePath(shipped, file)), File.ReadAllBytes(file));
        return tree["myrules"];
    }

    [Fact]
    public void MistypedKnowledgeKey_Exits2_NamingTheFileLineAndTheKeyItMeant()
    {
        using var tree = TreeWithFinding();
        var rules = CopyOfShippedRules(tree);
        var refcount = Path.Combine(rules, "kernel", "refcount.yaml");
        File.WriteAllText(refcount, File.ReadAllText(refcount).Replace("\npfn_lookups:", "\npfn_lookup:"));
        var line = Array.FindIndex(File.ReadAllLines(refcount), l => l.StartsWith("pfn_lookup:", StringComparison.Ordinal)) + 1;

        var run = CliRunner.Run(tree.Root, Composition.Default, new Dictionary<string, string> { ["FOLINT_RULES"] = rules }, "check", "mm");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{refcount}:{line}: pfn_lookup: unknown field (fix: did you mean 'pfn_lookups'?)", run.Error);
        Assert.Contains($"{refcount}:", run.Error.Split('\n').Single(l => l.Contains("pfn_lookups: required field is missing", StringComparison.Ordinal)));
    }

    [Fact]
    public void KnowledgeFileNothingReads_Exits2_SuggestingTheFileItMeant()
    {
        using var tree = TreeWithFinding();
        var rules = CopyOfShippedRules(tree);
        File.Move(Path.Combine(rules, "kernel", "phases.yaml"), Path.Combine(rules, "kernel", "phase.yaml"));

        var run = CliRunner.Run(tree.Root, Composition.Default, new Dictionary<string, string> { ["FOLINT_RULES"] = rules }, "check", "mm");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{Path.Combine(rules, "kernel", "phase.yaml")}: no part of folint reads this file (fix: did you mean 'phases.yaml'?)", run.Error);
    }

    [Fact]
    public void EveryShippedKnowledgeFile_IsReadByTheExecutable()
    {
        var rules = Path.Combine(AppContext.BaseDirectory, "rules");

        Assert.Empty(KnowledgeLoader.Unread(rules, Composition.KnowledgeTypes.ToArray()));
        Assert.Equal(
            Directory.GetFiles(Path.Combine(rules, "kernel"), "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal),
            Composition.KnowledgeTypes.SelectMany(KnowledgeLoader.FilesOf).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void NothingToCheck_DoesNotNeedTheFrontend()
    {
        using var tree = new TempTree();
        tree.Write("Documentation/mm/page_flags.rst", "text");

        var run = CliRunner.Run(tree.Root, Composition.Default, null, "check", "Documentation");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("folint: no findings; checked 0 files", run.Error);
    }

    [Fact]
    public void StderrNotATerminal_GetsNoProgressLine()
    {
        using var tree = TreeWithFinding();

        var run = Run(tree.Root, "check", "mm");

        Assert.DoesNotContain('\r', run.Error);
        Assert.DoesNotContain("parsing", run.Error);
    }

    [Fact]
    public void Help_DocumentsTheExitCodes()
    {
        var run = Run(Path.GetTempPath(), "check", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Exit codes:\n  0  no findings\n  1  findings reported\n  2  bad usage", run.Out);
        Assert.Contains("--format <text|json|sarif>", run.Out);
    }

    private static string[] RuleIds(string text) =>
        Regex.Matches(text, @"\[(FOL\d+)\]$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToArray();
}
