using System;
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
/// The four analyzers over the real src/Simulation sources: the bugs it reproduces on purpose are found (and
/// suppressed with a reason), and its allocation and free paths, exclusive by attribute or by reachability, are not.
/// </summary>
public sealed class SimulationSourceTests
{
    [Fact]
    public async Task Simulation_FindingsAreExactlyTheSeedsReproducedOnPurpose()
    {
        var diagnostics = await AnalyzeSimulationAsync();

        Assert.Empty(diagnostics.Where(d => !d.IsSuppressed).Select(d => d.ToString()));
        var found = diagnostics.Select(d => d.Id + " " + EnclosingMember(d)).OrderBy(s => s, StringComparer.Ordinal).ToArray();
        Assert.Equal(
            new[]
            {
                "FOL001 FolioAsSeeded",
                "FOL002 ModifyTotalMapcount",
                "FOL003 PageMapcountBeforeFix",
            },
            found);
    }

    [Fact]
    public async Task Simulation_EverySuppressionSaysWhichSeedItReproduces()
    {
        var root = Repository.Root;
        var pragmas = Directory.GetFiles(Path.Combine(root, "src", "Simulation"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(File.ReadAllLines)
            .Where(l => l.TrimStart().StartsWith("#pragma warning disable FOL", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(3, pragmas.Count);
        Assert.All(pragmas, p => Assert.Matches(@"// seed \d{3}, reproduced on purpose", p));
        Assert.NotEmpty(await AnalyzeSimulationAsync());
    }

    private static readonly Lazy<Task<ImmutableArray<Diagnostic>>> s_diagnostics = new(AnalyzeAsync);

    private static Task<ImmutableArray<Diagnostic>> AnalyzeSimulationAsync() => s_diagnostics.Value;

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync()
    {
        var dir = Path.Combine(Repository.Root, "src", "Simulation");
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = Directory.GetFiles(dir, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, path: f))
            .ToList();
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(
            "Folint.Simulation",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));

        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
            new NonAtomicFlagAccessorAnalyzer(), new TailPageRefcountWriteAnalyzer(), new MapcountClampAnalyzer(), new CountDownLoopAnalyzer());
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: true);
        return await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
    }

    private static string EnclosingMember(Diagnostic diagnostic)
    {
        var tree = diagnostic.Location.SourceTree!;
        var node = tree.GetRoot().FindNode(diagnostic.Location.SourceSpan);
        return node.AncestorsAndSelf().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>().First().Identifier.ValueText;
    }
}
