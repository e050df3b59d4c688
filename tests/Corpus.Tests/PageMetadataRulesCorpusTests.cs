using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Folint.Corpus.Tests;

/// <summary>
/// FOL002, FOL003 and FOL004 on Debian's linux-source-6.12: few findings on the unmodified tree, each one triaged
/// in docs/triage/linux-6.12.md; the seed-004 clamp and the seed-001 layout proposal reported once put back into a
/// scratch copy of the headers they were made in.
/// </summary>
public sealed class PageMetadataRulesCorpusTests
{
    private const string Linux612 = "linux-source-6.12";
    private const int MaxFindings = 10;
    private static readonly string[] Rules = { "FOL002", "FOL003", "FOL004" };

    [Fact]
    public void Linux612_MmIncludeLinuxFsProc_AtMostTenFindings_EachTriaged()
    {
        var tree = KernelCorpus.Tree(Linux612);

        var result = KernelCorpus.Check(tree, new[] { "mm", "include/linux", "fs/proc" }, Rules);

        Assert.True(result.Stats.Files > 2500, $"expected the mm/, include/linux/ and fs/proc/ sources, checked {result.Stats.Files} files");
        var listing = string.Join("\n", result.Findings.Select(f => $"{f.Primary}: {f.RuleId} in {f.Function}: {f.Message}"));
        Assert.True(result.Findings.Length <= MaxFindings, $"{result.Findings.Length} findings, at most {MaxFindings} wanted:\n{listing}");

        var triage = File.ReadAllText(Path.Combine(KernelCorpus.Repository(), "docs", "triage", "linux-6.12.md"));
        foreach (var finding in result.Findings)
        {
            var section = Section(triage, finding.RuleId);
            var entry = $"`{finding.Primary.File}` `{finding.Function ?? "(file scope)"}()`";
            Assert.True(section.Contains(entry, StringComparison.Ordinal),
                $"docs/triage/linux-6.12.md has no entry {entry} under '## {finding.RuleId}' for:\n{finding.Primary}: {finding.Message}");
        }
    }

    [Fact]
    public void Linux612_Seed004ClampPutBackIntoFolioMapcount_IsReportedAtTheClamp()
    {
        var tree = KernelCorpus.Tree(Linux612);
        using var scratch = KernelCorpus.Scratch(tree, "include/linux/mm.h", "include/linux/page-flags.h");

        var unmodified = KernelCorpus.Check(scratch.Root, new[] { "include/linux/mm.h" }, "FOL003");
        scratch.Edit(
            "include/linux/mm.h",
            "\t\tmapcount = atomic_read(&folio->_mapcount) + 1;\n\t\tif (page_mapcount_is_type(mapcount))\n\t\t\tmapcount = 0;\n",
            "\t\tmapcount = atomic_read(&folio->_mapcount) + 1;\n\t\tif (mapcount < 0)\n\t\t\tmapcount = 0;\n");
        var clamped = KernelCorpus.Check(scratch.Root, new[] { "include/linux/mm.h" }, "FOL003");

        Assert.Empty(unmodified.Findings);
        Assert.Empty(clamped.Problems);
        var finding = Assert.Single(clamped.Findings);
        Assert.Equal("folio_mapcount", finding.Function);
        Assert.Equal(scratch.LineOf("include/linux/mm.h", "if (mapcount < 0)"), finding.Primary.Line);
        Assert.StartsWith("'if (mapcount < 0) mapcount = 0' clamps a value derived from atomic_read(&folio->_mapcount)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Linux612_StructFolio_LayoutCheckIsSilent_UntilAMemberCoversPage1Refcount()
    {
        var tree = KernelCorpus.Tree(Linux612);
        using var scratch = KernelCorpus.Scratch(tree, "include/linux/mm_types.h", "include/linux/page-flags.h");

        var unmodified = KernelCorpus.Check(scratch.Root, new[] { "include/linux/mm_types.h" }, "FOL002");
        // Page 1 of the folio holds _flags_1, _head_1, four atomics and _folio_nr_pages (bytes 64-99); the proposal
        // of seed 001 puts a total mapcount at bytes 116-119, where page 1's _refcount is.
        scratch.Edit(
            "include/linux/mm_types.h",
            "\t\t\tunsigned int _folio_nr_pages;\n#endif\n",
            "\t\t\tunsigned int _folio_nr_pages;\n#endif\n\t\t\tunsigned int _spare_1;\n\t\t\tunsigned long _private_1;\n\t\t\tatomic_t _mapcount_1;\n\t\t\tatomic_t _total_mapcount;\n");
        var proposal = KernelCorpus.Check(scratch.Root, new[] { "include/linux/mm_types.h" }, "FOL002");

        Assert.Empty(unmodified.Problems);
        Assert.Empty(unmodified.Findings);
        Assert.Empty(proposal.Problems);
        var finding = Assert.Single(proposal.Findings);
        Assert.Equal(scratch.LineOf("include/linux/mm_types.h", "atomic_t _total_mapcount;"), finding.Primary.Line);
        Assert.StartsWith("struct folio member _total_mapcount overlays the _refcount of tail page 1", finding.Message, StringComparison.Ordinal);
    }

    /// <summary>The text under '## FOL00x' up to the next heading of the same level.</summary>
    private static string Section(string document, string ruleId)
    {
        var match = Regex.Match(document, $@"^## {ruleId}\b.*?(?=^## |\z)", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(match.Success, $"docs/triage/linux-6.12.md has no '## {ruleId}' section");
        return match.Value;
    }
}
