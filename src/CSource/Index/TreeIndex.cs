using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Folint.Analyzer.Model;
using Folint.Analyzer.Contracts;

using Folint.CSource.Engine;

namespace Folint.CSource.Index;

/// <summary>
/// Whole-tree answers to "where is this function defined" and "who calls it": the <see cref="IdentifierIndex"/>
/// narrows a name to the files that mention it, and only those are parsed, on demand, through a bounded cache of
/// units. Thread-safe; every answer is the same whatever order questions come in.
/// </summary>
internal sealed class TreeIndex
{
    private readonly string _treeRoot;
    private readonly Lazy<IdentifierIndex> _identifiers;
    private readonly Func<string, CancellationToken, SourceUnit?> _unitAt;
    private readonly UnitCache _cache;
    private readonly ConcurrentDictionary<string, ImmutableArray<CallSite>> _callers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ImmutableArray<CallSite>> _indirectUses = new(StringComparer.Ordinal);
    private readonly ImmutableDictionary<string, ImmutableArray<string>> _generatedNames;

    /// <param name="unitAt">Gives the unit of a tree file (a checked unit, or parsed for this question); null when unusable.</param>
    /// <param name="generatedNames">Function names a header generates with its macros (not in its text), to that header's path.</param>
    public TreeIndex(
        string treeRoot,
        Lazy<IdentifierIndex> identifiers,
        Func<string, CancellationToken, SourceUnit?> unitAt,
        ImmutableDictionary<string, ImmutableArray<string>>? generatedNames = null,
        int cacheFiles = 512,
        long cacheBytes = 96L * 1024 * 1024)
    {
        _treeRoot = treeRoot;
        _identifiers = identifiers;
        _unitAt = unitAt;
        _generatedNames = generatedNames ?? ImmutableDictionary<string, ImmutableArray<string>>.Empty;
        _cache = new UnitCache(cacheFiles, cacheBytes);
    }

    public IdentifierIndex Identifiers => _identifiers.Value;

    /// <summary>Units parsed by this index so far (not the checked units, which the caller holds).</summary>
    public long UnitsParsed => _cache.Loads;

    /// <summary>
    /// Files changed on disk since the identifier index was built (<see cref="Forget"/>), with their keys as they are
    /// now (null: the file is gone). They stand in for the index's entries, so a name an edit adds or removes is
    /// found at once.
    /// </summary>
    private readonly ConcurrentDictionary<string, HashSet<ulong>?> _changed = new(StringComparer.Ordinal);

    /// <summary>Tree files that mention the name: the index's, with the files changed since in their current form.</summary>
    private IEnumerable<string> FilesWith(string name)
    {
        var files = _identifiers.Value.FilesWith(name);
        if (_changed.IsEmpty)
            return files;
        var key = IdentifierIndex.Hash(name);
        return files.Where(f => !_changed.ContainsKey(f))
            .Concat(_changed.Where(c => c.Value is not null && c.Value.Contains(key)).Select(c => c.Key))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Tree files that mention the name, and the headers that generate it.</summary>
    public IEnumerable<string> CandidateFiles(string name)
    {
        var files = FilesWith(name);
        return _generatedNames.TryGetValue(name, out var generators) ? files.Concat(generators).Distinct(StringComparer.Ordinal) : files;
    }

    public ImmutableArray<FunctionSymbol> FunctionsNamed(string name, CancellationToken cancellationToken)
    {
        var found = ImmutableArray.CreateBuilder<FunctionSymbol>();
        var files = CandidateFiles(name).ToArray();
        var entries = Entries(files, withCalls: false, cancellationToken);
        for (var i = 0; i < files.Length; i++)
        {
            if (entries[i] is { } entry && entry.Functions.TryGetValue(name, out var functions))
                found.AddRange(functions.Select(f => new FunctionSymbol(files[i], f)));
        }
        return found.ToImmutable();
    }

    /// <summary>
    /// The entries of <paramref name="files"/>, in their order, loaded in parallel: a name's candidate files are
    /// parsed on demand, and one question (the callers of an accessor) can need dozens of them.
    /// </summary>
    private UnitEntry?[] Entries(string[] files, bool withCalls, CancellationToken cancellationToken)
    {
        var entries = new UnitEntry?[files.Length];
        void Load(int i)
        {
            entries[i] = Entry(files[i], cancellationToken);
            if (withCalls)
                _ = entries[i]?.Calls.Value;
        }
        if (files.Length < 2)
        {
            for (var i = 0; i < files.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Load(i);
            }
            return entries;
        }
        System.Threading.Tasks.Parallel.For(0, files.Length, new System.Threading.Tasks.ParallelOptions { CancellationToken = cancellationToken }, Load);
        return entries;
    }

    public ImmutableArray<FunctionSymbol> FunctionsNamedIn(string name, string file, CancellationToken cancellationToken) =>
        Entry(file, cancellationToken) is { } entry && entry.Functions.TryGetValue(name, out var functions)
            ? functions.Select(f => new FunctionSymbol(file, f)).ToImmutableArray()
            : ImmutableArray<FunctionSymbol>.Empty;

    public ImmutableArray<CallSite> CallersOf(string callee, CancellationToken cancellationToken) =>
        _callers.GetOrAdd(callee, name =>
        {
            var found = ImmutableArray.CreateBuilder<CallSite>();
            foreach (var entry in Entries(CandidateFiles(name).ToArray(), withCalls: true, cancellationToken))
            {
                if (entry is not null && entry.Calls.Value.TryGetValue(name, out var sites))
                    found.AddRange(sites);
            }
            return found.ToImmutable();
        });

    /// <summary>
    /// Mentions of a function name that are not direct calls in code: its address stored in an operations table, a
    /// macro that calls it, an alias. Such a function has callers no call graph sees. Prototypes and
    /// <c>EXPORT_SYMBOL()</c> lines do not count.
    /// </summary>
    public ImmutableArray<CallSite> IndirectUsesOf(string name, CancellationToken cancellationToken) =>
        _indirectUses.GetOrAdd(name, n =>
        {
            var found = ImmutableArray.CreateBuilder<CallSite>();
            foreach (var file in FilesWith(n))
            {
                cancellationToken.ThrowIfCancellationRequested();
                byte[] content;
                try
                {
                    content = RegularFile.ReadAll(Path.Combine(_treeRoot, file), RegularFile.MaxReadable, followLinks: false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    continue;
                }
                foreach (var span in NameUses.Indirect(content, n))
                    found.Add(new CallSite(file, "", n, span));
            }
            return found.ToImmutable();
        });

    /// <summary>
    /// A file changed on disk: its identifiers are scanned again (the index answers from its new text), its unit is
    /// parsed again when next needed and the answers that may have come from it are recomputed.
    /// </summary>
    public void Forget(string path)
    {
        HashSet<ulong>? keys = null;
        try
        {
            var keySet = new KeySet();
            FileFacts.Scan(RegularFile.ReadAll(Path.Combine(_treeRoot, path), RegularFile.MaxReadable, followLinks: false), ScanVocabulary.None, keySet);
            keys = new HashSet<ulong>(keySet.ToArray());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // gone or unreadable: it mentions nothing now
        }
        _changed[path] = keys;
        _cache.Remove(path);
        _callers.Clear();
        _indirectUses.Clear();
    }

    /// <summary>The unit of <paramref name="file"/> when a question has already parsed it; nothing is parsed here.</summary>
    public SourceUnit? Parsed(string file) => _cache.Peek(file)?.Unit;

    private UnitEntry? Entry(string file, CancellationToken cancellationToken) =>
        _cache.Get(file, () => _unitAt(file, cancellationToken) is { } unit ? new UnitEntry(unit) : null, cancellationToken);

    /// <summary>A unit with its functions by name and, built on first use, its call sites by callee.</summary>
    internal sealed class UnitEntry
    {
        public UnitEntry(SourceUnit unit)
        {
            Unit = unit;
            Functions = Items(unit.Functions)
                .GroupBy(f => f.Name, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.ToImmutableArray(), StringComparer.Ordinal);
            Calls = new Lazy<Dictionary<string, List<CallSite>>>(() =>
            {
                var calls = new Dictionary<string, List<CallSite>>(StringComparer.Ordinal);
                foreach (var function in Items(unit.Functions))
                {
                    foreach (var call in ModelWalker.Calls(function))
                    {
                        if (call.CalleeName is not { } callee)
                            continue;
                        if (!calls.TryGetValue(callee, out var list))
                            calls[callee] = list = new List<CallSite>();
                        list.Add(new CallSite(unit.Path, function.Name, callee, call.Span));
                    }
                }
                return calls;
            }, LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public SourceUnit Unit { get; }

        public Dictionary<string, ImmutableArray<FunctionDef>> Functions { get; }

        public Lazy<Dictionary<string, List<CallSite>>> Calls { get; }

        public long Size => Unit.Lines.Length;
    }

    private static ImmutableArray<T> Items<T>(ImmutableArray<T> items) => items.IsDefault ? ImmutableArray<T>.Empty : items;

    /// <summary>
    /// Least-recently-used units, bounded by count and by the bytes of their files (a unit's model is a small
    /// multiple of its text). A unit being loaded is loaded once; others asking for it wait for that load.
    /// </summary>
    private sealed class UnitCache
    {
        private readonly int _maxFiles;
        private readonly long _maxBytes;
        private readonly object _gate = new();
        private readonly Dictionary<string, LinkedListNode<(string Path, Lazy<UnitEntry?> Entry)>> _byPath = new(StringComparer.Ordinal);
        private readonly LinkedList<(string Path, Lazy<UnitEntry?> Entry)> _order = new();
        private long _bytes;

        public UnitCache(int maxFiles, long maxBytes)
        {
            _maxFiles = Math.Max(1, maxFiles);
            _maxBytes = Math.Max(1, maxBytes);
        }

        public long Loads;

        /// <summary>The entry of <paramref name="path"/> if it is held and loaded, without loading it.</summary>
        public UnitEntry? Peek(string path)
        {
            lock (_gate)
            {
                return _byPath.TryGetValue(path, out var node) && node.Value.Entry.IsValueCreated ? node.Value.Entry.Value : null;
            }
        }

        /// <remarks>
        /// A load cancelled by its caller's token (an editor check made stale by the next keystroke, a file over its
        /// time budget) is dropped, not kept: a <see cref="Lazy{T}"/> keeps its exception, and every later question
        /// about the file would fail with it. A caller whose own token is not cancelled loads the file again.
        /// </remarks>
        public UnitEntry? Get(string path, Func<UnitEntry?> load, CancellationToken cancellationToken)
        {
            while (true)
            {
                Lazy<UnitEntry?> entry;
                lock (_gate)
                {
                    if (_byPath.TryGetValue(path, out var node))
                    {
                        _order.Remove(node);
                        _order.AddFirst(node);
                        entry = node.Value.Entry;
                    }
                    else
                    {
                        entry = new Lazy<UnitEntry?>(() =>
                        {
                            Interlocked.Increment(ref Loads);
                            return load();
                        }, LazyThreadSafetyMode.ExecutionAndPublication);
                        _byPath[path] = _order.AddFirst((path, entry));
                    }
                }
                UnitEntry? value;
                try
                {
                    value = entry.Value;
                }
                catch (OperationCanceledException)
                {
                    lock (_gate)
                    {
                        if (_byPath.TryGetValue(path, out var node) && ReferenceEquals(node.Value.Entry, entry))
                        {
                            _order.Remove(node);
                            _byPath.Remove(path);
                        }
                    }
                    cancellationToken.ThrowIfCancellationRequested();
                    continue;
                }
                lock (_gate)
                {
                    if (value is not null && _byPath.TryGetValue(path, out var node) && ReferenceEquals(node.Value.Entry, entry) && !_counted.Contains(path))
                    {
                        _counted.Add(path);
                        _bytes += value.Size;
                    }
                    Evict();
                }
                return value;
            }
        }

        private readonly HashSet<string> _counted = new(StringComparer.Ordinal);

        public void Remove(string path)
        {
            lock (_gate)
            {
                if (!_byPath.TryGetValue(path, out var node))
                    return;
                _order.Remove(node);
                _byPath.Remove(path);
                if (_counted.Remove(path) && node.Value.Entry.IsValueCreated)
                    _bytes -= node.Value.Entry.Value?.Size ?? 0;
            }
        }

        private void Evict()
        {
            while ((_byPath.Count > _maxFiles || _bytes > _maxBytes) && _order.Count > 1)
            {
                var last = _order.Last!;
                if (!last.Value.Entry.IsValueCreated)
                    break;
                _order.RemoveLast();
                _byPath.Remove(last.Value.Path);
                if (_counted.Remove(last.Value.Path))
                    _bytes -= last.Value.Entry.Value?.Size ?? 0;
            }
        }
    }
}
