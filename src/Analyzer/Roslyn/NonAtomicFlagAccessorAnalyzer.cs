using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Folint.Analyzer.Roslyn;

/// <summary>
/// FOL001: a call to a non-atomic flag accessor ([FlagAccessor(Atomic = false)]) where another CPU may change the
/// same flags word. Safe places: a method that is an exclusive phase ([AllocationPath], [FreePath], ...), a method
/// reachable only from such methods within the compilation, and an object the method created and has not yet
/// published. Seed 000: the non-atomic store writes back a stale word over memory_failure()'s atomic update.
/// </summary>
/// <remarks>
/// Where the verdict is local (the method is visible outside the assembly, or the call sits in a lambda that may
/// run anywhere) the diagnostic is reported at once, so editors show it while typing. Where it depends on who
/// calls the method, it waits for the whole compilation's call graph and is reported at compilation end.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NonAtomicFlagAccessorAnalyzer : DiagnosticAnalyzer
{
    public const string Id = "FOL001";

    /// <summary>Diagnostic property: the atomic accessor to call instead (the code fix's target).</summary>
    public const string AtomicCounterpartProperty = "AtomicCounterpart";

    internal static readonly DiagnosticDescriptor Rule = FolintDiagnostics.Create(Id);

    internal static readonly DiagnosticDescriptor RuleAtCompilationEnd = FolintDiagnostics.Create(Id, compilationEnd: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule, RuleAtCompilationEnd);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = SimulationSymbols.Load(start.Compilation);
            if (symbols.FlagAccessor is null)
                return;
            var graph = new CallGraph(symbols);
            start.RegisterOperationAction(ctx => graph.AddCall(ctx, ((IInvocationOperation)ctx.Operation).TargetMethod), OperationKind.Invocation);
            start.RegisterOperationAction(ctx => { if (((IObjectCreationOperation)ctx.Operation).Constructor is { } ctor) graph.AddCall(ctx, ctor); }, OperationKind.ObjectCreation);
            start.RegisterOperationAction(ctx => graph.AddEscape(((IMethodReferenceOperation)ctx.Operation).Method), OperationKind.MethodReference);
            start.RegisterOperationAction(ctx => AnalyzeCall(ctx, symbols, graph), OperationKind.Invocation);
            start.RegisterCompilationEndAction(graph.ReportPending);
        });
    }

    private static void AnalyzeCall(OperationAnalysisContext context, SimulationSymbols symbols, CallGraph graph)
    {
        var call = (IInvocationOperation)context.Operation;
        if (SimulationSymbols.Find(call.TargetMethod, symbols.FlagAccessor) is not { } accessor || SimulationSymbols.NamedBool(accessor, "Atomic", true))
            return;
        if (context.ContainingSymbol is not IMethodSymbol container)
            return;

        var receiver = call.TargetMethod.IsStatic ? call.Arguments.FirstOrDefault()?.Value : call.Instance;
        if (receiver is not null && Ownership.IsFreshAndUnpublished(receiver, call, container, symbols))
            return;

        var inLambda = call.Ancestors().Any(a => a is IAnonymousFunctionOperation);
        var method = EnclosingMethod(call, container);
        if (!inLambda && symbols.IsExclusivePhase(method))
            return;

        var (flag, word) = Describe(accessor);
        var properties = ImmutableDictionary<string, string?>.Empty;
        if (SimulationSymbols.NamedString(accessor, "AtomicCounterpart") is { } counterpart)
            properties = properties.Add(AtomicCounterpartProperty, counterpart);
        var finding = new PendingFinding(call.Syntax.GetLocation(), properties, call.TargetMethod.Name, flag, word);

        if (inLambda || !CallGraph.IsClosed(method))
        {
            context.ReportDiagnostic(finding.Create(Rule));
            return;
        }
        graph.AddPending(method, finding);
    }

    /// <summary>The method the call belongs to: a local function counts as itself, a lambda as open code.</summary>
    private static IMethodSymbol EnclosingMethod(IOperation op, IMethodSymbol container)
    {
        foreach (var ancestor in op.Ancestors())
        {
            if (ancestor is ILocalFunctionOperation local)
                return local.Symbol;
        }
        return container;
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

    internal sealed class PendingFinding
    {
        private readonly Location _location;
        private readonly ImmutableDictionary<string, string?> _properties;
        private readonly object[] _arguments;

        public PendingFinding(Location location, ImmutableDictionary<string, string?> properties, params object[] arguments)
        {
            _location = location;
            _properties = properties;
            _arguments = arguments;
        }

        public Diagnostic Create(DiagnosticDescriptor rule) => Diagnostic.Create(rule, _location, _properties, _arguments);
    }

    /// <summary>
    /// Who calls whom within the compilation, to answer "reachable only from exclusive phases": a method is
    /// exclusive when it carries an exclusive-phase attribute, or when no path reaches it from a non-exclusive
    /// entry (a method visible outside the assembly, one used as a delegate, one nobody calls) without passing
    /// through an exclusive method.
    /// </summary>
    internal sealed class CallGraph
    {
        private readonly SimulationSymbols _symbols;
        private readonly ConcurrentDictionary<IMethodSymbol, ConcurrentBag<IMethodSymbol>> _callees = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IMethodSymbol, byte> _called = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IMethodSymbol, byte> _escaped = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentBag<(IMethodSymbol Method, PendingFinding Finding)> _pending = new();

        public CallGraph(SimulationSymbols symbols) => _symbols = symbols;

        public void AddCall(OperationAnalysisContext context, IMethodSymbol callee)
        {
            callee = callee.OriginalDefinition;
            if (context.ContainingSymbol is not IMethodSymbol container)
                return;
            if (context.Operation.Ancestors().Any(a => a is IAnonymousFunctionOperation))
            {
                // A lambda may run anywhere, whoever created it.
                _escaped.TryAdd(callee, 0);
                return;
            }
            var caller = EnclosingMethod(context.Operation, container).OriginalDefinition;
            _callees.GetOrAdd(caller, _ => new ConcurrentBag<IMethodSymbol>()).Add(callee);
            _called.TryAdd(callee, 0);
        }

        public void AddEscape(IMethodSymbol method) => _escaped.TryAdd(method.OriginalDefinition, 0);

        public void AddPending(IMethodSymbol method, PendingFinding finding) => _pending.Add((method.OriginalDefinition, finding));

        /// <summary>Whether every caller of the method is in this compilation: not visible outside it, not virtual, not an entry point.</summary>
        public static bool IsClosed(IMethodSymbol method)
        {
            if (method.IsVirtual || method.IsOverride || method.IsAbstract || method.ExplicitInterfaceImplementations.Length > 0)
                return false;
            if (method.MethodKind is MethodKind.StaticConstructor or MethodKind.Destructor or MethodKind.UserDefinedOperator or MethodKind.Conversion)
                return false;
            if (method.MethodKind == MethodKind.LocalFunction)
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

        public void ReportPending(CompilationAnalysisContext context)
        {
            if (_pending.IsEmpty)
                return;
            var reachable = ReachableFromOpenCode();
            foreach (var (method, finding) in _pending)
            {
                if (reachable.Contains(method))
                    context.ReportDiagnostic(finding.Create(RuleAtCompilationEnd));
            }
        }

        /// <summary>Methods reached from non-exclusive entries without passing through an exclusive-phase method.</summary>
        private HashSet<IMethodSymbol> ReachableFromOpenCode()
        {
            var all = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            foreach (var pair in _callees)
            {
                all.Add(pair.Key);
                all.UnionWith(pair.Value);
            }
            all.UnionWith(_pending.Select(p => p.Method));
            all.UnionWith(_escaped.Keys);

            var reached = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            var work = new Stack<IMethodSymbol>();
            foreach (var method in all)
            {
                var entry = _escaped.ContainsKey(method) || !_called.ContainsKey(method) || !IsClosed(method);
                if (entry && !_symbols.IsExclusivePhase(method) && reached.Add(method))
                    work.Push(method);
            }
            while (work.Count > 0)
            {
                var method = work.Pop();
                if (!_callees.TryGetValue(method, out var callees))
                    continue;
                foreach (var callee in callees)
                {
                    if (!_symbols.IsExclusivePhase(callee) && reached.Add(callee))
                        work.Push(callee);
                }
            }
            return reached;
        }
    }
}

/// <summary>
/// "Freshly created and unpublished in the same method": the accessor's receiver is a local initialised by
/// <c>new</c> or by an [AllocationPath] allocator, never reassigned, and not handed to anyone before the call
/// (passed as an argument, stored, returned, captured); or <c>this</c> inside a constructor.
/// </summary>
internal static class Ownership
{
    public static bool IsFreshAndUnpublished(IOperation receiver, IOperation call, IMethodSymbol container, SimulationSymbols symbols)
    {
        while (receiver is IConversionOperation conversion)
            receiver = conversion.Operand;
        if (receiver is IInstanceReferenceOperation && container.MethodKind == MethodKind.Constructor)
            return true;
        if (receiver is not ILocalReferenceOperation local)
            return false;

        var root = call.Root();
        var fresh = false;
        foreach (var op in root.Descendants())
        {
            switch (op)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local):
                    fresh = IsCreation(declarator.GetVariableInitializer()?.Value, symbols);
                    if (!fresh)
                        return false;
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } when SymbolEqualityComparer.Default.Equals(target.Local, local.Local):
                    return false;
            }
        }
        if (!fresh)
            return false;

        var loops = call.Ancestors().OfType<ILoopOperation>().ToList();
        foreach (var op in root.Descendants())
        {
            if (op is not ILocalReferenceOperation use || !SymbolEqualityComparer.Default.Equals(use.Local, local.Local) || ReferenceEquals(use, local))
                continue;
            var before = use.Syntax.SpanStart < call.Syntax.SpanStart;
            var sameLoop = loops.Any(l => use.Ancestors().Contains(l));
            if ((before || sameLoop) && Escapes(use, symbols))
                return false;
        }
        return true;
    }

    private static bool IsCreation(IOperation? value, SimulationSymbols symbols)
    {
        while (value is IConversionOperation conversion)
            value = conversion.Operand;
        return value is IObjectCreationOperation
            || value is IInvocationOperation allocation && SimulationSymbols.Has(allocation.TargetMethod, symbols.AllocationPath);
    }

    /// <summary>The use hands the object to someone else: an argument (other than to a flag accessor), a stored or returned value, a capture.</summary>
    private static bool Escapes(IOperation use, SimulationSymbols symbols)
    {
        if (use.Ancestors().Any(a => a is IAnonymousFunctionOperation or ILocalFunctionOperation))
            return true;
        var op = use;
        while (op.Parent is IConversionOperation)
            op = op.Parent;
        return op.Parent switch
        {
            IArgumentOperation { Parent: IInvocationOperation target } => !SimulationSymbols.Has(target.TargetMethod, symbols.FlagAccessor),
            IArgumentOperation => true,
            ISimpleAssignmentOperation assign => ReferenceEquals(assign.Value, op),
            IReturnOperation => true,
            IArrayInitializerOperation => true,
            IVariableInitializerOperation => true,
            _ => false,
        };
    }
}
