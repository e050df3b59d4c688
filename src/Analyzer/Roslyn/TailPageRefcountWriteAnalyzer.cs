using System.Collections.Immutable;
using Folint.Analyzer.Roslyn.Flow;
using Folint.Analyzer.Roslyn.Refcount;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Folint.Analyzer.Roslyn;

/// <summary>
/// FOL002: a refcount write ([RefcountWrite]) on a page that may be a tail page ([MayBeTailPage] sources: folio
/// pages by an index not known to be 0, pfn_to_page()), followed through locals, conditionals, arrays, lists, LINQ
/// and the methods of this compilation (<see cref="TailPageFlow"/>). Seed 001: "refcount must be 0 on all tail
/// pages" because speculative gets on a freed and reused head increment whatever a tail holds there.
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
            var flow = CompilationFlow.For(start.Compilation);
            if (flow.Symbols.RefcountWrite is null || flow.Symbols.MayBeTailPage is null)
                return;
            var facts = new TailPageFacts(flow, start.Compilation);
            start.RegisterOperationBlockAction(block =>
            {
                var writes = new TailPageWrites(facts, block.CancellationToken);
                foreach (var body in FlowBodies.In(block))
                {
                    foreach (var finding in writes.Analyze(body))
                        block.ReportDiagnostic(Diagnostic.Create(Rule, finding.Write.GetLocation(), finding.Writer, finding.Page.ToString()));
                }
            });
        });
    }
}
