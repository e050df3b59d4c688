using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Folint.Analyzer.Roslyn.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Folint.Analyzer.Roslyn.Flags;

/// <summary>
/// What FOL001 knows about methods: the simulation's attributes, and a summary of every body of this compilation
/// (<see cref="FlagSummary"/>), computed the first time a caller asks (symbol-keyed, per compilation).
/// </summary>
internal sealed class FlagFacts
{
    private readonly CompilationFlow _flow;
    // A call chain deeper than Summaries follows (24 calls) is taken as doing nothing that matters here.
    private readonly Summaries<FlagSummary> _methods = new(FlagSummary.Empty, FlagSummary.Empty, (a, b) => a.Equals(b));
    private readonly Summaries<FlagSummary> _nested = new(FlagSummary.Empty, FlagSummary.Empty, (a, b) => a.Equals(b));
    private readonly IAssemblySymbol? _simulation;

    public FlagFacts(CompilationFlow flow, Compilation compilation)
    {
        _flow = flow;
        Compilation = compilation;
        _simulation = flow.Symbols.Page?.ContainingAssembly;
    }

    public SimulationSymbols Symbols => _flow.Symbols;

    public Compilation Compilation { get; }

    /// <summary>A method (constructor, accessor) whose body this compilation has: it gets a summary.</summary>
    public bool IsOwnMethod(IMethodSymbol? method) =>
        method is not null && method.MethodKind is not (MethodKind.LocalFunction or MethodKind.AnonymousFunction or MethodKind.DelegateInvoke)
        && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, Compilation.Assembly) && !method.DeclaringSyntaxReferences.IsEmpty;

    /// <summary>A method of the simulation itself (Folint.Simulation): flag, refcount and mapcount operations that keep what they are given.</summary>
    public bool IsSimulationMethod(IMethodSymbol method) =>
        _simulation is not null && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _simulation) && !SymbolEqualityComparer.Default.Equals(_simulation, Compilation.Assembly);

    /// <summary>An allocator ([AllocationPath] returning an object), or a method here that returns an object it made and did not publish.</summary>
    public bool CreatesFresh(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (method.ReturnsVoid || method.ReturnType.IsValueType)
            return false;
        if (SimulationSymbols.Has(method, Symbols.AllocationPath))
            return true;
        return IsOwnMethod(method) && SummaryOf(method, cancellationToken).ReturnsFresh;
    }

    public FlagSummary SummaryOf(IMethodSymbol method, CancellationToken cancellationToken)
    {
        method = method.PartialImplementationPart ?? method.OriginalDefinition;
        if (_flow.GraphOf(method, cancellationToken) is not { } graph)
            return FlagSummary.Empty;
        return _methods.Get(method, () => Compute(method, graph, cancellationToken));
    }

    /// <summary>The summary of a lambda or local function, its graph found from the graph of a body it is visible in.</summary>
    public FlagSummary SummaryOfNested(Origin body, ControlFlowGraph from, CancellationToken cancellationToken)
    {
        var symbol = (IMethodSymbol)body.Key!;
        return _nested.Get(symbol, () =>
        {
            var graph = body.Creation is { } creation
                ? from.GetAnonymousFunctionControlFlowGraphInScope(creation, cancellationToken)
                : from.GetLocalFunctionControlFlowGraphInScope(symbol, cancellationToken);
            return Compute(symbol, graph, cancellationToken);
        });
    }

    private FlagSummary Compute(IMethodSymbol method, ControlFlowGraph graph, CancellationToken cancellationToken)
    {
        var flow = new OwnershipFlow(this, method, cancellationToken);
        flow.Run(graph);
        return flow.Summary();
    }

    /// <summary>The site of a non-atomic accessor call, with what the message says about it.</summary>
    public static FlagSite Site(IInvocationOperation call, AttributeData accessor, bool locked)
    {
        var (flag, word) = Describe(accessor);
        var location = call.Syntax.GetLocation();
        return new FlagSite(location, call.TargetMethod.Name, flag, word, SimulationSymbols.NamedString(accessor, "AtomicCounterpart"), locked);
    }

    private static (string Flag, string Word) Describe(AttributeData accessor)
    {
        var args = accessor.ConstructorArguments;
        var flag = args.Length > 1 && args[1].Value is string f ? f : "a flag";
        var word = args.Length > 2 ? EnumMemberName(args[2]) switch
        {
            "Page" => "the flags word of the page given",
            "Head" => "the head page's flags word",
            "SecondPage" => "the second page's flags word (_flags_1)",
            _ => "its flags word",
        } : "its flags word";
        return (flag, word);
    }

    /// <summary>The name of the FlagWord member an attribute argument holds (by value, so the enum's order does not matter).</summary>
    private static string? EnumMemberName(TypedConstant constant) =>
        constant.Type?.GetMembers().OfType<IFieldSymbol>().FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, constant.Value))?.Name;

    /// <summary>A method as a message names it: Type.Method for a member, the bare name for a local function, "a lambda in Type.Method" for a lambda.</summary>
    public static string NameOf(IMethodSymbol method) => method.MethodKind switch
    {
        MethodKind.LocalFunction => method.Name,
        MethodKind.AnonymousFunction => "a lambda in " + (method.ContainingSymbol is IMethodSymbol outer ? NameOf(outer) : method.ContainingType?.Name ?? "?"),
        MethodKind.Constructor => (method.ContainingType?.Name ?? "?") + " constructor",
        _ => (method.ContainingType?.Name is { } type ? type + "." : "") + method.Name,
    };

    /// <summary>Whether every caller of the method is in this compilation: not visible outside it, not virtual, not an entry point.</summary>
    public static bool IsClosed(IMethodSymbol method)
    {
        if (method.IsVirtual || method.IsOverride || method.IsAbstract || method.ExplicitInterfaceImplementations.Length > 0)
            return false;
        if (method.MethodKind is MethodKind.StaticConstructor or MethodKind.Destructor or MethodKind.UserDefinedOperator or MethodKind.Conversion)
            return false;
        if (method.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction)
            return true;
        if (method.Name == "Main" && method.IsStatic)
            return false;
        for (ISymbol? symbol = method; symbol is not null and not INamespaceSymbol; symbol = symbol.ContainingSymbol)
        {
            if (symbol.DeclaredAccessibility is Accessibility.Private or Accessibility.Internal or Accessibility.ProtectedAndInternal)
                return !ImplementsInterface(method);
        }
        return false;
    }

    private static bool ImplementsInterface(IMethodSymbol method)
    {
        var type = method.ContainingType;
        foreach (var iface in type.AllInterfaces)
        {
            foreach (var member in iface.GetMembers().OfType<IMethodSymbol>())
            {
                if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), method))
                    return true;
            }
        }
        return false;
    }
}

/// <summary>Lock acquire and release calls: a lock statement (Monitor.Enter/Exit in the flow graph), SpinLock, Lock, and the simulation's Spinlock.</summary>
internal static class Locks
{
    private static readonly ImmutableHashSet<string> s_lockTypes = ImmutableHashSet.Create(
        "System.Threading.Monitor", "System.Threading.SpinLock", "System.Threading.Lock", "System.Threading.ReaderWriterLockSlim", "System.Threading.Lock.Scope");

    public static bool Acquires(IMethodSymbol method, SimulationSymbols symbols) =>
        IsLockType(method.ContainingType, symbols) && method.Name is "Enter" or "TryEnter" or "EnterScope" or "Lock" or "TryLock" or "EnterWriteLock" or "EnterReadLock" or "EnterUpgradeableReadLock";

    public static bool Releases(IMethodSymbol method, SimulationSymbols symbols) =>
        IsLockType(method.ContainingType, symbols) && method.Name is "Exit" or "Unlock" or "Dispose" or "ExitWriteLock" or "ExitReadLock" or "ExitUpgradeableReadLock";

    private static bool IsLockType(INamedTypeSymbol? type, SimulationSymbols symbols) =>
        type is not null && (s_lockTypes.Contains(type.ToDisplayString()) || SymbolEqualityComparer.Default.Equals(type, symbols.Spinlock));
}

/// <summary>The library methods that run a delegate later, not during the call (Task.Run, a thread, a timer, a continuation).</summary>
internal static class Deferring
{
    private static readonly ImmutableHashSet<string> s_queueing = ImmutableHashSet.Create(
        "System.Threading.Tasks.Task.Run",
        "System.Threading.Tasks.TaskFactory.StartNew",
        "System.Threading.Tasks.Task.ContinueWith",
        "System.Threading.Tasks.Task<TResult>.ContinueWith",
        "System.Threading.ThreadPool.QueueUserWorkItem",
        "System.Threading.ThreadPool.UnsafeQueueUserWorkItem",
        "System.Threading.Thread.Thread",
        "System.Threading.Timer.Timer",
        "System.Threading.CancellationToken.Register",
        "System.Threading.SynchronizationContext.Post",
        "System.Lazy<T>.Lazy");

    /// <summary>Whether the method queues its delegate. <paramref name="awaited"/>: awaited at once, Task.Run's work finishes before this code goes on.</summary>
    public static bool Queues(IMethodSymbol method, bool awaited)
    {
        var name = method.OriginalDefinition.ContainingType.ToDisplayString() + "." + (method.MethodKind == MethodKind.Constructor ? method.ContainingType.Name : method.Name);
        if (!s_queueing.Contains(name))
            return false;
        return !(awaited && method.Name is "Run" or "StartNew");
    }
}
