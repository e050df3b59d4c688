using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Folint.Analyzer.Catalog;
using Folint.Analyzer.Findings;
using Folint.Analyzer.Model;
using Folint.Analyzer.Contracts;
using Folint.CSource.Index;

namespace Folint.CSource.Engine;

public sealed record CheckOptions
{
    /// <summary>Rule ids to run (<c>--rules</c>); null runs every rule.</summary>
    public ImmutableHashSet<string>? EnabledRules { get; init; }

    /// <summary>Size limit for files read while checking (files parsed on demand included).</summary>
    public long MaxFileSize { get; init; } = SourceDiscoveryOptions.DefaultMaxFileSize;

    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// In a kernel tree, parse and check only the files that can hold a finding (<see cref="IPrefilteredRule"/>),
    /// found by one byte-level scan of the tree; <c>--no-prefilter</c> parses every input.
    /// </summary>
    public bool Prefilter { get; init; } = true;

    /// <summary>The on-disk cache (<c>--cache-dir</c>); null runs without one (<c>--no-cache</c>).</summary>
    public CacheStore? Cache { get; init; }

    /// <summary>Receives one line per stage with its wall time (<c>FOLINT_TIMINGS=1</c>); null stays silent.</summary>
    public Action<string>? Timings { get; init; }

    /// <summary>
    /// What the frontend was built with that changes the models it makes (kbuild-check: the compilation's macros,
    /// <see cref="Normalization.CompilationMacros.Identity"/>); part of the cached result's request. Null: the default frontend.
    /// </summary>
    public string? FrontendVariant { get; init; }

    /// <summary>Lets the checks of one command share one scan of the tree (check-patch: before and after the series).</summary>
    public SharedScan? SharedScan { get; init; }

    /// <summary>
    /// The time one file may take from reading to its resolved findings, all stages together; a file past it is
    /// skipped and named (exit 2). <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> sets no limit.
    /// </summary>
    public TimeSpan FileBudget { get; init; } = Engine.FileBudget.Default;
}

/// <summary>The last tree scan of a command, reused by its next check of the same tree with the same limits.</summary>
public sealed class SharedScan
{
    private readonly object _gate = new();
    private (string Key, TreeScanResult Scan)? _last;

    internal TreeScanResult Get(string key, Func<TreeScanResult> scan)
    {
        lock (_gate)
        {
            if (_last is { } last && last.Key == key)
                return last.Scan;
            var result = scan();
            _last = (key, result);
            return result;
        }
    }
}

public enum CheckStage { Indexing, Parsing, Checking }

/// <summary>How far a run is: <paramref name="Done"/> of <paramref name="Total"/> files in <paramref name="Stage"/>.</summary>
public readonly record struct CheckProgress(CheckStage Stage, int Done, int Total);

/// <summary>
/// Checks discovered files: plans the run (<see cref="CheckPlan"/>: scan, cache, rules started, prefilter), takes
/// each file through the first half of the <see cref="FilePipeline"/> in parallel (read, suppressions, parse; no syntax
/// tree is kept), adds the units to the run's index, then takes each through the second half in parallel (rules,
/// FOL900, resolution, suppressions) and merges the files' outcomes in file order. A failure on one file is that
/// file's <see cref="InputProblem"/>; the run goes on.
/// </summary>
public sealed class CheckEngine
{
    private readonly ISourceFrontend _frontend;
    private readonly ImmutableArray<ISourceRule> _rules;
    private readonly RuleCatalog _catalog;

    /// <param name="rules">The rules to run, built by the caller with their kernel knowledge: the engine knows no rule.</param>
    public CheckEngine(ISourceFrontend frontend, IEnumerable<ISourceRule> rules, RuleCatalog catalog)
    {
        _frontend = frontend;
        _rules = rules.ToImmutableArray();
        _catalog = catalog;
        foreach (var rule in _rules)
        {
            if (!catalog.TryGet(rule.Id, out _))
                throw new ArgumentException($"rule {rule.Id} ({rule.GetType().Name}) has no rules/{rule.Id}.yaml in the catalog", nameof(rules));
        }
    }

    public CheckResult Check(SourceInputs inputs, CheckOptions? options = null, IProgress<CheckProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new CheckOptions();
        var clock = Stopwatch.StartNew();
        var problems = new ConcurrentBag<InputProblem>(inputs.Problems);
        var notes = new ConcurrentBag<InputNote>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxDegreeOfParallelism), CancellationToken = cancellationToken };
        var timings = new StageTimings(options.Timings);

        var plan = CheckPlan.Make(_frontend, inputs, options, RulesFor(options), problems, notes, timings, cancellationToken);
        if (plan.Cached is { } cached)
            return cached;
        var index = plan.Index;
        var files = plan.Files;
        var pipeline = Pipeline(options);

        var prepared = new PreparedFile[files.Length];
        var parsed = 0;
        var parseTimes = new double[files.Length];
        LargestFirst(files.Length, i => plan.SizeOf(files[i]), parallel, i =>
        {
            var started = Stopwatch.GetTimestamp();
            prepared[i] = pipeline.Prepare(files[i], options.MaxFileSize, inputs.Overlay, index.AlreadyParsed, cancellationToken);
            parseTimes[i] = Stopwatch.GetElapsedTime(started).TotalSeconds;
            progress?.Report(new CheckProgress(CheckStage.Parsing, Interlocked.Increment(ref parsed), files.Length));
        });

        var built = prepared.Select(p => p.Unit).OfType<SourceUnit>().ToImmutableArray();
        index.AddChecked(built, prepared.Where(p => p.Unit is null).Select(p => p.Path), cancellationToken);
        timings.Stage($"parse ({built.Length} files, {built.Sum(u => (long)u.Lines.Length) / 1e6:0.0} MB; slowest: " +
            string.Join(", ", Enumerable.Range(0, files.Length).OrderByDescending(i => parseTimes[i]).Take(3).Select(i => $"{files[i].Path} {parseTimes[i]:0.00} s")) + ")");

        var outcomes = new FileOutcome[prepared.Length];
        var checkedFiles = 0;
        var withUnits = prepared.Count(p => p.Unit is not null);
        LargestFirst(prepared.Length, i => prepared[i].Unit?.Lines.Length ?? 0, parallel, i =>
        {
            outcomes[i] = pipeline.Check(prepared[i], plan.Rules.Analyzers, index, index.LinesOf, cancellationToken);
            if (prepared[i].Unit is not null)
                progress?.Report(new CheckProgress(CheckStage.Checking, Interlocked.Increment(ref checkedFiles), withUnits));
        });
        timings.Stage("rules, resolution and suppressions");

        var result = Merge(inputs, prepared, outcomes, problems, notes, built, clock);
        // A file over its time budget says more about the machine's load at the time than about the tree: not kept.
        if (plan.Store is var (cache, digest) && !result.Problems.Any(p => p.Reason.StartsWith("skipped: checking took longer", StringComparison.Ordinal)))
        {
            cache.Save(digest, result);
            timings.Stage("cache written");
        }
        return result;
    }

    /// <summary>The files' outcomes in one result, in file order (each file's findings are sorted already).</summary>
    private static CheckResult Merge(SourceInputs inputs, PreparedFile[] prepared, FileOutcome[] outcomes, ConcurrentBag<InputProblem> problems, ConcurrentBag<InputNote> notes, ImmutableArray<SourceUnit> built, Stopwatch clock)
    {
        foreach (var outcome in outcomes)
        {
            foreach (var problem in outcome.Problems)
                problems.Add(problem);
        }
        foreach (var note in prepared.Select(p => p.Note).OfType<InputNote>())
            notes.Add(note);
        var stats = new RunStats(
            Files: inputs.Files.Length,
            ParsedFiles: built.Length,
            Functions: built.Sum(u => Items(u.Functions).Length),
            FunctionsWithParseErrors: built.Sum(u => Items(u.Functions).Count(f => f.HasParseErrors)),
            ElapsedSeconds: clock.Elapsed.TotalSeconds);
        return new CheckResult(
            FindingResolution.Sorted(outcomes.SelectMany(o => o.Findings)),
            problems.Distinct().OrderBy(p => p.Path, StringComparer.Ordinal).ThenBy(p => p.Reason, StringComparer.Ordinal).ToImmutableArray(),
            stats)
        {
            Notes = notes.Distinct().OrderBy(n => n.Path, StringComparer.Ordinal).ThenBy(n => n.Message, StringComparer.Ordinal).ToImmutableArray(),
            Suppressed = outcomes.SelectMany(o => o.Suppressed).OrderBy(s => s.Finding, FindingResolution.Order).ToImmutableArray(),
            Suppressions = outcomes.SelectMany(o => o.Suppressions).OrderBy(s => s.File, StringComparer.Ordinal).ThenBy(s => s.Line).ToImmutableArray(),
        };
    }

    internal FilePipeline Pipeline(CheckOptions options) => new(_frontend, _catalog, options.EnabledRules, options.FileBudget);

    /// <summary>The rules started for one run, and their triggers when asked (null when some rule cannot give them).</summary>
    internal sealed record RuleRun(ImmutableArray<(ISourceRule Rule, SourceRuleAnalyzer Analyzer)> Analyzers, List<FileTrigger>? Triggers);

    /// <summary>
    /// Starts every rule for one run over <paramref name="index"/> (<see cref="ISourceRule.Start"/>) and, when asked, gathers
    /// their triggers. A rule whose start or triggers fail is left out of the run and reported as an internal error
    /// at <paramref name="subject"/> (the tree): the other rules' findings still count.
    /// </summary>
    internal static RuleRun Start(ImmutableArray<ISourceRule> rules, IProgramIndex index, bool withTriggers, string subject, Action<InputProblem> problem, CancellationToken cancellationToken)
    {
        var run = new SourceRun(index);
        var analyzers = ImmutableArray.CreateBuilder<(ISourceRule, SourceRuleAnalyzer)>(rules.Length);
        var triggers = withTriggers ? new List<FileTrigger>() : null;
        foreach (var rule in rules)
        {
            try
            {
                var analyzer = rule.Start(run, cancellationToken);
                if (triggers is not null)
                {
                    if (analyzer.Triggers(cancellationToken) is { } found)
                        triggers.AddRange(found);
                    else
                        triggers = null;
                }
                analyzers.Add((rule, analyzer));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                problem(Problems.OfStage(subject, "rule " + rule.Id + " (start)", e));
            }
        }
        return new RuleRun(analyzers.ToImmutable(), triggers);
    }

    /// <summary>
    /// Runs <paramref name="body"/> for every index, the largest items first, handing them out one at a time: on a
    /// machine with two cores a big file started last would keep one core busy while the other waits.
    /// </summary>
    private static void LargestFirst(int count, Func<int, long> size, ParallelOptions parallel, Action<int> body)
    {
        var order = Enumerable.Range(0, count).OrderByDescending(size).ThenBy(i => i).ToArray();
        Parallel.ForEach(Partitioner.Create(order, EnumerablePartitionerOptions.NoBuffering), parallel, body);
    }

    internal ISourceFrontend Frontend => _frontend;

    internal ImmutableArray<string> GeneratorHeaders => _frontend.GeneratorHeaders;

    internal RuleCatalog Catalog => _catalog;

    internal ImmutableArray<ISourceRule> RulesFor(CheckOptions options) =>
        options.EnabledRules is null ? _rules : _rules.Where(r => options.EnabledRules.Contains(r.Id)).ToImmutableArray();

    private static ImmutableArray<T> Items<T>(ImmutableArray<T> items) => items.IsDefault ? ImmutableArray<T>.Empty : items;
}
