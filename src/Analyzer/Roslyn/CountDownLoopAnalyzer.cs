using System.Collections.Immutable;
using Folint.Analyzer.Roslyn.Batch;
using Folint.Analyzer.Roslyn.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Folint.Analyzer.Roslyn;

/// <summary>
/// FOL004: a loop over page operations that decrements its count before testing it, with nothing before it that
/// rules out 0 (seed 003). The shape is <see cref="Shapes.CountDownLoop"/>, shared with the C rule; whether the
/// count can be 0 where the loop starts comes from the compiler's control flow graph (<see cref="CountDownLoops"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CountDownLoopAnalyzer : DiagnosticAnalyzer
{
    public const string Id = "FOL004";

    internal static readonly DiagnosticDescriptor Rule = FolintDiagnostics.Create(Id);

    internal static readonly DiagnosticDescriptor SignedRule = FolintDiagnostics.Create(Id, "signed");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule, SignedRule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var flow = CompilationFlow.For(start.Compilation);
            if (flow.Symbols.Page is null && flow.Symbols.Folio is null && flow.Symbols.FlagAccessor is null && flow.Symbols.RefcountWrite is null)
                return;
            var facts = new NonZeroFacts(flow);
            start.RegisterOperationBlockAction(block =>
            {
                var loops = new CountDownLoops(facts, block.CancellationToken);
                foreach (var body in FlowBodies.In(block))
                {
                    foreach (var finding in loops.Analyze(body))
                        block.ReportDiagnostic(Diagnostic.Create(finding.Signed ? SignedRule : Rule, finding.Loop, new[] { finding.Decrement }, finding.Count));
                }
            });
        });
    }
}
