using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Folint.Analyzer.Roslyn;

/// <summary>
/// FOL002: a refcount write ([RefcountWrite]) on a page that may be a tail page ([MayBeTailPage] sources: folio
/// pages by index, pfn_to_page()). Seed 001: "refcount must be 0 on all tail pages" because speculative gets on a
/// freed and reused head increment whatever a tail holds there.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TailPageRefcountWriteAnalyzer : DiagnosticAnalyzer
{
    public const string Id = "FOL002";

    internal static readonly DiagnosticDescriptor Rule = FolintDiagnostics.Create(Id);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = SimulationSymbols.Load(start.Compilation);
            if (symbols.RefcountWrite is null || symbols.MayBeTailPage is null)
                return;
            start.RegisterOperationAction(ctx => Analyze(ctx, symbols), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, SimulationSymbols symbols)
    {
        var call = (IInvocationOperation)context.Operation;
        var method = call.TargetMethod;
        if (SimulationSymbols.Find(method, symbols.RefcountWrite) is not { } write)
            return;
        var page = method.IsStatic ? call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value : call.Instance;
        if (page is null || !MayBeTail(page, symbols))
            return;
        if (SimulationSymbols.NamedBool(write, "SetsCount", false) && KeepsZero(call, method))
            return;
        context.ReportDiagnostic(Diagnostic.Create(Rule, call.Syntax.GetLocation(), method.Name + "()", page.Syntax.ToString()));
    }

    /// <summary>set_page_count(page, 0): the one write that keeps a tail's refcount where it must be.</summary>
    private static bool KeepsZero(IInvocationOperation call, IMethodSymbol method)
    {
        var count = call.Arguments.FirstOrDefault(a => a.Parameter?.Type.SpecialType == SpecialType.System_Int32 && (!method.IsStatic || a.Parameter.Ordinal > 0));
        return count?.Value.ConstantValue is { HasValue: true, Value: 0 };
    }

    /// <summary>The page comes from a [MayBeTailPage] member, directly or through a local assigned from one.</summary>
    internal static bool MayBeTail(IOperation page, SimulationSymbols symbols)
    {
        page = Unwrap(page);
        switch (page)
        {
            case IInvocationOperation source:
                return SimulationSymbols.Has(source.TargetMethod, symbols.MayBeTailPage);
            case IPropertyReferenceOperation property:
                return SimulationSymbols.Has(property.Property, symbols.MayBeTailPage);
            case ILocalReferenceOperation local:
                var root = page.Root();
                foreach (var op in root.Descendants())
                {
                    switch (op)
                    {
                        case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local):
                            if (declarator.GetVariableInitializer()?.Value is { } init && MayBeTail(init, symbols))
                                return true;
                            break;
                        case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assign when SymbolEqualityComparer.Default.Equals(target.Local, local.Local):
                            if (MayBeTail(assign.Value, symbols))
                                return true;
                            break;
                        case IForEachLoopOperation loop when loop.Locals.Contains(local.Local, SymbolEqualityComparer.Default):
                            if (MayBeTail(loop.Collection, symbols))
                                return true;
                            break;
                    }
                }
                return false;
            default:
                return false;
        }
    }

    private static IOperation Unwrap(IOperation op)
    {
        while (op is IConversionOperation conversion)
            op = conversion.Operand;
        return op;
    }
}
