using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Folint.Analyzer.Catalog;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Findings;
using Folint.Analyzer.Model;

namespace Folint.CSource.Engine;

/// <summary>
/// One file's way through folint, the same for <c>folint check</c> (<see cref="CheckEngine"/>, many files at once) and
/// the editor (<see cref="TreeSession"/>, one buffer): read, suppression scan, parse (<see cref="Prepare(DiscoveredFile, long, SourceOverlay, Func{string, SourceUnit}, CancellationToken)"/>),
/// then the rules, FOL900, resolution and the file's suppressions (<see cref="Check"/>), as ast-grep's CombinedScan
/// serves its command line and its language server. The two halves meet the whole-run index between them: a check
/// of many files parses them all before any rule asks the index about the others.
/// </summary>
/// <remarks>
/// Every file has one time budget for the whole way (<see cref="FileBudget"/>): a file that spends it, in whichever
/// stage, is skipped with the stage named (exit 2) and the run goes on. A failure of a stage is the file's problem,
/// never the run's: an internal error (exit 3) with the stage named, or, when the file's content is the cause, a
/// skipped file (exit 2).
/// </remarks>
internal sealed class FilePipeline
{
    private readonly ISourceFrontend _frontend;
    private readonly RuleCatalog _catalog;
    private readonly ImmutableHashSet<string>? _enabled;
    private readonly TimeSpan _budget;

    /// <param name="enabled">Rule ids whose findings are reported (<c>--rules</c>); null reports every rule's.</param>
    public FilePipeline(ISourceFrontend frontend, RuleCatalog catalog, ImmutableHashSet<string>? enabled, TimeSpan budget)
    {
        _frontend = frontend;
        _catalog = catalog;
        _enabled = enabled;
        _budget = budget;
    }

    /// <summary>Reads a file of the run (through the overlay of a patch), scans its suppression comments and parses it.</summary>
    /// <param name="alreadyParsed">A unit the run's index already parsed for this path (it is not parsed twice).</param>
    public PreparedFile Prepare(DiscoveredFile file, long maxFileSize, SourceOverlay overlay, Func<string, SourceUnit?> alreadyParsed, CancellationToken cancellationToken)
    {
        var budget = new FileBudget(_budget);
        var read = budget.Measure(() => SourceReader.Read(file, maxFileSize, overlay));
        return Prepare(file.Path, read, budget, alreadyParsed, cancellationToken);
    }

    /// <summary>Takes a file's text from memory (an editor's buffer), refused for what a file on disk would be refused for.</summary>
    public PreparedFile Prepare(SourceFile file, long maxFileSize, CancellationToken cancellationToken) =>
        Prepare(file.Path, SourceReader.FromContent(file.Path, file.Content, maxFileSize), new FileBudget(_budget), _ => null, cancellationToken);

    private PreparedFile Prepare(string path, SourceRead read, FileBudget budget, Func<string, SourceUnit?> alreadyParsed, CancellationToken cancellationToken)
    {
        var prepared = new PreparedFile(path, budget) { Note = read.Note };
        if (read.File is not { } file)
        {
            prepared.Problems.Add(read.Problem!);
            return prepared;
        }
        prepared.Suppressions = budget.Measure(() => SuppressionScanner.Scan(path, file.Content));
        if (alreadyParsed(path) is { } unit)
        {
            prepared.Unit = unit;
            return prepared;
        }
        // Kept only for a file left unparsed (its FOL900 findings are still located): a parsed unit has its own line
        // map, and the text of hundreds of prepared files must not stay in memory until their rules have run.
        prepared.Lines = new Lazy<LineMap>(() => LineMap.FromBytes(file.Content));
        try
        {
            prepared.Unit = budget.Run("parse", token => _frontend.Build(file, token), cancellationToken);
            prepared.Lines = null;
        }
        catch (FileBudgetSpentException spent)
        {
            prepared.Problems.Add(spent.Problem(path));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            prepared.Problems.Add(Problems.OfStage(path, "parse", e));
        }
        return prepared;
    }

    /// <summary>
    /// The rules on a prepared file, FOL900 on its suppression comments, its findings resolved, and its suppressions
    /// applied. A file that could not be parsed, or spent its budget, gets no rule findings, and its suppressions are
    /// neither used nor unused (nothing was there to judge them by).
    /// </summary>
    /// <param name="index">The whole-run index the rules ask (for the editor, the tree's index as this buffer changes it).</param>
    /// <param name="linesOf">Line maps of the other files findings point into (evidence, fix edits).</param>
    public FileOutcome Check(PreparedFile file, ImmutableArray<(ISourceRule Rule, SourceRuleAnalyzer Analyzer)> rules, IProgramIndex index, Func<string, LineMap?> linesOf, CancellationToken cancellationToken)
    {
        var problems = new List<InputProblem>(file.Problems);
        var raw = new List<RawFinding>();
        var ran = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (file.Unit is { } unit)
        {
            try
            {
                file.Budget.Run("rules", token => Analyze(unit, rules, index, problems, raw, ran, token), cancellationToken);
            }
            catch (FileBudgetSpentException spent)
            {
                // The file was not checked to the end: none of its findings is reported, and none of its suppressions judged.
                problems.Add(spent.Problem(file.Path));
                raw.Clear();
                ran.Clear();
            }
        }

        var suppressions = file.Suppressions is null ? ImmutableArray<FileSuppressions>.Empty : ImmutableArray.Create(file.Suppressions);
        if (_catalog.TryGet(SuppressionRule.RuleId, out var fol900) && Enabled(SuppressionRule.RuleId))
            raw.AddRange(SuppressionRule.Findings(suppressions, file.Unit, _catalog, fol900));
        LineMap? LinesOf(string path) => path == file.Path ? file.Unit?.Lines ?? file.Lines?.Value : linesOf(path);
        var findings = FindingResolution.Resolve(raw.Where(f => Enabled(f.RuleId)), _catalog, LinesOf, problems.Add);
        var (kept, suppressed, all) = SuppressionRule.Apply(findings, suppressions, ran.Contains);
        return new FileOutcome(kept, suppressed, all, problems.ToImmutableArray());
    }

    private bool Enabled(string ruleId) => _enabled is null || _enabled.Contains(ruleId);

    private void Analyze(SourceUnit unit, ImmutableArray<(ISourceRule Rule, SourceRuleAnalyzer Analyzer)> rules, IProgramIndex index, List<InputProblem> problems, List<RawFinding> raw, HashSet<string> ran, CancellationToken cancellationToken)
    {
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
                problems.Add(Problems.OfStage(unit.Path, "rule " + rule.Id, e));
                continue;
            }
            raw.AddRange(sink);
            ran.Add(rule.Id);
        }
    }
}

/// <summary>A file read, scanned for suppressions and parsed (or not, with the problem why), waiting for its rules.</summary>
internal sealed class PreparedFile
{
    public PreparedFile(string path, FileBudget budget)
    {
        Path = path;
        Budget = budget;
    }

    public string Path { get; }

    /// <summary>What the file has spent of its time so far.</summary>
    public FileBudget Budget { get; }

    /// <summary>The parsed file; null when it could not be read or parsed (<see cref="Problems"/> says why).</summary>
    public SourceUnit? Unit { get; set; }

    public FileSuppressions? Suppressions { get; set; }

    /// <summary>The line map of the file's text, for a file that was read but not parsed (FOL900 is still located).</summary>
    public Lazy<LineMap>? Lines { get; set; }

    public List<InputProblem> Problems { get; } = new();

    public InputNote? Note { get; init; }
}

/// <summary>What one file gave: findings left after its suppressions, the ones they hid, its suppressions, its problems.</summary>
internal sealed record FileOutcome(
    ImmutableArray<Finding> Findings,
    ImmutableArray<SuppressedFinding> Suppressed,
    ImmutableArray<Suppression> Suppressions,
    ImmutableArray<InputProblem> Problems);

/// <summary>
/// The time one file may take through the whole pipeline, added up over its stages (read, suppression scan, parse,
/// rules): a hostile file of 100,000 unclosed braces once took minutes in the lowering and was never named. Wall-clock
/// time, so a machine under heavy load spends it sooner; the default (20 s) is tens of times what the slowest kernel
/// file takes.
/// </summary>
internal sealed class FileBudget
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(20);

    private TimeSpan _spent;

    public FileBudget(TimeSpan limit)
    {
        Limit = limit;
    }

    public TimeSpan Limit { get; }

    /// <summary>Counts the time of a stage that cannot be interrupted (a bounded read, a linear scan).</summary>
    public T Measure<T>(Func<T> stage)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            return stage();
        }
        finally
        {
            _spent += clock.Elapsed;
        }
    }

    /// <summary>Runs a stage that gives nothing back (<see cref="Run{T}"/>).</summary>
    public void Run(string stage, Action<CancellationToken> work, CancellationToken run) =>
        Run(stage, token =>
        {
            work(token);
            return 0;
        }, run);

    /// <summary>
    /// Runs a stage with a token that fires when the file's budget is spent or the run is cancelled; throws
    /// <see cref="FileBudgetSpentException"/> naming <paramref name="stage"/> when it was the budget.
    /// </summary>
    public T Run<T>(string stage, Func<CancellationToken, T> work, CancellationToken run)
    {
        if (Limit == Timeout.InfiniteTimeSpan)
            return Measure(() => work(run));
        var remaining = Limit - _spent;
        if (remaining <= TimeSpan.Zero)
            throw new FileBudgetSpentException(stage, Limit);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(run);
        budget.CancelAfter(remaining);
        try
        {
            return Measure(() => work(budget.Token));
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !run.IsCancellationRequested)
        {
            throw new FileBudgetSpentException(stage, Limit);
        }
    }
}

/// <summary>A file spent its time budget in <see cref="Stage"/>.</summary>
internal sealed class FileBudgetSpentException(string stage, TimeSpan limit)
    : Exception($"checking took longer than {limit.TotalSeconds:0.#} s (in {stage})")
{
    public string Stage { get; } = stage;

    /// <summary>The file is skipped (exit 2) with the stage it was in; it says how to check it anyway.</summary>
    public InputProblem Problem(string path) =>
        new(path, FormattableString.Invariant($"skipped: checking took longer than {limit.TotalSeconds:0.#} s (in {Stage}); a file this slow is generated or hostile C"))
        {
            Kind = InputProblemKind.Unusable,
        };
}

/// <summary>What a failed stage means for its file.</summary>
internal static class Problems
{
    /// <summary>
    /// A stage failed on a file: skipped with the reason when the file's content is the cause, not checked by a rule when
    /// the tree lacks what the rule needs (<see cref="UncheckableUnitException"/>), else an internal error.
    /// </summary>
    public static InputProblem OfStage(string path, string stage, Exception e) => e switch
    {
        UncheckableSourceException uncheckable => new(path, "skipped: " + uncheckable.Reason),
        UncheckableUnitException unit => new(path, $"not checked by {stage}: {unit.Message}"),
        _ => new(path, $"internal error in {stage}: {e.Message} ({e.GetType().Name})") { Kind = InputProblemKind.InternalError },
    };
}
