using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Folint.Analyzer.Model;
using Folint.Analyzer.Rules;

namespace Folint.CSource.Engine;

/// <summary>
/// The whole-tree questions of one run, answered from the checked units, plus tree files parsed on demand.
/// </summary>
/// <remarks>
/// <see cref="FunctionsNamed"/> and <see cref="CallersOf"/> answer over the files being checked only: checking
/// mm/ alone does not see callers in fs/. A whole-tree identifier index (a later issue) will widen them; until
/// then a rule that needs a complete answer must say so in its rationale. Both are built before any rule runs,
/// so answers never depend on the order in which rules ask.
/// </remarks>
internal sealed class ProgramIndex : IProgramIndex
{
    private readonly ImmutableDictionary<string, SourceUnit> _checked;
    private readonly ImmutableDictionary<string, ImmutableArray<FunctionSymbol>> _functions;
    private readonly ImmutableDictionary<string, ImmutableArray<CallSite>> _callers;
    private readonly ConcurrentDictionary<string, Lazy<SourceUnit?>> _onDemand = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<LineMap?>> _lineMaps = new(StringComparer.Ordinal);
    private readonly ISourceFrontend _frontend;
    private readonly string _treeRoot;
    private readonly long _maxFileSize;
    private readonly Action<InputProblem> _problem;
    private readonly Action<InputNote> _note;
    private readonly ImmutableHashSet<string> _unusable;
    private readonly SourceOverlay _overlay;

    /// <param name="unusable">Checked files that could not be read or parsed: already reported, never retried.</param>
    public ProgramIndex(
        IEnumerable<SourceUnit> units,
        IEnumerable<string> unusable,
        ISourceFrontend frontend,
        string treeRoot,
        long maxFileSize,
        Action<InputProblem> problem,
        Action<InputNote> note,
        CancellationToken cancellationToken,
        SourceOverlay? overlay = null)
    {
        _overlay = overlay ?? SourceOverlay.None;
        _frontend = frontend;
        _treeRoot = treeRoot;
        _maxFileSize = maxFileSize;
        _problem = problem;
        _note = note;
        _unusable = unusable.ToImmutableHashSet(StringComparer.Ordinal);

        var byPath = ImmutableDictionary.CreateBuilder<string, SourceUnit>(StringComparer.Ordinal);
        var functions = new Dictionary<string, ImmutableArray<FunctionSymbol>.Builder>(StringComparer.Ordinal);
        var callers = new Dictionary<string, ImmutableArray<CallSite>.Builder>(StringComparer.Ordinal);
        foreach (var unit in units.OrderBy(u => u.Path, StringComparer.Ordinal))
        {
            byPath[unit.Path] = unit;
            foreach (var function in Items(unit.Functions))
            {
                cancellationToken.ThrowIfCancellationRequested();
                Add(functions, function.Name, new FunctionSymbol(unit.Path, function));
                foreach (var call in ModelWalker.Calls(function))
                {
                    if (call.CalleeName is { } callee)
                        Add(callers, callee, new CallSite(unit.Path, function.Name, callee, call.Span));
                }
            }
        }
        _checked = byPath.ToImmutable();
        _functions = functions.ToImmutableDictionary(p => p.Key, p => p.Value.ToImmutable(), StringComparer.Ordinal);
        _callers = callers.ToImmutableDictionary(p => p.Key, p => p.Value.ToImmutable(), StringComparer.Ordinal);
    }

    public IReadOnlyList<FunctionSymbol> FunctionsNamed(string name, CancellationToken cancellationToken = default) =>
        _functions.TryGetValue(name, out var found) ? found : ImmutableArray<FunctionSymbol>.Empty;

    public IReadOnlyList<CallSite> CallersOf(string callee, CancellationToken cancellationToken = default) =>
        _callers.TryGetValue(callee, out var found) ? found : ImmutableArray<CallSite>.Empty;

    /// <summary>
    /// A checked unit, or any file of the tree parsed on first request and kept for the rest of the run (the
    /// tree's include/linux/page-flags.h when only mm/ is checked). Null when the tree has no such file.
    /// </summary>
    public SourceUnit? UnitAt(string path, CancellationToken cancellationToken = default)
    {
        var key = Normalize(path);
        if (_checked.TryGetValue(key, out var unit))
            return unit;
        if (_unusable.Contains(key))
            return null;
        while (true)
        {
            var load = _onDemand.GetOrAdd(key, k => new Lazy<SourceUnit?>(() => Load(k, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication));
            try
            {
                return load.Value;
            }
            catch (OperationCanceledException)
            {
                // A Lazy keeps its exception: a load cancelled by one caller would fail every later question about
                // the file (in an editor session, every later check). Drop it; a caller not itself cancelled loads again.
                _onDemand.TryRemove(new KeyValuePair<string, Lazy<SourceUnit?>>(key, load));
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>The line map of any tree file, for locating evidence; null when the file cannot be read.</summary>
    public LineMap? LinesOf(string path)
    {
        var key = Normalize(path);
        if (_checked.TryGetValue(key, out var unit))
            return unit.Lines;
        if (_onDemand.TryGetValue(key, out var loaded) && loaded.Value is { } parsed)
            return parsed.Lines;
        return _lineMaps.GetOrAdd(key, k => new Lazy<LineMap?>(() =>
        {
            var file = TreeFile(k);
            if (file is null)
                return null;
            var read = SourceReader.Read(file, _maxFileSize, _overlay);
            return read.File is null ? null : LineMap.FromBytes(read.File.Content);
        })).Value;
    }

    /// <summary>
    /// A tree file changed on disk: its on-demand unit and line map are read again when next asked for. Checked
    /// units are the run's own input and stay as they are.
    /// </summary>
    public void Forget(string path)
    {
        var key = Normalize(path);
        _onDemand.TryRemove(key, out _);
        _lineMaps.TryRemove(key, out _);
    }

    public IEnumerable<SourceUnit> OnDemandUnits =>
        _onDemand.Values.Where(l => l.IsValueCreated).Select(l => l.Value).OfType<SourceUnit>();

    private SourceUnit? Load(string path, CancellationToken cancellationToken)
    {
        var file = TreeFile(path);
        if (file is null)
            return null;
        var read = SourceReader.Read(file, _maxFileSize, _overlay);
        if (read.Note is not null)
            _note(read.Note);
        if (read.Problem is not null)
        {
            _problem(read.Problem);
            return null;
        }
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
            _problem(CheckEngine.InternalError(path, "parse", e));
            return null;
        }
    }

    /// <summary>The file at a tree-relative path; null when it does not exist or the path leaves the tree.</summary>
    private DiscoveredFile? TreeFile(string path)
    {
        if (path.Length == 0 || Path.IsPathRooted(path))
            return null;
        var full = Path.GetFullPath(Path.Combine(_treeRoot, path));
        if (!SourceDiscovery.IsAtOrBelow(full, _treeRoot))
            return null;
        if (_overlay.TryGet(Normalize(path), out var content))
            return content is null ? null : new DiscoveredFile(Normalize(path), full);
        if (!File.Exists(full))
            return null;
        return new DiscoveredFile(path, full);
    }

    internal static string Normalize(string path)
    {
        var normalized = path.Replace('\\', '/');
        while (normalized.StartsWith("./", StringComparison.Ordinal))
            normalized = normalized.Substring(2);
        return normalized;
    }

    private static void Add<T>(Dictionary<string, ImmutableArray<T>.Builder> map, string key, T value)
    {
        if (!map.TryGetValue(key, out var list))
            map[key] = list = ImmutableArray.CreateBuilder<T>();
        list.Add(value);
    }

    private static ImmutableArray<T> Items<T>(ImmutableArray<T> items) => items.IsDefault ? ImmutableArray<T>.Empty : items;
}
