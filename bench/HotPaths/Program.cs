using System;
using System.Diagnostics;
using System.IO;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Folint.CSource.Index;
using Folint.CSource.Normalization;

namespace Folint.Bench.HotPaths;

/// <summary>
/// <c>scan-tree DIR</c>: one whole-tree scan (no cache) with its wall time and throughput; anything else goes to
/// BenchmarkDotNet (<c>--filter '*'</c>), whose benchmarks read <c>FOLINT_BENCH_FILE</c> (default: mm/huge_memory.c of
/// linux-source-6.12 under <c>FOLINT_CORPUS</c>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 2 && args[0] == "scan-tree")
        {
            var listing = Stopwatch.StartNew();
            var listed = TreeScan.List(args[1]).Length;
            Console.WriteLine($"listing: {listed} files in {listing.Elapsed.TotalSeconds:0.000} s");
            var clock = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var scan = TreeScan.Run(args[1], 8L << 20, ScanVocabulary.None, cache: null);
            var seconds = clock.Elapsed.TotalSeconds;
            long bytes = 0;
            foreach (var file in scan.Files)
                bytes += file.Size;
            Console.WriteLine($"files={scan.Files.Length} bytes={bytes} seconds={seconds:0.000} cpu_seconds={(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.000} mb_per_s={bytes / seconds / 1e6:0.0} keys={scan.Index.DistinctIdentifiers} postings={scan.Index.Postings}");
            return 0;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}

[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private byte[] _file = Array.Empty<byte>();
    private readonly KeySet _keys = new();
    private readonly ScanVocabulary _prefixes = new(new[] { "SetPage", "ClearPage", "__SetPage", "__ClearPage", "folio_set_", "folio_clear_", "__folio_set_", "__folio_clear_" });

    [GlobalSetup]
    public void Setup()
    {
        var path = Environment.GetEnvironmentVariable("FOLINT_BENCH_FILE");
        if (string.IsNullOrEmpty(path))
        {
            var corpus = Environment.GetEnvironmentVariable("FOLINT_CORPUS");
            if (string.IsNullOrEmpty(corpus))
                corpus = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "folint", "corpus");
            path = Path.Combine(corpus, "linux-source-6.12", "mm", "huge_memory.c");
        }
        _file = File.ReadAllBytes(path);
    }

    /// <summary>The prefilter's byte-level scan of one file: identifiers, derived facts, prefixes.</summary>
    [Benchmark]
    public int ScanFacts()
    {
        _keys.Clear();
        FileFacts.Scan(_file, _prefixes, _keys);
        return _keys.Count;
    }

    /// <summary>Kernel-macro normalization of one file (before tree-sitter).</summary>
    [Benchmark]
    public int Normalize() => Normalizer.Default.Normalize(_file).Text.Length;
}
