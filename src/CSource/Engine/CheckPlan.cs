using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Model;
using Folint.CSource.Index;

namespace Folint.CSource.Engine;

/// <summary>
/// What a check decides before it parses anything. In a kernel tree whose rules are all prefiltered: one byte-level
/// scan of the tree (from the cache when it can), the cached result when the tree did not change, the rules started
/// with their triggers (begun during the scan when no cache can answer, since they are wanted whatever it finds), and
/// the inputs the prefilter lets through. Elsewhere: the rules started, every input.
/// </summary>
internal sealed class CheckPlan
{
    private CheckPlan(ProgramIndex index, CheckEngine.RuleRun rules, ImmutableArray<DiscoveredFile> files, TreeScanResult? scan)
    {
        Index = index;
        Rules = rules;
        Files = files;
        Scan = scan;
    }

    /// <summary>The run's index: whole-tree questions, answered from files parsed on demand.</summary>
    public ProgramIndex Index { get; }

    /// <summary>The rules started for this run.</summary>
    public CheckEngine.RuleRun Rules { get; }

    /// <summary>The inputs to parse and check.</summary>
    public ImmutableArray<DiscoveredFile> Files { get; }

    public TreeScanResult? Scan { get; }

    /// <summary>The whole result from the cache: the tree's digest and the request are those of a run already done.</summary>
    public CheckResult? Cached { get; private init; }

    /// <summary>Where this run's result goes when it is done, with the tree's digest; null without a cache.</summary>
    public (ResultCache Cache, UInt128 Digest)? Store { get; private init; }

    /// <summary>The size of an input as the scan saw it (0 when it did not), so the largest files start first.</summary>
    public long SizeOf(DiscoveredFile file) =>
        Scan is null || Scan.IdOf(file.Path) is not (>= 0 and var id) ? 0 : Scan.Files[id].Size;

    public static CheckPlan Make(
        ISourceFrontend frontend,
        SourceInputs inputs,
        CheckOptions options,
        ImmutableArray<ISourceRule> rules,
        ConcurrentBag<InputProblem> problems,
        ConcurrentBag<InputNote> notes,
        StageTimings timings,
        CancellationToken cancellationToken)
    {
        ProgramIndex NewIndex(Lazy<IdentifierIndex>? identifiers) =>
            new(ImmutableArray<SourceUnit>.Empty, ImmutableArray<string>.Empty, frontend, inputs.TreeRoot, options.MaxFileSize, problems.Add, notes.Add, cancellationToken,
                inputs.Overlay, wholeTree: inputs.HasTreeHeaders, generatorHeaders: frontend.GeneratorHeaders, identifiers: identifiers);
        CheckEngine.RuleRun Start(ProgramIndex index, bool withTriggers) =>
            CheckEngine.Start(rules, index, withTriggers, inputs.TreeRoot, problems.Add, cancellationToken);

        var prefiltered = options.Prefilter && inputs.HasTreeHeaders && rules.Length > 0 && rules.All(r => r is IPrefilteredRule);
        if (!prefiltered)
        {
            var index = NewIndex(null);
            return new CheckPlan(index, Start(index, withTriggers: false), inputs.Files, null);
        }

        var vocabulary = new ScanVocabulary(rules.OfType<IPrefilteredRule>().SelectMany(r => r.ScanPrefixes));
        TreeScanResult Scan() => TreeScan.Run(inputs.TreeRoot, options.MaxFileSize, vocabulary, options.Cache is null ? null : new ScanCache(options.Cache), options.MaxDegreeOfParallelism, cancellationToken);
        TreeScanResult Shared() => options.SharedScan is null ? Scan() : options.SharedScan.Get($"{inputs.TreeRoot}\n{options.MaxFileSize}\n{vocabulary.Describe()}", Scan);

        TreeScanResult scan;
        ProgramIndex? early = null;
        Task<CheckEngine.RuleRun>? earlyStart = null;
        if (options.Cache is null)
        {
            // No result can come from a cache, so the rules' start and triggers are wanted whatever the scan finds:
            // they are computed while the tree is scanned (the headers' accessors, the JIT of the frontend), and wait
            // for the identifier index only when they first ask it.
            var scanning = Task.Run(Shared, cancellationToken);
            var index = early = NewIndex(new Lazy<IdentifierIndex>(() => scanning.GetAwaiter().GetResult().Index));
            earlyStart = Task.Run(() => Start(index, withTriggers: true), cancellationToken);
            scan = scanning.GetAwaiter().GetResult();
        }
        else
        {
            scan = Shared();
        }
        timings.Stage($"scan ({scan.Files.Length} tree files, {scan.FilesRead} read{(scan.IndexFromCache ? ", index from the cache" : "")}; {scan.Stages})");

        (ResultCache, UInt128)? store = null;
        if (options.Cache is not null && ResultCache.Digest(inputs, scan) is { } digest)
        {
            var cache = new ResultCache(options.Cache, inputs, options);
            if (cache.Load(digest) is { } cached)
            {
                timings.Stage("result from the cache");
                return new CheckPlan(NewIndex(null), new CheckEngine.RuleRun(ImmutableArray<(ISourceRule, SourceRuleAnalyzer)>.Empty, null), ImmutableArray<DiscoveredFile>.Empty, scan) { Cached = cached };
            }
            store = (cache, digest);
        }

        var treeIndex = early ?? NewIndex(new Lazy<IdentifierIndex>(scan.Index));
        var run = earlyStart is null ? Start(treeIndex, withTriggers: true) : earlyStart.GetAwaiter().GetResult();
        var files = inputs.Files;
        if (run.Triggers is { } triggers)
        {
            timings.Stage($"triggers ({triggers.Count}{(earlyStart is null ? "" : ", begun during the scan")})");
            var prefilter = new Prefilter(scan.Index);
            files = prefilter.Select(files, scan, triggers, inputs.Overlay);
            timings.Stage($"prefilter ({files.Length} of {inputs.Files.Length} files to parse)");
            timings.Note(() => $"widest triggers (tree files): {prefilter.Widest(triggers, 12)}");
        }
        return new CheckPlan(treeIndex, run, files, scan) { Store = store };
    }
}
