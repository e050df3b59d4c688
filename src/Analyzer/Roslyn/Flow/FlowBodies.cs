using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Folint.Analyzer.Roslyn.Flow;

/// <summary>
/// One body of code with its own control flow: a method's body, a local function's or a lambda's. Lambdas and
/// local functions are bodies of their own because they run where they are invoked (a call, a List.ForEach, a
/// Task.Run, an awaited continuation), which is not where they are written.
/// </summary>
/// <param name="Graph">The compiler's flow graph of the body.</param>
/// <param name="Body">The body as the operation tree has it (what the shapes are matched on).</param>
/// <param name="Symbol">The method, local function or lambda; null for a field or property initializer.</param>
/// <param name="Parent">The body this one is written in, null for a method's own body.</param>
/// <param name="Creation">For a lambda, its IFlowAnonymousFunctionOperation in <paramref name="Parent"/>'s graph.</param>
internal sealed record FlowBody(ControlFlowGraph Graph, IOperation Body, IMethodSymbol? Symbol, FlowBody? Parent, IFlowAnonymousFunctionOperation? Creation)
{
    /// <summary>The operation block of the body: a method's block (or expression) body, a lambda's or local function's block.</summary>
    public IBlockOperation? Block => Body switch
    {
        IMethodBodyBaseOperation method => method.BlockBody ?? method.ExpressionBody,
        IBlockOperation block => block,
        _ => null,
    };

    /// <summary>For a lambda, the root operation of its parent's graph it is created in (where its captured variables are read off).</summary>
    public IOperation? CreationRoot
    {
        get
        {
            IOperation? root = Creation;
            while (root?.Parent is not null)
                root = root.Parent;
            return root;
        }
    }
}

internal static class FlowBodies
{
    /// <summary>Every body of an operation block's roots that have a flow graph (a method's body, an initializer), nested ones included.</summary>
    public static IEnumerable<FlowBody> In(Microsoft.CodeAnalysis.Diagnostics.OperationBlockAnalysisContext context)
    {
        foreach (var root in context.OperationBlocks)
        {
            if (FlowGraphs.Of(context, root) is not { } graph)
                continue;
            foreach (var body in Of(graph, root, context.OwningSymbol, context.CancellationToken))
                yield return body;
        }
    }

    /// <summary>The root body of an operation block and every lambda and local function nested in it, outermost first.</summary>
    public static IEnumerable<FlowBody> Of(ControlFlowGraph graph, IOperation root, ISymbol owner, CancellationToken cancellationToken)
    {
        var top = new FlowBody(graph, root, owner as IMethodSymbol, null, null);
        var pending = new Queue<FlowBody>();
        pending.Enqueue(top);
        while (pending.Count > 0)
        {
            var body = pending.Dequeue();
            yield return body;
            foreach (var local in body.Graph.LocalFunctions)
            {
                var declaration = body.Body.Descendants().OfType<ILocalFunctionOperation>().FirstOrDefault(f => SymbolEqualityComparer.Default.Equals(f.Symbol, local));
                if (declaration?.Body is { } localBody)
                    pending.Enqueue(new FlowBody(body.Graph.GetLocalFunctionControlFlowGraph(local, cancellationToken), localBody, local, body, null));
            }
            foreach (var creation in Lambdas(body.Graph))
            {
                var declaration = body.Body.Descendants().OfType<IAnonymousFunctionOperation>().FirstOrDefault(f => SymbolEqualityComparer.Default.Equals(f.Symbol, creation.Symbol));
                if (declaration is not null)
                    pending.Enqueue(new FlowBody(body.Graph.GetAnonymousFunctionControlFlowGraph(creation, cancellationToken), declaration.Body, creation.Symbol, body, creation));
            }
        }
    }

    /// <summary>The lambdas created directly in a graph (not those inside its lambdas, which have graphs of their own).</summary>
    public static IEnumerable<IFlowAnonymousFunctionOperation> Lambdas(ControlFlowGraph graph)
    {
        foreach (var block in graph.Blocks)
        {
            foreach (var root in RootsOf(block))
            {
                foreach (var operation in root.DescendantsAndSelf())
                {
                    if (operation is IFlowAnonymousFunctionOperation lambda)
                        yield return lambda;
                }
            }
        }
    }

    /// <summary>The values a graph returns: the branch values of the blocks that return them (not yield returns).</summary>
    public static IEnumerable<IOperation> ReturnedValues(ControlFlowGraph graph) =>
        graph.Blocks
            .Where(b => b.BranchValue is not null && b.ConditionKind == ControlFlowConditionKind.None && b.FallThroughSuccessor?.Semantics == ControlFlowBranchSemantics.Return)
            .Select(b => b.BranchValue!);

    /// <summary>A block's operations and its branch value, in evaluation order.</summary>
    public static IEnumerable<IOperation> RootsOf(BasicBlock block)
    {
        foreach (var operation in block.Operations)
            yield return operation;
        if (block.BranchValue is { } value)
            yield return value;
    }

    /// <summary>
    /// The first block (in layout order) holding an operation whose syntax lies inside <paramref name="syntax"/>:
    /// where control enters a statement such as a loop's body or condition.
    /// </summary>
    public static BasicBlock? FirstBlockWithin(ControlFlowGraph graph, SyntaxNode syntax)
    {
        foreach (var block in graph.Blocks)
        {
            foreach (var root in RootsOf(block))
            {
                foreach (var operation in root.DescendantsAndSelf())
                {
                    if (!operation.IsImplicit && syntax.Span.Contains(operation.Syntax.Span) && syntax.SyntaxTree == operation.Syntax.SyntaxTree)
                        return block;
                }
            }
        }
        return null;
    }
}

/// <summary>The analyzer driver's flow graph of an operation block root, when the compiler builds one for it.</summary>
internal static class FlowGraphs
{
    public static ControlFlowGraph? Of(Microsoft.CodeAnalysis.Diagnostics.OperationBlockAnalysisContext context, IOperation root)
    {
        // A method's operation block is its body block (under an IMethodBodyOperation); initializers are blocks of their own.
        var isBody = root is IBlockOperation { Parent: null or IMethodBodyBaseOperation };
        if (!isBody && root is not (IFieldInitializerOperation or IPropertyInitializerOperation))
            return null;
        var graph = context.GetControlFlowGraph(root);
        if (isBody && context.OwningSymbol is IMethodSymbol method)
            CompilationFlow.For(context.Compilation).Remember(method, graph);
        return graph;
    }
}

/// <summary>
/// One analysis run per body of an operation block, each run once and kept: a lambda's run needs its parent's (what
/// the variables it captures held where it was created), so the parent is run first whatever order bodies are asked in.
/// </summary>
internal sealed class BodyFlows<TFlow, TState>
    where TFlow : FlowAnalysis<TState>
    where TState : class
{
    private readonly Dictionary<FlowBody, TFlow> _flows = new();
    private readonly System.Func<FlowBody, TState?, TFlow> _create;
    private readonly System.Func<TFlow, FlowBody, TState?> _lambdaEntry;

    /// <param name="create">A new analysis of the body, starting in the given state (null: the analysis's own entry).</param>
    /// <param name="lambdaEntry">What a lambda starts with, from its parent's finished run.</param>
    public BodyFlows(System.Func<FlowBody, TState?, TFlow> create, System.Func<TFlow, FlowBody, TState?> lambdaEntry)
    {
        _create = create;
        _lambdaEntry = lambdaEntry;
    }

    public TFlow Of(FlowBody body)
    {
        if (_flows.TryGetValue(body, out var known))
            return known;
        var entry = body is { Creation: not null, Parent: { } parent } ? _lambdaEntry(Of(parent), body) : null;
        var flow = _create(body, entry);
        flow.Run(body.Graph);
        _flows[body] = flow;
        return flow;
    }

    /// <summary>The state just before the lambda's creation in its parent's run: the usual lambda entry.</summary>
    public static TState? AtCreation(TFlow parent, FlowBody lambda) => lambda.CreationRoot is { } root ? parent.Before(root) : null;
}
