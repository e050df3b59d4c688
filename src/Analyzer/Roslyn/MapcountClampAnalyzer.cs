using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using Folint.Analyzer.Shapes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Folint.Analyzer.Roslyn;

/// <summary>
/// FOL003: a value derived from a [RawMapcountRead] clamped to 0 by a sign test (seed 004). The shape is
/// <see cref="ZeroClamp"/>, shared with the C rule; this analyzer lowers each body and maps the answer back.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MapcountClampAnalyzer : DiagnosticAnalyzer
{
    public const string Id = "FOL003";

    /// <summary>Diagnostic property: the type-aware read on the raw read's type (the code fix's target).</summary>
    public const string TypeAwareReadProperty = "TypeAwareRead";

    internal static readonly DiagnosticDescriptor Rule = FolintDiagnostics.Create(Id);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = SimulationSymbols.Load(start.Compilation);
            if (symbols.RawMapcountRead is null)
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
        var matches = ZeroClamp.Find(lowered.Body, e => lowered.OriginOf(e) is IInvocationOperation call && SimulationSymbols.Has(call.TargetMethod, symbols.RawMapcountRead));
        foreach (var match in matches)
        {
            if (lowered.OriginOf(match.Clamp) is not { } clamp || lowered.OriginOf(match.MapcountRead) is not IInvocationOperation read)
                continue;
            var properties = ImmutableDictionary<string, string?>.Empty;
            if (SimulationSymbols.Find(read.TargetMethod, symbols.RawMapcountRead) is { } attribute && SimulationSymbols.NamedString(attribute, "TypeAwareRead") is { } typeAware)
                properties = properties.Add(TypeAwareReadProperty, typeAware);
            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                clamp.Syntax.GetLocation(),
                new[] { read.Syntax.GetLocation() },
                properties,
                OneLine(clamp.Syntax.ToString()),
                read.Syntax.ToString()));
        }
    }

    private static string OneLine(string text) => Regex.Replace(text, @"\s+", " ").Trim();
}
