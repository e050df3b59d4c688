using System.Collections.Generic;
using System.Threading;
using Folint.Analyzer.Model;

namespace Folint.Analyzer.Contracts;

/// <summary>A function definition somewhere in the tree.</summary>
public sealed record FunctionSymbol(string File, FunctionDef Definition);

/// <summary>A call site somewhere in the tree: who calls, what, and where.</summary>
public sealed record CallSite(string File, string Caller, string Callee, TextSpan Span);

/// <summary>
/// Whole-tree questions a rule may ask. Implementations answer on demand (they may parse files lazily),
/// so rules ask only what they need.
/// </summary>
public interface IProgramIndex
{
    /// <summary>Definitions of a function (or function-like static inline) by name, across the tree.</summary>
    IReadOnlyList<FunctionSymbol> FunctionsNamed(string name, CancellationToken cancellationToken = default);

    /// <summary>Definitions of a function in one file (the caller of a call site), parsing only that file.</summary>
    IReadOnlyList<FunctionSymbol> FunctionsNamedIn(string name, string file, CancellationToken cancellationToken = default);

    /// <summary>Every call site that names <paramref name="callee"/>, across the tree.</summary>
    IReadOnlyList<CallSite> CallersOf(string callee, CancellationToken cancellationToken = default);

    /// <summary>
    /// Mentions of a function that are not direct calls (its address in an operations table, a macro that calls
    /// it): callers a call graph cannot see. <see cref="CallSite.Caller"/> is empty when the mention is outside a
    /// function.
    /// </summary>
    IReadOnlyList<CallSite> IndirectUsesOf(string function, CancellationToken cancellationToken = default);

    /// <summary>
    /// How many files of the tree mention <paramref name="name"/> at all, from the identifier index without parsing;
    /// lets a rule decline a question that would parse much of the tree (the callers of kfree()). 0 outside a tree.
    /// </summary>
    int MentionCount(string name);

    /// <summary>True when the answers cover the whole tree, false when they cover only the files being checked.</summary>
    bool IsWholeTree { get; }

    /// <summary>Units of the tree whose path matches (used for headers such as include/linux/page-flags.h).</summary>
    SourceUnit? UnitAt(string path, CancellationToken cancellationToken = default);
}
