using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Folint.Analyzer.Contracts;
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
    /// Checks <paramref name="file"/> (its tree-relative path and its current text) against the tree, along the same
    /// <see cref="FilePipeline"/> as <c>folint check</c>: its suppression comments hide what they hide there, FOL900
    /// reports what it reports there, and unused suppressions are said. Its findings are located in that text;
    /// evidence in other files is located in their copy on disk.
    /// </summary>
    public CheckResult Check(SourceFile file, CancellationToken cancellationToken = default)
    {
        var index = Volatile.Read(ref _index) ?? throw new InvalidOperationException("the tree's index is not built yet: call BuildIndex first");
        var clock = Stopwatch.StartNew();
        var pipeline = _engine.Pipeline(_options);
        var prepared = pipeline.Prepare(file, _options.MaxFileSize, cancellationToken);
        var startProblems = new ConcurrentBag<InputProblem>();
        FileOutcome outcome;
        if (prepared.Unit is { } unit)
        {
            var overlay = new OverlayIndex(index, unit);
            var run = CheckEngine.Start(_engine.RulesFor(_options), overlay, withTriggers: false, file.Path, startProblems.Add, cancellationToken);
            outcome = pipeline.Check(prepared, run.Analyzers, overlay, overlay.LinesOf, cancellationToken);
        }
        else
        {
            outcome = pipeline.Check(prepared, ImmutableArray<(ISourceRule, SourceRuleAnalyzer)>.Empty, index, index.LinesOf, cancellationToken);
        }

        var functions = prepared.Unit is null || prepared.Unit.Functions.IsDefault ? ImmutableArray<FunctionDef>.Empty : prepared.Unit.Functions;
        var stats = new RunStats(
            Files: 1,
            ParsedFiles: prepared.Unit is null ? 0 : 1,
            Functions: functions.Length,
            FunctionsWithParseErrors: functions.Count(f => f.HasParseErrors),
            ElapsedSeconds: clock.Elapsed.TotalSeconds);
        return new CheckResult(
            outcome.Findings,
            outcome.Problems.Concat(startProblems).Distinct().OrderBy(p => p.Path, StringComparer.Ordinal).ThenBy(p => p.Reason, StringComparer.Ordinal).ToImmutableArray(),
            stats)
        {
            Notes = prepared.Note is null ? ImmutableArray<InputNote>.Empty : ImmutableArray.Create(prepared.Note),
            Suppressed = outcome.Suppressed,
            Suppressions = outcome.Suppressions,
        };
    }

    /// <summary>A tree file changed on disk (saved, checked out): what the index knows of it is read again when next needed.</summary>
    public void FileChanged(string path) => Volatile.Read(ref _index)?.Forget(path);
}
