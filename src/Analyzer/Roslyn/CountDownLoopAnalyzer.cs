using System.Collections.Immutable;
using System.Linq;
using Folint.Analyzer.Shapes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Folint.Analyzer.Roslyn;

/// <summary>
/// FOL004: a loop over page operations that decrements its count before testing it, with nothing before it
/// that rules out 0 (seed 003). The shape is <see cref="CountDownLoop"/>, shared with the C rule.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CountDownLoopAnalyzer : DiagnosticAnalyzer
{
    public const string Id = "FOL004";

    internal static readonly DiagnosticDescriptor Rule = FolintDiagnostics.Create(Id);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = SimulationSymbols.Load(start.Compilation);
            if (symbols.Page is null && symbols.Folio is null && symbols.FlagAccessor is null && symbols.RefcountWrite is null)
                return;
            start.RegisterOperationBlockAction(block =>
            {
                foreach (var body in block.OperationBlocks.SelectMany(OperationLowering.Bodies))
                    Analyze(block, body, symbols);
            });
        });
    }

    private static void Analyze(OperationBlockAnalysisContext context, IBlockOperation body, SimulationSymbols symbols)
    {
        var lowered = OperationLowering.Lower(body);
        var matches = CountDownLoop.Find(lowered.Body, c => lowered.OriginOf(c) is IInvocationOperation call && IsPageOperation(call.TargetMethod, symbols));
        foreach (var match in matches)
        {
            if (lowered.OriginOf(match.Loop) is not { } loop)
                continue;
            var decrement = lowered.OriginOf(match.Decrement);
            var location = loop.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.StatementSyntax statement
                ? statement.GetFirstToken().GetLocation()
                : loop.Syntax.GetLocation();
            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                location,
                decrement is null ? null : new[] { decrement.Syntax.GetLocation() },
                match.Count));
        }
    }

    /// <summary>A flag accessor, a refcount write, a mapcount read, or any method of Page or Folio.</summary>
    private static bool IsPageOperation(IMethodSymbol method, SimulationSymbols symbols) =>
        SimulationSymbols.Has(method, symbols.FlagAccessor)
        || SimulationSymbols.Has(method, symbols.RefcountWrite)
        || SimulationSymbols.Has(method, symbols.RawMapcountRead)
        || SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Page)
        || SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Folio);
}
