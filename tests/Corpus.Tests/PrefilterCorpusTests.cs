using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Text.Json;
using Folint.CSource.Engine;
using Folint.CSource.Index;

namespace Folint.Corpus.Tests;

/// <summary>
/// The prefilter parses only the files that can hold a finding: on Debian's linux-source-6.12 mm/ and include/linux/
/// its findings must be those of parsing every file, finding for finding (location, message, evidence, fix,
/// fingerprint), and a result read back from the cache must be the same again.
/// </summary>
public sealed class PrefilterCorpusTests
{
    private static readonly string[] Paths = { "mm", "include/linux" };

    private static string Describe(CheckResult result) =>
        string.Join("\n", result.Findings.Select(f => JsonSerializer.Serialize(f)))
        + "\nproblems:\n" + string.Join("\n", result.Problems.Select(p => $"{p.Path}: {p.Reason}"))
        + "\nsuppressions:\n" + string.Join("\n", result.Suppressions.Select(s => JsonSerializer.Serialize(s)));

    [Fact]
    public void Linux612_MmIncludeLinux_PrefilteredFindings_AreTheFullParseFindings()
    {
        var tree = KernelCorpus.Tree("linux-source-6.12");

        var full = KernelCorpus.Check(tree, Paths, new CheckOptions { Prefilter = false });
        var prefiltered = KernelCorpus.Check(tree, Paths, new CheckOptions { Prefilter = true });

        Assert.Equal(full.Stats.Files, prefiltered.Stats.Files);
        Assert.Equal(full.Stats.Files, full.Stats.ParsedFiles);
        Assert.True(prefiltered.Stats.ParsedFiles < full.Stats.ParsedFiles / 4,
            $"the prefilter parsed {prefiltered.Stats.ParsedFiles} of {full.Stats.Files} files");
        Assert.NotEmpty(full.Findings);
        Assert.Equal(Describe(full), Describe(prefiltered));
        Assert.Equal(full.Notes, prefiltered.Notes);
    }

    [Fact]
    public void Linux612_Mm_ResultFromTheCache_IsTheResultComputed()
    {
        var tree = KernelCorpus.Tree("linux-source-6.12");
        var cache = Directory.CreateTempSubdirectory("folint-cache-").FullName;
        var warnings = new ConcurrentQueue<string>();
        var timings = new ConcurrentQueue<string>();
        try
        {
            var options = new CheckOptions { Cache = new CacheStore(cache, "test", warnings.Enqueue), Timings = timings.Enqueue };

            var computed = KernelCorpus.Check(tree, new[] { "mm" }, options);
            var cached = KernelCorpus.Check(tree, new[] { "mm" }, options);

            Assert.Contains(timings, t => t.Contains("result from the cache", StringComparison.Ordinal));
            Assert.NotEmpty(computed.Findings);
            Assert.Equal(Describe(computed), Describe(cached));
            Assert.Equal(computed.Stats with { ElapsedSeconds = 0 }, cached.Stats with { ElapsedSeconds = 0 });
            Assert.Empty(warnings);
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }
}
