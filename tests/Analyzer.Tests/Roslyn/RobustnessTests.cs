using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Folint.Analyzer.Roslyn;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Folint.Analyzer.Tests.Roslyn;

/// <summary>
/// The analyzers run inside the compiler: an exception there is an AD0001 warning in every build of the consumer
/// (an error under warnings-as-errors). Every fixture, and a file of C# constructs collected for the purpose, must
/// go through all four analyzers without one.
/// </summary>
public sealed class RobustnessTests
{
    public static TheoryData<string> Files() => new(
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Roslyn", "Fixtures"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".fixed.cs", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Path.Combine(AppContext.BaseDirectory, "Roslyn", "Fixtures"), f))
            .OrderBy(f => f, StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Files))]
    public async Task EveryAnalyzer_GoesThroughTheFile_WithoutAnException(string file)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Roslyn", "Fixtures", file));
        var source = System.Text.RegularExpressions.Regex.Replace(text, @"\{\|(#\d+|FOL\d+):", "").Replace("|}", "");
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: file);
        var compilation = CSharpCompilation.Create(
            "Consumer",
            new[] { tree },
            SimulationReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));

        var failures = new ConcurrentBag<string>();
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
            new NonAtomicFlagAccessorAnalyzer(), new TailPageRefcountWriteAnalyzer(), new MapcountClampAnalyzer(), new CountDownLoopAnalyzer());
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, analyzer, _) => failures.Add(analyzer.GetType().Name + ": " + exception),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();

        Assert.Empty(failures);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }
}
