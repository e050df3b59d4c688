using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Folint.Analyzer.Findings;
using Folint.Analyzer.Model;

namespace Folint.CSource.Engine;

/// <summary>
/// A kernel tree held open for repeated checks of single files whose text may differ from the copy on disk: an
/// editor's buffers. The tree-wide index is built once (<see cref="BuildIndex"/>, in the background of an editor
/// session); each <see cref="Check"/> then parses only its own file, which stands in for the disk version in every
/// answer the index gives, and runs the rules on it. Thread-safe: checks of different files may run at once.
/// </summary>
public sealed class TreeSession
{
    private readonly CheckEngine _engine;
    private readonly CheckOptions _options;
    private readonly Action<InputProblem> _problem;
    private readonly Action<InputNote> _note;
    private ProgramIndex? _index;

    /// <param name="problem">Problems with tree files the index reads on its own (an unreadable header), reported once per load.</param>
    public TreeSession(
        CheckEngine engine,
        string treeRoot,
        bool hasTreeHeaders,
        CheckOptions? options = null,
        Action<InputProblem>? problem = null,
        Action<InputNote>? note = null)
    {
        _engine = engine;
        TreeRoot = treeRoot;
        HasTreeHeaders = hasTreeHeaders;
        _options = options ?? new CheckOptions();
        _problem = problem ?? (_ => { });
        _note = note ?? (_ => { });
    }

    public string TreeRoot { get; }

    /// <summary>Whether <see cref="TreeRoot"/> is a kernel tree (holds <see cref="SourceDiscovery.TreeMarker"/>).</summary>
    public bool HasTreeHeaders { get; }

    public bool IsIndexed => Volatile.Read(ref _index) is not null;

    /// <summary>
    /// Builds the tree-wide index that every check reuses; call it once, before the first <see cref="Check"/>.
    /// Reports <see cref="CheckStage.Indexing"/> progress.
    /// </summary>
    public void BuildIndex(IProgress<CheckProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var index = new ProgramIndex(
            ImmutableArray<SourceUnit>.Empty, ImmutableArray<string>.Empty, _engine.Frontend, TreeRoot, _options.MaxFileSize, _problem, _note, cancellationToken,
            wholeTree: HasTreeHeaders, generatorHeaders: _engine.GeneratorHeaders);
        // The headers the rules read on every check (page-flags.h: the flags and their accessors) are parsed here,
        // not by the first check of the session.
        var headers = HasTreeHeaders ? ImmutableArray.Create(SourceDiscovery.TreeMarker) : ImmutableArray<string>.Empty;
        progress?.Report(new CheckProgress(CheckStage.Indexing, 0, headers.Length));
        for (var i = 0; i < headers.Length; i++)
        {
            index.UnitAt(headers[i], cancellationToken);
            progress?.Report(new CheckProgress(CheckStage.Indexing, i + 1, headers.Length));
        }
        // the whole-tree identifier index (seconds on a full tree) is built here too, not by the first check
        _ = index.Tree?.Identifiers;
        Volatile.Write(ref _index, index);
    }

    /// <summary>
    /// Checks <paramref name="file"/> (its tree-relative path and its current text) against the tree. Its findings
    /// are located in that text; evidence in other files is located in their copy on disk.
    /// </summary>
    public CheckResult Check(SourceFile file, CancellationToken cancellationToken = default)
    {
        var index = Volatile.Read(ref _index) ?? throw new InvalidOperationException("the tree's index is not built yet: call BuildIndex first");
        var clock = Stopwatch.StartNew();
        var problems = new ConcurrentBag<InputProblem>();
        if (file.Content.Length > _options.MaxFileSize)
        {
            problems.Add(new InputProblem(file.Path, $"skipped: file too large (over {SourceDiscovery.Size(_options.MaxFileSize)})") { Kind = InputProblemKind.OverLimit });
            return Result(ImmutableArray<Finding>.Empty, problems, null, clock);
        }

        SourceUnit unit;
        try
        {
            unit = _engine.Frontend.Build(file, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            problems.Add(CheckEngine.InternalError(file.Path, "parse", e));
            return Result(ImmutableArray<Finding>.Empty, problems, null, clock);
        }

        var overlay = new OverlayIndex(index, unit);
        var run = CheckEngine.Start(_engine.RulesFor(_options), overlay, withTriggers: false, file.Path, problems.Add, cancellationToken);
        var raw = _engine.Analyze(unit, run.Analyzers, overlay, problems, cancellationToken);
        var enabled = _options.EnabledRules;
        var findings = _engine.Resolve(raw.Where(f => enabled is null || enabled.Contains(f.RuleId)), overlay.LinesOf, problems);
        return Result(findings, problems, unit, clock);
    }

    /// <summary>A tree file changed on disk (saved, checked out): what the index knows of it is read again when next needed.</summary>
    public void FileChanged(string path) => Volatile.Read(ref _index)?.Forget(path);

    private static CheckResult Result(ImmutableArray<Finding> findings, ConcurrentBag<InputProblem> problems, SourceUnit? unit, Stopwatch clock)
    {
        var functions = unit is null || unit.Functions.IsDefault ? ImmutableArray<FunctionDef>.Empty : unit.Functions;
        var stats = new RunStats(
            Files: 1,
            ParsedFiles: unit is null ? 0 : 1,
            Functions: functions.Length,
            FunctionsWithParseErrors: functions.Count(f => f.HasParseErrors),
            ElapsedSeconds: clock.Elapsed.TotalSeconds);
        return new CheckResult(
            findings,
            problems.Distinct().OrderBy(p => p.Path, StringComparer.Ordinal).ThenBy(p => p.Reason, StringComparer.Ordinal).ToImmutableArray(),
            stats);
    }
}
