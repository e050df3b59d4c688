using System;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Rules;
using Folint.Analyzer.Rules.Knowledge;
using Folint.CSource;
using Folint.CSource.Engine;
using Folint.CSource.Knowledge;
using Folint.CSource.Patches;

namespace Folint.Corpus.Tests;

/// <summary>
/// check-patch on Debian's linux-source-6.12 with a patch made at test time that puts the seed-000 bug back:
/// PG_partially_mapped gets non-atomic set/clear accessors again (__FOLIO_SET_FLAG/__FOLIO_CLEAR_FLAG) and
/// mm/huge_memory.c calls them where 6.12 calls the atomic ones. No kernel code is committed: the patch is made
/// from the tree's own files in a scratch directory; the tree itself is only read.
/// </summary>
public sealed class CheckPatchCorpusTests
{
    [Fact]
    public void Linux612_Seed000BugPutBack_ReportsExactlyTheFourAccessorCalls()
    {
        var tree = CorpusTree.Linux612;
        using var scratch = new Scratch();
        var flags = File.ReadAllText(Path.Combine(tree, "include/linux/page-flags.h"));
        var huge = File.ReadAllText(Path.Combine(tree, "mm/huge_memory.c"));
        Assert.Contains("FOLIO_FLAG(partially_mapped, FOLIO_SECOND_PAGE)\n", flags);
        var buggyFlags = flags.Replace(
            "FOLIO_FLAG(partially_mapped, FOLIO_SECOND_PAGE)\n",
            "FOLIO_TEST_FLAG(partially_mapped, FOLIO_SECOND_PAGE)\n__FOLIO_SET_FLAG(partially_mapped, FOLIO_SECOND_PAGE)\n__FOLIO_CLEAR_FLAG(partially_mapped, FOLIO_SECOND_PAGE)\n");
        var buggyHuge = Regex.Replace(huge, @"\bfolio_(set|clear)_partially_mapped\(", "__folio_$1_partially_mapped(");
        var expected = buggyHuge.Split('\n').Select((line, i) => (line, i + 1))
            .Where(p => Regex.IsMatch(p.line, @"\b__folio_(set|clear)_partially_mapped\(")).Select(p => p.Item2).ToArray();
        Assert.Equal(4, expected.Length);

        var patch = scratch.Diff("include/linux/page-flags.h", flags, buggyFlags) + scratch.Diff("mm/huge_memory.c", huge, buggyHuge);
        var series = new PatchSeries(PatchInput.Read("seed-000-again.patch", Encoding.UTF8.GetBytes(patch)).Patches);
        Assert.Equal(2, Assert.Single(series.Patches).Files.Length);

        var rules = Path.Combine(AppContext.BaseDirectory, "rules");
        var catalog = RuleCatalogLoader.Load(rules);
        var knowledge = KnowledgeLoader.Load<KernelKnowledge>(rules);
        var frontendKnowledge = FrontendKnowledge.Load(rules);
        using var frontend = CFrontend.ForKernel(frontendKnowledge);
        var engine = new CheckEngine(frontend, SourceRules.All(knowledge), catalog);
        var result = new PatchCheck(engine, HunkKnowledge.Load(rules, frontendKnowledge.Patches))
            .Check(series, tree, tree, new CheckOptions(), ImmutableArray<InputProblem>.Empty).Result;

        Assert.Empty(result.Problems.Where(p => p.Kind == InputProblemKind.Unusable));
        Assert.Equal(expected.Select(line => ("FOL001", "mm/huge_memory.c", line)),
            result.Findings.Select(f => (f.RuleId, f.Primary.File, f.Primary.Line)));
        Assert.All(result.Findings, f => Assert.Matches(@"^__folio_(set|clear)_partially_mapped\(\)", f.Message));
        Assert.Equal(flags, File.ReadAllText(Path.Combine(tree, "include/linux/page-flags.h")));
    }

    /// <summary>A scratch directory for the two versions of a file, diffed with diff(1) as a/ and b/.</summary>
    private sealed class Scratch : IDisposable
    {
        private readonly string _root = Directory.CreateTempSubdirectory("folint-patch-").FullName;

        public string Diff(string path, string before, string after)
        {
            var a = Path.Combine(_root, "a", path);
            var b = Path.Combine(_root, "b", path);
            Directory.CreateDirectory(Path.GetDirectoryName(a)!);
            Directory.CreateDirectory(Path.GetDirectoryName(b)!);
            File.WriteAllText(a, before);
            File.WriteAllText(b, after);
            var start = new ProcessStartInfo("diff") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "-u", "--label", "a/" + path, "--label", "b/" + path, a, b })
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 1, $"diff -u exited {process.ExitCode}: {process.StandardError.ReadToEnd()}");
            return output;
        }

        public void Dispose() => Directory.Delete(_root, recursive: true);
    }
}
