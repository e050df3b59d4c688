using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Folint.Analyzer.Model;
using Folint.Analyzer.Contracts;

namespace Folint.CSource.Engine;

/// <summary>
/// The tree's index as seen by one file whose text differs from disk (an editor buffer): every answer about that
/// file comes from its unit, every other answer from the tree's index.
/// </summary>
internal sealed class OverlayIndex : IProgramIndex
{
    private readonly ProgramIndex _tree;
    private readonly SourceUnit _unit;
    private readonly Lazy<ILookup<string, CallSite>> _calls;

    public OverlayIndex(ProgramIndex tree, SourceUnit unit)
    {
        _tree = tree;
        _unit = unit;
        _calls = new Lazy<ILookup<string, CallSite>>(
            () => Functions.SelectMany(f => ModelWalker.Calls(f)
                    .Where(c => c.CalleeName is not null)
                    .Select(c => new CallSite(unit.Path, f.Name, c.CalleeName!, c.Span)))
                .ToLookup(c => c.Callee, StringComparer.Ordinal),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private ImmutableArray<FunctionDef> Functions => _unit.Functions.IsDefault ? ImmutableArray<FunctionDef>.Empty : _unit.Functions;

    public IReadOnlyList<FunctionSymbol> FunctionsNamed(string name, CancellationToken cancellationToken = default) =>
        _tree.FunctionsNamed(name, cancellationToken)
            .Where(s => !IsOverlay(s.File))
            .Concat(Functions.Where(f => f.Name == name).Select(f => new FunctionSymbol(_unit.Path, f)))
            .OrderBy(s => s.File, StringComparer.Ordinal)
            .ToImmutableArray();

    public IReadOnlyList<CallSite> CallersOf(string callee, CancellationToken cancellationToken = default) =>
        _tree.CallersOf(callee, cancellationToken)
            .Where(c => !IsOverlay(c.File))
            .Concat(_calls.Value[callee])
            .OrderBy(c => c.File, StringComparer.Ordinal)
            .ToImmutableArray();

    public IReadOnlyList<FunctionSymbol> FunctionsNamedIn(string name, string file, CancellationToken cancellationToken = default) =>
        IsOverlay(file)
            ? Functions.Where(f => f.Name == name).Select(f => new FunctionSymbol(_unit.Path, f)).ToImmutableArray()
            : _tree.FunctionsNamedIn(name, file, cancellationToken);

    public IReadOnlyList<CallSite> IndirectUsesOf(string function, CancellationToken cancellationToken = default) =>
        _tree.IndirectUsesOf(function, cancellationToken);

    public int MentionCount(string name) => _tree.MentionCount(name);

    public bool IsWholeTree => _tree.IsWholeTree;

    public SourceUnit? UnitAt(string path, CancellationToken cancellationToken = default) =>
        IsOverlay(path) ? _unit : _tree.UnitAt(path, cancellationToken);

    public LineMap? LinesOf(string path) => IsOverlay(path) ? _unit.Lines : _tree.LinesOf(path);

    private bool IsOverlay(string path) => ProgramIndex.Normalize(path) == _unit.Path;
}
