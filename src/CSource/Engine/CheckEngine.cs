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

    /// <summary>Lets the checks of one command share one scan of the tree (check-patch: before and after the series).</summary>
    public SharedScan? SharedScan { get; init; }
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
/// Checks discovered files: parses them in parallel into models (keeping no syntax trees), builds the program
/// index, runs the rules per unit in parallel, then resolves raw findings into located, fingerprinted,
/// de-duplicated and sorted <see cref="Finding"/>s. A failure of the frontend or of a rule on one file becomes
/// an <see cref="InputProblem"/> for that file; the run goes on.
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

        var stage = Stopwatch.StartNew();
        var stageCpu = options.Timings is null ? TimeSpan.Zero : Process.GetCurrentProcess().TotalProcessorTime;
        void Timing(string what)
        {
            if (options.Timings is not null)
            {
                // CPU time beside wall time: a stage that keeps fewer cores busy than the machine has shows here.
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                options.Timings($"folint: timing {what}: {stage.Elapsed.TotalSeconds:0.000} s (cpu {(cpu - stageCpu).TotalSeconds:0.000} s)");
                stageCpu = cpu;
            }
            stage.Restart();
        }

        var rules = RulesFor(options);
        var prefiltered = options.Prefilter && inputs.HasTreeHeaders && rules.Length > 0 && rules.All(r => r is IPrefilteredRule);
        TreeScanResult? scan = null;
        ResultCache? resultCache = null;
        UInt128 digest = default;
        ProgramIndex? index = null;
        Task<RuleRun>? earlyStart = null;
        ProgramIndex NewIndex(Lazy<IdentifierIndex>? identifiers) =>
            new(ImmutableArray<SourceUnit>.Empty, ImmutableArray<string>.Empty, _frontend, inputs.TreeRoot, options.MaxFileSize, problems.Add, notes.Add, cancellationToken,
                inputs.Overlay, wholeTree: inputs.HasTreeHeaders, generatorHeaders: GeneratorHeaders, identifiers: identifiers);
        if (prefiltered)
        {
            var vocabulary = new ScanVocabulary(rules.OfType<IPrefilteredRule>().SelectMany(r => r.ScanPrefixes));
            TreeScanResult Scan() => TreeScan.Run(inputs.TreeRoot, options.MaxFileSize, vocabulary, options.Cache is null ? null : new ScanCache(options.Cache), options.MaxDegreeOfParallelism, cancellationToken);
            TreeScanResult Shared() => options.SharedScan is null ? Scan() : options.SharedScan.Get($"{inputs.TreeRoot}\n{options.MaxFileSize}\n{vocabulary.Describe()}", Scan);
            if (options.Cache is null)
            {
                // No result can come from a cache, so the rules' start and triggers are wanted whatever the scan finds:
                // they are computed while the tree is scanned (the headers' accessors, the JIT of the frontend), and
                // wait for the identifier index only when they first ask it.
                var scanning = Task.Run(Shared, cancellationToken);
                index = NewIndex(new Lazy<IdentifierIndex>(() => scanning.GetAwaiter().GetResult().Index));
                var early = index;
                earlyStart = Task.Run(() => Start(rules, early, withTriggers: true, inputs.TreeRoot, problems.Add, cancellationToken), cancellationToken);
                scan = scanning.GetAwaiter().GetResult();
            }
            else
            {
                scan = Shared();
            }
            Timing($"scan ({scan.Files.Length} tree files, {scan.FilesRead} read{(scan.IndexFromCache ? ", index from the cache" : "")}; {scan.Stages})");
            if (options.Cache is not null && ResultCache.Digest(inputs, scan) is { } treeDigest)
            {
                resultCache = new ResultCache(options.Cache, inputs, options);
                digest = treeDigest;
                if (resultCache.Load(digest) is { } cached)
                {
                    Timing("result from the cache");
                    return cached;
                }
            }
        }
        index ??= NewIndex(scan is null ? null : new Lazy<IdentifierIndex>(scan.Index));

        var files = inputs.Files;
        var run = earlyStart is null ? Start(rules, index, withTriggers: scan is not null, inputs.TreeRoot, problems.Add, cancellationToken) : earlyStart.GetAwaiter().GetResult();
        if (scan is not null && run.Triggers is { } triggers)
        {
            Timing($"triggers ({triggers.Count}{(earlyStart is null ? "" : ", begun during the scan")})");
            var prefilter = new Prefilter(scan.Index);
            files = prefilter.Select(files, scan, triggers, inputs.Overlay);
            Timing($"prefilter ({files.Length} of {inputs.Files.Length} files to parse)");
            if (options.Timings is not null)
                options.Timings($"folint: widest triggers (tree files): {prefilter.Widest(triggers, 12)}");
        }

        var units = new SourceUnit?[files.Length];
        var comments = new ConcurrentDictionary<string, FileSuppressions>(StringComparer.Ordinal);
        var parsed = 0;
        var parseTimes = new double[files.Length];
        LargestFirst(files.Length, i => scan is null || scan.IdOf(files[i].Path) is not (>= 0 and var id) ? 0 : scan.Files[id].Size, parallel, i =>
        {
            var started = Stopwatch.GetTimestamp();
            units[i] = Parse(files[i], options.MaxFileSize, inputs.Overlay, comments, problems, notes, index.AlreadyParsed, cancellationToken);
            parseTimes[i] = Stopwatch.GetElapsedTime(started).TotalSeconds;
            progress?.Report(new CheckProgress(CheckStage.Parsing, Interlocked.Increment(ref parsed), files.Length));
        });

        var built = units.OfType<SourceUnit>().ToImmutableArray();
        var unusable = files.Where((_, i) => units[i] is null).Select(f => f.Path);
        index.AddChecked(built, unusable, cancellationToken);
        Timing($"parse ({built.Length} files, {built.Sum(u => (long)u.Lines.Length) / 1e6:0.0} MB; slowest: " +
            string.Join(", ", Enumerable.Range(0, files.Length).OrderByDescending(i => parseTimes[i]).Take(3).Select(i => $"{files[i].Path} {parseTimes[i]:0.00} s")) + ")");

        var raw = new ConcurrentBag<RawFinding>();
        var checkedUnits = 0;
        LargestFirst(built.Length, i => built[i].Lines.Length, parallel, i =>
        {
            foreach (var finding in Analyze(built[i], run.Analyzers, index, problems, cancellationToken))
                raw.Add(finding);
            progress?.Report(new CheckProgress(CheckStage.Checking, Interlocked.Increment(ref checkedUnits), built.Length));
        });

        Timing("rules");

        var enabled = options.EnabledRules;
        if (_catalog.TryGet(SuppressionRule.RuleId, out var meta) && (enabled is null || enabled.Contains(SuppressionRule.RuleId)))
        {
            foreach (var finding in SuppressionRule.Findings(comments.Values, built, _catalog, meta))
                raw.Add(finding);
        }
        var resolved = Resolve(raw.Where(f => enabled is null || enabled.Contains(f.RuleId)), index.LinesOf, problems);
        var (findings, suppressed, suppressions) = SuppressionRule.Apply(resolved, comments.Values, ruleId => enabled is null ? _rules.Any(r => r.Id == ruleId) : enabled.Contains(ruleId) && _rules.Any(r => r.Id == ruleId));
        Timing("resolve");
        var stats = new RunStats(
            Files: inputs.Files.Length,
            ParsedFiles: built.Length,
            Functions: built.Sum(u => Items(u.Functions).Length),
            FunctionsWithParseErrors: built.Sum(u => Items(u.Functions).Count(f => f.HasParseErrors)),
            ElapsedSeconds: clock.Elapsed.TotalSeconds);
        var result = new CheckResult(
            findings,
            problems.Distinct().OrderBy(p => p.Path, StringComparer.Ordinal).ThenBy(p => p.Reason, StringComparer.Ordinal).ToImmutableArray(),
            stats)
        {
            Notes = notes.Distinct().OrderBy(n => n.Path, StringComparer.Ordinal).ThenBy(n => n.Message, StringComparer.Ordinal).ToImmutableArray(),
            Suppressed = suppressed,
            Suppressions = suppressions,
        };
        if (resultCache is not null)
        {
            resultCache.Save(digest, result);
            Timing("cache written");
        }
        return result;
    }

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
                problem(InternalError(subject, "rule " + rule.Id + " (start)", e));
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

    /// <summary>A stage failed on a file: skipped with the reason when the file's content is the cause, else an internal error.</summary>
    internal static InputProblem InternalError(string path, string stage, Exception e) => e is UncheckableSourceException uncheckable
        ? new(path, "skipped: " + uncheckable.Reason)
        : new(path, $"internal error in {stage}: {e.Message} ({e.GetType().Name})") { Kind = InputProblemKind.InternalError };

    internal ISourceFrontend Frontend => _frontend;

    internal ImmutableArray<string> GeneratorHeaders => _frontend.GeneratorHeaders;

    internal ImmutableArray<ISourceRule> RulesFor(CheckOptions options) =>
        options.EnabledRules is null ? _rules : _rules.Where(r => options.EnabledRules.Contains(r.Id)).ToImmutableArray();

    private SourceUnit? Parse(DiscoveredFile file, long maxFileSize, SourceOverlay overlay, ConcurrentDictionary<string, FileSuppressions> comments, ConcurrentBag<InputProblem> problems, ConcurrentBag<InputNote> notes, Func<string, SourceUnit?> alreadyParsed, CancellationToken cancellationToken)
    {
        var read = SourceReader.Read(file, maxFileSize, overlay);
        if (read.Note is not null)
            notes.Add(read.Note);
        if (read.Problem is not null)
        {
            problems.Add(read.Problem);
            return null;
        }
        if (SuppressionScanner.Scan(file.Path, read.File!.Content) is { } found)
            comments[file.Path] = found;
        if (alreadyParsed(file.Path) is { } unit)
            return unit;
        try
        {
            return _frontend.Build(read.File!, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            problems.Add(InternalError(file.Path, "parse", e));
            return null;
        }
    }

    internal IEnumerable<RawFinding> Analyze(SourceUnit unit, ImmutableArray<(ISourceRule Rule, SourceRuleAnalyzer Analyzer)> rules, IProgramIndex index, ConcurrentBag<InputProblem> problems, CancellationToken cancellationToken)
    {
        var all = new List<RawFinding>();
        foreach (var (rule, analyzer) in rules)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Each rule gets its own sink: when a rule throws half-way, what it reported so far is discarded.
            var sink = new List<RawFinding>();
            try
            {
                analyzer.Analyze(new SourceRuleContext(unit, index, _catalog, sink, cancellationToken));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                problems.Add(InternalError(unit.Path, "rule " + rule.Id, e));
                continue;
            }
            all.AddRange(sink);
        }
        return all;
    }

    internal ImmutableArray<Finding> Resolve(IEnumerable<RawFinding> raw, Func<string, LineMap?> linesOf, ConcurrentBag<InputProblem> problems)
    {
        // Fingerprint ordinals count equal keys in source order, so they are computed over a stable order
        // after exact duplicates (one rule reporting the same thing twice) are gone.
        var distinct = raw.Distinct(RawFindingEquality.Instance)
            .OrderBy(f => f.File, StringComparer.Ordinal)
            .ThenBy(f => f.Span.Start)
            .ThenBy(f => f.Span.End)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.Key, StringComparer.Ordinal)
            .ThenBy(f => f.Message, StringComparer.Ordinal)
            .ToList();

        var ordinals = new Dictionary<(string, string, string, string), int>();
        var findings = ImmutableArray.CreateBuilder<Finding>(distinct.Count);
        foreach (var f in distinct)
        {
            var lines = linesOf(f.File);
            if (lines is null)
            {
                problems.Add(new InputProblem(f.File, $"internal error in rule {f.RuleId}: finding in a file that cannot be read") { Kind = InputProblemKind.InternalError });
                continue;
            }
            var group = (f.RuleId, f.File, f.Function ?? "", f.Key);
            ordinals.TryGetValue(group, out var ordinal);
            ordinals[group] = ordinal + 1;

            var evidence = ImmutableArray.CreateBuilder<Evidence>(f.Evidence.IsDefault ? 0 : f.Evidence.Length);
            foreach (var item in Items(f.Evidence))
            {
                var evidenceLines = linesOf(item.File);
                if (evidenceLines is null)
                {
                    problems.Add(new InputProblem(f.File, $"internal error in rule {f.RuleId}: evidence in {item.File}, which cannot be read") { Kind = InputProblemKind.InternalError });
                    continue;
                }
                evidence.Add(new Evidence(Locate(item.File, item.Span, evidenceLines), item.Message, item.Function));
            }

            findings.Add(new Finding(
                f.RuleId,
                _catalog[f.RuleId].Severity,
                Locate(f.File, f.Span, lines),
                f.Message,
                f.Function,
                evidence.ToImmutable(),
                f.FixHint,
                Fingerprint.Compute(f.RuleId, f.File, f.Function, f.Key, ordinal))
            {
                Fix = LocateFix(f, linesOf, problems),
                Confidence = f.Confidence,
            });
        }

        return findings
            .OrderBy(f => f.Primary.File, StringComparer.Ordinal)
            .ThenBy(f => f.Primary.Line)
            .ThenBy(f => f.Primary.Column)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.Message, StringComparer.Ordinal)
            .ThenBy(f => f.Fingerprint, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    /// <summary>The fix with its edits located; null when an edit falls in a file that cannot be read (the finding stays).</summary>
    private static SuggestedFix? LocateFix(RawFinding f, Func<string, LineMap?> linesOf, ConcurrentBag<InputProblem> problems)
    {
        if (f.Fix is not { } fix)
            return null;
        var edits = ImmutableArray.CreateBuilder<TextEdit>(Items(fix.Edits).Length);
        foreach (var edit in Items(fix.Edits))
        {
            if (linesOf(edit.File) is not { } lines)
            {
                problems.Add(new InputProblem(f.File, $"internal error in rule {f.RuleId}: fix edits {edit.File}, which cannot be read") { Kind = InputProblemKind.InternalError });
                return null;
            }
            edits.Add(new TextEdit(Locate(edit.File, edit.Span, lines), edit.NewText));
        }
        return new SuggestedFix(fix.Title, edits.MoveToImmutable());
    }

    private static Location Locate(string file, TextSpan span, LineMap lines)
    {
        var start = lines.GetPosition(span.Start);
        var end = lines.GetPosition(span.End);
        return new Location(file, start.Line, start.Column, end.Line, end.Column);
    }

    private static ImmutableArray<T> Items<T>(ImmutableArray<T> items) => items.IsDefault ? ImmutableArray<T>.Empty : items;

    /// <summary>Value equality of raw findings, evidence included (records compare ImmutableArrays by reference).</summary>
    private sealed class RawFindingEquality : IEqualityComparer<RawFinding>
    {
        public static readonly RawFindingEquality Instance = new();

        public bool Equals(RawFinding? x, RawFinding? y) =>
            ReferenceEquals(x, y) ||
            (x is not null && y is not null &&
             x.RuleId == y.RuleId && x.File == y.File && x.Span == y.Span && x.Function == y.Function &&
             x.Key == y.Key && x.Message == y.Message && x.FixHint == y.FixHint &&
             Items(x.Evidence).SequenceEqual(Items(y.Evidence)) &&
             x.Fix?.Title == y.Fix?.Title && Items(x.Fix?.Edits ?? default).SequenceEqual(Items(y.Fix?.Edits ?? default)));

        public int GetHashCode(RawFinding f) => HashCode.Combine(f.RuleId, f.File, f.Span, f.Function, f.Key, f.Message);
    }
}
