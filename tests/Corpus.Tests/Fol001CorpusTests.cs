using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Folint.Analyzer.Findings;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Rules;
using Folint.Analyzer.Rules.Knowledge;
using Folint.CSource;
using Folint.CSource.Engine;
using Folint.CSource.Knowledge;

namespace Folint.Corpus.Tests;

/// <summary>
/// FOL001 on Debian's kernel trees: the seed-000 bug put back into a scratch copy of 6.12 is reported at exactly
/// its four call sites with a concurrent writer each; unmodified 6.12 mm/ has at most five findings and 6.1 mm/
/// completes; every finding left is triaged in docs/triage/.
/// </summary>
public sealed class Fol001CorpusTests
{
    private const int MaxFindingsOn612 = 5;

    [Fact]
    public void Linux612_SeedZeroBugPutBack_ReportsExactlyTheFourSitesWithAConcurrentWriterEach()
    {
        var corpus = KernelTree("linux-source-6.12");
        var scratch = Directory.CreateTempSubdirectory("folint-seed000-").FullName;
        try
        {
            var tree = Path.Combine(scratch, "linux");
            ScratchCopy(corpus, tree);
            var sites = PutSeedZeroBugBack(tree);
            Assert.Equal(4, sites.Count);

            // FOL001 (the accessors); the file's FOL000 findings are __split_huge_page_tail()'s, triaged in linux-6.12.md
            var findings = Check(tree, "mm/huge_memory.c").Where(f => f.RuleId == NonAtomicFlagUpdateRule.RuleId).ToList();

            Assert.Equal(sites.OrderBy(l => l), findings.Select(f => f.Primary.Line).OrderBy(l => l));
            foreach (var finding in findings)
            {
                Assert.Contains("PG_partially_mapped", finding.Message);
                Assert.Contains("second page's flags", finding.Message);
                Assert.NotEmpty(finding.Evidence);
                Assert.Contains(finding.Evidence, e => e.Function == "memory_failure" && e.Location.File == "mm/memory-failure.c");
                Assert.Contains("FOLIO_FLAG(partially_mapped", finding.FixHint);
            }
            Assert.True(File.ReadAllText(Path.Combine(corpus, "mm", "huge_memory.c")).Contains("folio_set_partially_mapped(folio);", StringComparison.Ordinal)
                && !File.ReadAllText(Path.Combine(corpus, "mm", "huge_memory.c")).Contains("__folio_set_partially_mapped", StringComparison.Ordinal),
                "the corpus tree itself must stay unmodified");
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    [Fact]
    public void Linux612_Mm_AtMostFiveFindings_EachTriaged()
    {
        var findings = Check(KernelTree("linux-source-6.12"), "mm");
        Assert.True(findings.Count <= MaxFindingsOn612, $"{findings.Count} FOL000/FOL001 findings on 6.12 mm/:\n" + Describe(findings));
        AssertTriaged(findings, "linux-6.12.md");
        // one reference-free-writer policy (rules/kernel/phases.yaml): a free-list page is the allocator's, like
        // del_page_from_free_list()'s; a tail page under the caller's frozen refcount is not
        Assert.DoesNotContain(findings, f => f.Function == "page_reporting_drain");
        Assert.Equal(2, findings.Count(f => f.Function == "__split_huge_page_tail" && f.Confidence == FindingConfidence.Medium));
    }

    [Fact]
    public void Linux61_Mm_AtMostFiveFindings_TheHugetlbContinueRaceAmongThem_EachTriaged()
    {
        var findings = Check(KernelTree("linux-source-6.1"), "mm");
        Assert.True(findings.Count <= 5, $"{findings.Count} FOL000/FOL001 findings on 6.1 mm/:\n" + Describe(findings));
        AssertTriaged(findings, "linux-6.1.md");
        // the is_continue path's __SetPageUptodate() on a locked page-cache page (upstream later made it conditional)
        var race = Assert.Single(findings, f => f.Function == "hugetlb_mcopy_atomic_pte");
        Assert.Equal(FindingConfidence.High, race.Confidence);
        Assert.Contains(race.Evidence, e => e.Function == "memory_failure");
    }

    /// <summary>The four partially_mapped call sites back to the non-atomic accessors, and page-flags.h back to seed 000's generators.</summary>
    private static List<int> PutSeedZeroBugBack(string tree)
    {
        var hugeMemory = Path.Combine(tree, "mm", "huge_memory.c");
        var lines = File.ReadAllLines(hugeMemory);
        var sites = new List<int>();
        for (var i = 0; i < lines.Length; i++)
        {
            var edited = Regex.Replace(lines[i], @"\b(folio_(?:set|clear)_partially_mapped)\(", "__$1(");
            if (edited != lines[i])
            {
                lines[i] = edited;
                sites.Add(i + 1);
            }
        }
        Replace(hugeMemory, string.Join("\n", lines) + "\n");

        var pageFlags = Path.Combine(tree, "include", "linux", "page-flags.h");
        var header = File.ReadAllText(pageFlags);
        var reverted = header
            .Replace("FOLIO_FLAG(partially_mapped, FOLIO_SECOND_PAGE)\n",
                "FOLIO_TEST_FLAG(partially_mapped, FOLIO_SECOND_PAGE)\n__FOLIO_SET_FLAG(partially_mapped, FOLIO_SECOND_PAGE)\n__FOLIO_CLEAR_FLAG(partially_mapped, FOLIO_SECOND_PAGE)\n", StringComparison.Ordinal)
            .Replace("FOLIO_FLAG_FALSE(partially_mapped)\n",
                "FOLIO_TEST_FLAG_FALSE(partially_mapped)\n__FOLIO_SET_FLAG_NOOP(partially_mapped)\n__FOLIO_CLEAR_FLAG_NOOP(partially_mapped)\n", StringComparison.Ordinal);
        Assert.NotEqual(header, reverted);
        Replace(pageFlags, reverted);
        return sites;
    }

    /// <summary>Writes a new file and renames it over the old name, so a hard-linked original is never written.</summary>
    private static void Replace(string path, string content)
    {
        var temporary = path + ".folint-tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// A scratch tree: hard links to the corpus files (seconds, no data copied) when the file system allows, else a
    /// full copy. Edits go through <see cref="Replace"/>, so the corpus is never touched.
    /// </summary>
    private static void ScratchCopy(string corpus, string tree)
    {
        if (Run("cp", "-al", corpus, tree) == 0)
            return;
        if (Directory.Exists(tree))
            Directory.Delete(tree, recursive: true);
        Assert.Equal(0, Run("cp", "-a", corpus, tree));
    }

    private static int Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode;
    }

    private static List<Finding> Check(string tree, string path)
    {
        var rulesDirectory = Path.Combine(AppContext.BaseDirectory, "rules");
        using var frontend = CFrontend.ForKernel(rulesDirectory);
        var rules = SourceRules.All(KnowledgeLoader.Load<KernelKnowledge>(rulesDirectory)).Where(r => r.Id is NonAtomicFlagUpdateRule.RuleId or OpenCodedFlagBitopRule.RuleId);
        var engine = new CheckEngine(frontend, rules, RuleCatalogLoader.Load(rulesDirectory));
        var inputs = SourceDiscovery.Discover(new[] { path }, tree, new SourceDiscoveryOptions { Tree = tree });
        var result = engine.Check(inputs);
        Assert.True(result.Problems.All(p => p.Kind == InputProblemKind.OverLimit),
            "inputs could not be checked: " + string.Join("; ", result.Problems.Select(p => p.Path + ": " + p.Reason)));
        return result.Findings.Where(f => f.RuleId is NonAtomicFlagUpdateRule.RuleId or OpenCodedFlagBitopRule.RuleId).ToList();
    }

    /// <summary>Every finding is listed in the triage document as `file:function` with the accessor.</summary>
    private static void AssertTriaged(IReadOnlyList<Finding> findings, string document)
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "triage", document);
        Assert.True(File.Exists(path), $"{path} is missing");
        var triage = File.ReadAllText(path);
        var untriaged = findings.Where(f => !triage.Contains($"`{f.Primary.File}` `{f.Function}()`", StringComparison.Ordinal)).ToList();
        Assert.True(untriaged.Count == 0, $"findings not triaged in docs/triage/{document} (list them as `file` `function()`):\n" + Describe(untriaged));
    }

    private static string Describe(IEnumerable<Finding> findings) =>
        string.Join("\n", findings.Select(f => $"  {f.Primary} {f.Function}(): {f.Message}"));

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Analyzer.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException("cannot find the repository root (Analyzer.sln) above " + AppContext.BaseDirectory);
    }

    /// <summary>A kernel tree under FOLINT_CORPUS (default ~/.cache/folint/corpus); a missing tree fails the test.</summary>
    private static string KernelTree(string name)
    {
        var corpus = Environment.GetEnvironmentVariable("FOLINT_CORPUS");
        if (string.IsNullOrEmpty(corpus))
            corpus = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "folint", "corpus");
        var tree = Path.Combine(corpus, name);
        Assert.True(Directory.Exists(Path.Combine(tree, "mm")),
            $"kernel tree {tree} is missing: run scripts/fetch-corpus (or point FOLINT_CORPUS at a directory holding {name}/)");
        return tree;
    }
}

public sealed class Fol001FallbackCorpusTests
{
    [Fact]
    public void Linux612_FallbackTable_MatchesTheDerivation()
    {
        var corpus = Environment.GetEnvironmentVariable("FOLINT_CORPUS");
        if (string.IsNullOrEmpty(corpus))
            corpus = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "folint", "corpus");
        var tree = Path.Combine(corpus, "linux-source-6.12");
        Assert.True(File.Exists(Path.Combine(tree, "include", "linux", "page-flags.h")),
            $"kernel tree {tree} is missing: run scripts/fetch-corpus (or point FOLINT_CORPUS at a directory holding linux-source-6.12/)");
        var rulesDirectory = Path.Combine(AppContext.BaseDirectory, "rules");
        var knowledge = KnowledgeLoader.Load<KernelKnowledge>(rulesDirectory);
        var derived = new List<string>();
        using var frontend = CFrontend.ForKernel(rulesDirectory);
        var engine = new CheckEngine(frontend, new ISourceRule[] { new AccessorProbe(derived, knowledge) }, RuleCatalogLoader.Load(rulesDirectory));
        engine.Check(SourceDiscovery.Discover(new[] { "mm/memory-failure.c" }, tree, new SourceDiscoveryOptions { Tree = tree }));

        var fallback = Folint.Analyzer.Rules.Flags.FallbackTable.Read(knowledge.PageFlagsFallback).Accessors.Values.Select(Folint.Analyzer.Rules.Flags.FallbackTable.Format).OrderBy(s => s, StringComparer.Ordinal).ToList();
        Assert.True(derived.Count > 150, $"only {derived.Count} accessors derived from 6.12's page-flags.h");
        Assert.Equal(derived.OrderBy(s => s, StringComparer.Ordinal), fallback);
    }

    /// <summary>Records the accessors the run's flag analysis derives from the tree's page-flags.h.</summary>
    private sealed class AccessorProbe(List<string> into, KernelKnowledge knowledge) : ISourceRule
    {
        public string Id => NonAtomicFlagUpdateRule.RuleId;

        public SourceRuleAnalyzer Start(SourceRun run, System.Threading.CancellationToken cancellationToken)
        {
            var analysis = Folint.Analyzer.Rules.Flags.FlagAnalysis.For(run, knowledge, cancellationToken);
            lock (into)
                into.AddRange(analysis.Header.Accessors.Select(Folint.Analyzer.Rules.Flags.FallbackTable.Format));
            return new Silent();
        }

        private sealed class Silent : SourceRuleAnalyzer
        {
            public override void Analyze(SourceRuleContext context)
            {
            }
        }
    }
}
