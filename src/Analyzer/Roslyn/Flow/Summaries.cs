using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Folint.Analyzer.Roslyn.Flow;

/// <summary>
/// The flow graphs of one compilation's own methods, built once and shared by the four analyzers (a compiler host
/// hands every analyzer the same Compilation object, so it keys the table).
/// </summary>
internal sealed class CompilationFlow
{
    private static readonly ConditionalWeakTable<Compilation, CompilationFlow> s_byCompilation = new();

    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<IMethodSymbol, ControlFlowGraph?> _graphs = new(SymbolEqualityComparer.Default);

    private CompilationFlow(Compilation compilation)
    {
        _compilation = compilation;
        Symbols = SimulationSymbols.Load(compilation);
    }

    public SimulationSymbols Symbols { get; }

    public static CompilationFlow For(Compilation compilation) => s_byCompilation.GetValue(compilation, c => new CompilationFlow(c));

    /// <summary>Remembers the graph the analyzer driver built for a method's own operation block.</summary>
    public void Remember(IMethodSymbol method, ControlFlowGraph graph) => _graphs.TryAdd(method.OriginalDefinition, graph);

    /// <summary>
    /// The flow graph of a method declared in this compilation (a method, constructor or accessor with a body), or
    /// null: declared elsewhere, abstract, extern, partial without an implementation.
    /// </summary>
    public ControlFlowGraph? GraphOf(IMethodSymbol method, CancellationToken cancellationToken)
    {
        method = method.PartialImplementationPart ?? method.OriginalDefinition;
        if (method.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction || method.DeclaringSyntaxReferences.IsEmpty)
            return null;
        return _graphs.GetOrAdd(method, m => Build(m, cancellationToken));
    }

    private ControlFlowGraph? Build(IMethodSymbol method, CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax(cancellationToken);
            if (!_compilation.ContainsSyntaxTree(syntax.SyntaxTree))
                continue;
            // A callee's body lives in another tree than the one being analysed, and the analysis context only
            // offers the model of its own tree. Summaries are what an interprocedural analysis needs, as in
            // roslyn-analyzers' own dataflow framework, which asks the compilation the same way; the compiler host
            // caches these models for analyzers.
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() method within a diagnostic analyzer
            var model = _compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
            switch (model.GetOperation(syntax, cancellationToken))
            {
                case IMethodBodyOperation body:
                    return ControlFlowGraph.Create(body, cancellationToken);
                case IConstructorBodyOperation body:
                    return ControlFlowGraph.Create(body, cancellationToken);
                case IBlockOperation { Parent: null } block:
                    return ControlFlowGraph.Create(block, cancellationToken);
            }
        }
        return null;
    }
}

/// <summary>
/// One fact about every method of a compilation ("returns a subpage", "publishes its first argument"), computed the
/// first time a caller asks and kept (symbol-keyed). Recursion is handled the standard way: a method asked for
/// while its own summary is being computed answers with its value so far (<paramref name="start"/> at first), the
/// methods that depended on that answer are not kept, and the method that started the cycle is recomputed until
/// its summary stops changing.
/// </summary>
internal sealed class Summaries<TSummary>
    where TSummary : class
{
    private const int MaxDepth = 24;
    private const int MaxRounds = 8;

    [ThreadStatic]
    private static List<Frame>? t_stack;

    private readonly ConcurrentDictionary<ISymbol, TSummary> _done = new(SymbolEqualityComparer.Default);
    private readonly TSummary _start;
    private readonly TSummary _unknown;
    private readonly Func<TSummary, TSummary, bool> _same;

    /// <param name="start">The value a method has while its own computation is running (the fixpoint starts there).</param>
    /// <param name="unknown">The value for a call chain too deep to follow: what is assumed of code nobody looked at.</param>
    public Summaries(TSummary start, TSummary unknown, Func<TSummary, TSummary, bool> same)
    {
        _start = start;
        _unknown = unknown;
        _same = same;
    }

    public TSummary Get(ISymbol method, Func<TSummary> compute)
    {
        method = method.OriginalDefinition;
        if (_done.TryGetValue(method, out var done))
            return done;
        var stack = t_stack ??= new List<Frame>();
        for (var i = stack.Count - 1; i >= 0; i--)
        {
            if (!SymbolEqualityComparer.Default.Equals(stack[i].Method, method))
                continue;
            stack[i].Recursed = true;
            var top = stack[stack.Count - 1];
            top.LowLink = Math.Min(top.LowLink, i);
            return stack[i].Current;
        }
        if (stack.Count >= MaxDepth)
            return _unknown;

        var frame = new Frame(method, _start, stack.Count);
        stack.Add(frame);
        try
        {
            for (var round = 0; ; round++)
            {
                frame.Recursed = false;
                var result = compute();
                var changed = !_same(result, frame.Current);
                frame.Current = result;
                if (!frame.Recursed || !changed || round + 1 >= MaxRounds)
                    break;
            }
        }
        finally
        {
            stack.RemoveAt(stack.Count - 1);
        }
        if (frame.LowLink < frame.Depth)
        {
            // Depends on the value so far of a method further up the stack: final only once that one is.
            var parent = stack[stack.Count - 1];
            parent.LowLink = Math.Min(parent.LowLink, frame.LowLink);
            return frame.Current;
        }
        return _done.GetOrAdd(method, frame.Current);
    }

    /// <summary>Every summary computed and kept so far (for the compilation-end verdicts).</summary>
    public IEnumerable<KeyValuePair<ISymbol, TSummary>> Computed => _done.ToArray();

    private sealed class Frame
    {
        public Frame(ISymbol method, TSummary current, int depth)
        {
            Method = method;
            Current = current;
            Depth = depth;
            LowLink = depth;
        }

        public ISymbol Method { get; }

        public TSummary Current { get; set; }

        public int Depth { get; }

        public int LowLink { get; set; }

        public bool Recursed { get; set; }
    }
}
