using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Folint.Analyzer.Roslyn.Flow;
using Folint.Analyzer.Roslyn.Mapcount;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Folint.Analyzer.Roslyn;

/// <summary>
/// FOL003: a value derived from a mapcount read clamped to 0 by a sign test (seed 004). The shape is
/// <see cref="Shapes.ZeroClamp"/>, shared with the C rule; what derives from a read, and where a page-type test
/// vouched for it, comes from the compiler's control flow graph (<see cref="MapcountClamps"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MapcountClampAnalyzer : DiagnosticAnalyzer
{
    public const string Id = "FOL003";

    /// <summary>Diagnostic property: the type-aware read on the raw read's type (the code fix's target).</summary>
    public const string TypeAwareReadProperty = "TypeAwareRead";

    /// <summary>Diagnostic property, "true" when the clamped read is already type-aware ([MapcountRead]): the fix drops the clamp.</summary>
    public const string ReadIsTypeAwareProperty = "ReadIsTypeAware";

    internal static readonly DiagnosticDescriptor Rule = FolintDiagnostics.Create(Id);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var flow = CompilationFlow.For(start.Compilation);
            if (flow.Symbols.RawMapcountRead is null && flow.Symbols.MapcountRead is null)
                return;
            var facts = new MapcountFacts(flow);
            start.RegisterOperationBlockAction(block =>
            {
                var clamps = new MapcountClamps(facts, block.CancellationToken);
                foreach (var body in FlowBodies.In(block))
                {
                    foreach (var finding in clamps.Analyze(body))
                        block.ReportDiagnostic(Create(finding, flow.Symbols));
                }
            });
        });
    }

    private static Diagnostic Create(MapcountClamps.Finding finding, SimulationSymbols symbols)
    {
        var properties = ImmutableDictionary<string, string?>.Empty;
        var method = finding.Read.Method;
        if (SimulationSymbols.Find(method, symbols.RawMapcountRead) is { } raw && SimulationSymbols.NamedString(raw, "TypeAwareRead") is { } typeAware)
            properties = properties.Add(TypeAwareReadProperty, typeAware);
        else if (SimulationSymbols.Has(method, symbols.MapcountRead))
            properties = properties.Add(ReadIsTypeAwareProperty, "true");
        var read = finding.Read.Syntax;
        return Diagnostic.Create(Rule, finding.Clamp.GetLocation(), new[] { read.GetLocation() }, properties, OneLine(finding.Clamp.ToString()), read.ToString());
    }

    private static string OneLine(string text) => Regex.Replace(text, @"\s+", " ").Trim();
}
