using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Folint.Analyzer.Model;
using Folint.Analyzer.Contracts;
using Folint.CSource.Index;
using Folint.CSource.Preprocessor;

namespace Folint.CSource.Engine;

/// <summary>
/// The whole-tree questions of one run. In a kernel tree, <see cref="FunctionsNamed"/> and <see cref="CallersOf"/>
/// answer over every file of the tree through a <see cref="TreeIndex"/> (an identifier index built on the first
/// such question, then the candidate files parsed on demand); outside a tree they answer over the checked files.
/// Headers listed as generator headers (page-flags.h) come with the functions their macros generate.
/// </summary>
internal sealed class ProgramIndex : IProgramIndex
{
    private ImmutableDictionary<string, SourceUnit> _checked = ImmutableDictionary<string, SourceUnit>.Empty;
    private ImmutableDictionary<string, ImmutableArray<FunctionSymbol>> _functions = ImmutableDictionary<string, ImmutableArray<FunctionSymbol>>.Empty;
    private ImmutableDictionary<string, ImmutableArray<CallSite>> _callers = ImmutableDictionary<string, ImmutableArray<CallSite>>.Empty;
    private readonly Lazy<IdentifierIndex>? _identifiers;
    private readonly ConcurrentDictionary<string, Lazy<SourceUnit?>> _onDemand = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<LineMap?>> _lineMaps = new(StringComparer.Ordinal);
    private readonly ISourceFrontend _frontend;
    private readonly string _treeRoot;
    private readonly long _maxFileSize;
    private readonly Action<InputProblem> _problem;
    private readonly Action<InputNote> _note;
    private ImmutableHashSet<string> _unusable;
    private readonly SourceOverlay _overlay;
    private readonly ImmutableHashSet<string> _generatorHeaders;
    private readonly Lazy<TreeIndex>? _tree;
    private readonly ConcurrentDictionary<string, Lazy<SourceUnit?>> _generated = new(StringComparer.Ordinal);

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
        SourceOverlay? overlay = null,
        bool wholeTree = false,
        IEnumerable<string>? generatorHeaders = null,
        Lazy<IdentifierIndex>? identifiers = null)
    {
        _identifiers = identifiers;
        _overlay = overlay ?? SourceOverlay.None;
        _frontend = frontend;
        _treeRoot = treeRoot;
        _maxFileSize = maxFileSize;
        _problem = problem;
        _note = note;
        _unusable = unusable.ToImmutableHashSet(StringComparer.Ordinal);
        _generatorHeaders = (generatorHeaders ?? Array.Empty<string>()).Select(Normalize).ToImmutableHashSet(StringComparer.Ordinal);
        if (wholeTree)
            _tree = new Lazy<TreeIndex>(CreateTreeIndex, LazyThreadSafetyMode.ExecutionAndPublication);

        SetChecked(units, cancellationToken);
    }

    /// <summary>
    /// Adds the units checked by this run after the index was first used (the prefilter asks the index which files
    /// to parse before they are parsed). Answers given before stay valid: a file's unit is the same whichever way it is parsed.
    /// </summary>
    internal void AddChecked(IEnumerable<SourceUnit> units, IEnumerable<string> unusable, CancellationToken cancellationToken)
    {
        _unusable = _unusable.Union(unusable);
        SetChecked(_checked.Values.Concat(units), cancellationToken);
    }

    private void SetChecked(IEnumerable<SourceUnit> units, CancellationToken cancellationToken)
    {
        var byPath = ImmutableDictionary.CreateBuilder<string, SourceUnit>(StringComparer.Ordinal);
        var functions = new Dictionary<string, ImmutableArray<FunctionSymbol>.Builder>(StringComparer.Ordinal);
        var callers = new Dictionary<string, ImmutableArray<CallSite>.Builder>(StringComparer.Ordinal);
        var ordered = units.OrderBy(u => u.Path, StringComparer.Ordinal).ToArray();
        // Walking every body for its calls is the bulk of the work: done per unit in parallel, merged in path order.
        var calls = new CallSite[ordered.Length][];
        Parallel.For(0, ordered.Length, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var unit = ordered[i];
            var sites = new List<CallSite>();
            foreach (var function in Items(unit.Functions))
            {
                foreach (var call in ModelWalker.Calls(function))
                {
                    if (call.CalleeName is { } callee)
                        sites.Add(new CallSite(unit.Path, function.Name, callee, call.Span));
                }
            }
            calls[i] = sites.ToArray();
        });
        for (var i = 0; i < ordered.Length; i++)
        {
            var unit = ordered[i];
            byPath[unit.Path] = unit;
            foreach (var function in Items(unit.Functions))
                Add(functions, function.Name, new FunctionSymbol(unit.Path, function));
            foreach (var site in calls[i])
                Add(callers, site.Callee, site);
        }
        _checked = byPath.ToImmutable();
        _functions = functions.ToImmutableDictionary(p => p.Key, p => p.Value.ToImmutable(), StringComparer.Ordinal);
        _callers = callers.ToImmutableDictionary(p => p.Key, p => p.Value.ToImmutable(), StringComparer.Ordinal);
    }

    public bool IsWholeTree => _tree is not null;

    /// <summary>
    /// The unit of a tree file that a whole-tree question has already parsed (the triggers' search for wrappers
    /// parses many of the files a run then checks), so the check need not parse it again; null otherwise.
    /// </summary>
    internal SourceUnit? AlreadyParsed(string path)
    {
        var key = Normalize(path);
        if (_generatorHeaders.Contains(key))
            return null; // held with the functions its macros generate, which the checked unit does not have
        if (_onDemand.TryGetValue(key, out var loaded) && loaded.IsValueCreated)
            return loaded.Value;
        return _tree is { IsValueCreated: true } tree ? tree.Value.Parsed(key) : null;
    }

    /// <summary>The tree index, built on first use; null outside a kernel tree.</summary>
    public TreeIndex? Tree => _tree?.Value;

    public IReadOnlyList<FunctionSymbol> FunctionsNamed(string name, CancellationToken cancellationToken = default)
    {
        if (_tree is not null)
            return _tree.Value.FunctionsNamed(name, cancellationToken);
        return _functions.TryGetValue(name, out var found) ? found : ImmutableArray<FunctionSymbol>.Empty;
    }

    public IReadOnlyList<FunctionSymbol> FunctionsNamedIn(string name, string file, CancellationToken cancellationToken = default)
    {
        if (_tree is not null)
            return _tree.Value.FunctionsNamedIn(name, Normalize(file), cancellationToken);
        return FunctionsNamed(name, cancellationToken).Where(f => f.File == Normalize(file)).ToImmutableArray();
    }

    public IReadOnlyList<CallSite> CallersOf(string callee, CancellationToken cancellationToken = default)
    {
        if (_tree is not null)
            return _tree.Value.CallersOf(callee, cancellationToken);
        return _callers.TryGetValue(callee, out var found) ? found : ImmutableArray<CallSite>.Empty;
    }

    public int MentionCount(string name) => _tree is not null ? _tree.Value.CandidateFiles(name).Count() : 0;

    public IReadOnlyList<CallSite> IndirectUsesOf(string function, CancellationToken cancellationToken = default) =>
        _tree is not null ? _tree.Value.IndirectUsesOf(function, cancellationToken) : CheckedIndirectUses(function);

    /// <summary>Outside a tree: the checked files' mentions of a function that do not call it (its address passed or stored).</summary>
    private ImmutableArray<CallSite> CheckedIndirectUses(string function)
    {
        var found = ImmutableArray.CreateBuilder<CallSite>();
        foreach (var unit in _checked.Values.OrderBy(u => u.Path, StringComparer.Ordinal))
        {
            foreach (var definition in Items(unit.Functions))
            {
                var callees = new HashSet<Node>(ModelWalker.Calls(definition).Select(c => (Node)c.Callee), NodeIdentity.Instance);
                foreach (var name in ModelWalker.DescendantsOfType<NameExpr>(definition.Body))
                {
                    if (name.Identifier == function && !callees.Contains(name))
                        found.Add(new CallSite(unit.Path, definition.Name, function, name.Span));
                }
            }
        }
        return found.ToImmutable();
    }

    private TreeIndex CreateTreeIndex()
    {
        var identifiers = _identifiers ?? new Lazy<IdentifierIndex>(() => IdentifierIndex.Build(_treeRoot, _maxFileSize), LazyThreadSafetyMode.ExecutionAndPublication);
        var generated = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var header in _generatorHeaders.OrderBy(h => h, StringComparer.Ordinal))
        {
            if (UnitAt(header) is not { } unit)
                continue;
            foreach (var function in Items(unit.Functions))
            {
                if (!generated.TryGetValue(function.Name, out var files))
                    generated[function.Name] = files = new List<string>();
                if (!files.Contains(header))
                    files.Add(header);
            }
        }
        return new TreeIndex(
            _treeRoot,
            identifiers,
            (path, token) => TreeUnit(path, token),
            generated.ToImmutableDictionary(p => p.Key, p => p.Value.ToImmutableArray(), StringComparer.Ordinal));
    }

    /// <summary>A unit for the tree index: checked units and generator headers as held here, others parsed afresh (the index bounds them).</summary>
    private SourceUnit? TreeUnit(string path, CancellationToken cancellationToken)
    {
        var key = Normalize(path);
        if (_generatorHeaders.Contains(key))
            return UnitAt(key, cancellationToken);
        if (_checked.TryGetValue(key, out var unit))
            return unit;
        if (_unusable.Contains(key))
            return null;
        if (_onDemand.ContainsKey(key))
            return UnitAt(key, cancellationToken);
        return Load(key, cancellationToken);
    }

    /// <summary>
    /// A checked unit, or any file of the tree parsed on first request and kept for the rest of the run (the
    /// tree's include/linux/page-flags.h when only mm/ is checked). Null when the tree has no such file.
    /// </summary>
    public SourceUnit? UnitAt(string path, CancellationToken cancellationToken = default)
    {
        var key = Normalize(path);
        if (_generatorHeaders.Contains(key))
            return Once(_generated, key, LoadGenerator, cancellationToken);
        if (_checked.TryGetValue(key, out var unit))
            return unit;
        if (_unusable.Contains(key))
            return null;
        return Once(_onDemand, key, Load, cancellationToken);
    }

    /// <summary>The unit of <paramref name="key"/>, loaded once for every caller that asks while it loads.</summary>
    private static SourceUnit? Once(ConcurrentDictionary<string, Lazy<SourceUnit?>> loads, string key, Func<string, CancellationToken, SourceUnit?> load, CancellationToken cancellationToken)
    {
        while (true)
        {
            var once = loads.GetOrAdd(key, k => new Lazy<SourceUnit?>(() => load(k, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication));
            try
            {
                return once.Value;
            }
            catch (OperationCanceledException)
            {
                // A Lazy keeps its exception: a load cancelled by one caller would fail every later question about
                // the file (in an editor session, every later check). Drop it; a caller not itself cancelled loads again.
                loads.TryRemove(new KeyValuePair<string, Lazy<SourceUnit?>>(key, once));
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>The line map of any tree file, for locating evidence; null when the file cannot be read.</summary>
    public LineMap? LinesOf(string path)
    {
        var key = Normalize(path);
        if (_generated.TryGetValue(key, out var generated) && generated.IsValueCreated && generated.Value is { } augmented)
            return augmented.Lines;
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
        _generated.TryRemove(key, out _);
        if (_tree is { IsValueCreated: true })
            _tree.Value.Forget(key);
    }

    public IEnumerable<SourceUnit> OnDemandUnits =>
        _onDemand.Values.Where(l => l.IsValueCreated).Select(l => l.Value).OfType<SourceUnit>();

    /// <summary>A generator header with the functions its own macros generate (see <see cref="GeneratedFunctions"/>).</summary>
    private SourceUnit? LoadGenerator(string path, CancellationToken cancellationToken)
    {
        var file = TreeFile(path);
        if (file is null)
            return null;
        var read = SourceReader.Read(file, _maxFileSize, _overlay);
        if (read.File is null)
            return _checked.TryGetValue(path, out var fallback) ? fallback : Load(path, cancellationToken);
        try
        {
            var unit = _checked.TryGetValue(path, out var checkedUnit) ? checkedUnit : _frontend.Build(read.File, cancellationToken);
            return GeneratedFunctions.Augment(unit, read.File.Content, _frontend, cancellationToken, leftOut: text => _note(new InputNote(path, text)));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            Report(Problems.OfStage(path, "macro expansion", e));
            return _checked.TryGetValue(path, out var fallback) ? fallback : null;
        }
    }

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
            Report(read.Problem);
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
            Report(Problems.OfStage(path, "parse", e));
            return null;
        }
    }

    /// <summary>
    /// A file read on demand (for a definition, a caller, a header's generated functions) is not an input of the run:
    /// what keeps it from being read or parsed is a note, and the exit code stays the verdict on the inputs. An input
    /// that fails is reported by the engine, which reads every input itself; a failure of folint stays an internal error.
    /// </summary>
    private void Report(InputProblem problem)
    {
        if (problem.Kind == InputProblemKind.InternalError)
        {
            _problem(problem);
            return;
        }
        var reason = problem.Reason.StartsWith("skipped: ", StringComparison.Ordinal) ? problem.Reason.Substring("skipped: ".Length) : problem.Reason;
        _note(new InputNote(problem.Path, $"read for what it defines, but not usable: {reason}; the rules do not see its definitions"));
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
