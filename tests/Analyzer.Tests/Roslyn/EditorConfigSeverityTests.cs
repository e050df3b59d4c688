using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Folint.Analyzer.Roslyn;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Folint.Analyzer.Tests.Roslyn;

/// <summary>
/// dotnet_diagnostic.FOLnnn.severity through the compiler's own .editorconfig handling (the testing library pins
/// analyzer severities, so raising one is checked here on a plain compilation; scripts/analyzer-package-check does
/// the same through dotnet build).
/// </summary>
public sealed class EditorConfigSeverityTests
{
    private const string BadCall = @"
using Folint.Simulation.Mm;

public static class DeferredSplit
{
    public static void Queue(Folio folio) => folio.SetPartiallyMappedNonAtomic();
}";

    [Theory]
    [InlineData(null, DiagnosticSeverity.Warning)]
    [InlineData("error", DiagnosticSeverity.Error)]
    [InlineData("suggestion", DiagnosticSeverity.Info)]
    public async Task Fol001Severity_FollowsEditorConfig(string? configured, DiagnosticSeverity expected)
    {
        var diagnostics = await AnalyzeAsync(configured is null ? null : $"root = true\n[*.cs]\ndotnet_diagnostic.FOL001.severity = {configured}\n");

        var fol001 = Assert.Single(diagnostics, d => d.Id == "FOL001");
        Assert.Equal(expected, fol001.Severity);
    }

    [Fact]
    public async Task Fol001SeverityNone_ReportsNothing()
    {
        var diagnostics = await AnalyzeAsync("root = true\n[*.cs]\ndotnet_diagnostic.FOL001.severity = none\n");

        Assert.DoesNotContain(diagnostics, d => d.Id == "FOL001");
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string? editorConfig)
    {
        const string root = "/src/";
        var trees = new[] { CSharpSyntaxTree.ParseText(BadCall, path: root + "Test.cs") };
        var references = SimulationReferences.All;
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);
        if (editorConfig is not null)
        {
            var set = AnalyzerConfigSet.Create(new[] { AnalyzerConfig.Parse(editorConfig, root + ".editorconfig") });
            options = options.WithSyntaxTreeOptionsProvider(new EditorConfigTreeOptions(set));
        }
        var compilation = CSharpCompilation.Create("Consumer", trees, references, options);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new NonAtomicFlagAccessorAnalyzer())).GetAnalyzerDiagnosticsAsync();
    }

    private sealed class EditorConfigTreeOptions : SyntaxTreeOptionsProvider
    {
        private readonly AnalyzerConfigSet _set;

        public EditorConfigTreeOptions(AnalyzerConfigSet set) => _set = set;

        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.NotGenerated;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
            _set.GetOptionsForSourcePath(tree.FilePath).TreeOptions.TryGetValue(diagnosticId, out severity);

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = ReportDiagnostic.Default;
            return false;
        }
    }
}
