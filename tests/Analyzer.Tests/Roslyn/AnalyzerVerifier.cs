using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Folint.Analyzer.Tests.Roslyn;

/// <summary>
/// What a consumer of the simulation compiles against: the runtime's assemblies and the built Folint.Simulation.dll,
/// the real public API with its real attributes (no slice of it written for the tests, which could drift).
/// </summary>
internal static class SimulationReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_all = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "netstandard.dll" or "mscorlib.dll"))
            .Append(typeof(Folint.Simulation.Mm.Page).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray());

    /// <summary>Created once: Roslyn keeps the metadata of a reference object, so every test compilation shares it.</summary>
    public static ImmutableArray<MetadataReference> All => s_all.Value;

    /// <summary>No reference package to fetch: the references above are the whole set.</summary>
    public static ReferenceAssemblies None { get; } = new("net10.0");
}

/// <summary>
/// Runs an analyzer over C# written against the simulation (<see cref="SimulationReferences"/>) and the case itself.
/// Expected diagnostics come from the case's markers, never from line and column numbers.
/// </summary>
internal static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>Every {|#n:...|} marker in <paramref name="source"/> expects one diagnostic of <paramref name="rule"/> there (id and place; the explicit tests check messages).</summary>
    public static DiagnosticResult[] ExpectedAtMarkers(string source, DiagnosticDescriptor rule) =>
        Regex.Matches(source, @"\{\|#(\d+):")
            .Cast<Match>()
            .Select(m => new DiagnosticResult(rule.Id, rule.DefaultSeverity).WithLocation(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations | DiagnosticOptions.IgnoreSeverity))
            .ToArray();

    public static Task VerifyAsync(string source, IEnumerable<DiagnosticResult> expected, string? editorConfig = null) =>
        VerifyAsync(new[] { source }, expected, editorConfig);

    /// <summary>Several documents of one project (callers and helpers in different files).</summary>
    public static Task VerifyAsync(IReadOnlyList<string> sources, IEnumerable<DiagnosticResult> expected, string? editorConfig = null)
    {
        // {|FOL001:...|} markup: a rule reports through several descriptors (message variants) with one id; any will do.
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { ReferenceAssemblies = SimulationReferences.None, MarkupOptions = MarkupOptions.UseFirstDescriptor };
        for (var i = 0; i < sources.Count; i++)
            test.TestState.Sources.Add(($"/0/Test{i}.cs", sources[i]));
        test.TestState.AdditionalReferences.AddRange(SimulationReferences.All);
        if (editorConfig is not null)
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", editorConfig));
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}

/// <summary>
/// Runs a code fix on C# written against the simulation and compares the result. The testing library also applies
/// the fix's Fix All provider in document, project and solution scope and requires the same result.
/// </summary>
internal static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static Task VerifyAsync(string source, DiagnosticResult[] expected, string fixedSource, bool compilationEnd = false) =>
        VerifyAsync(new[] { source }, expected, new[] { fixedSource }, compilationEnd: compilationEnd);

    /// <param name="compilationEnd">
    /// The diagnostics are reported once the whole compilation is seen (FOL001 on a private helper): the testing
    /// library's check that a fix only touches diagnostics local to one body does not apply to them.
    /// </param>
    public static Task VerifyAsync(IReadOnlyList<string> sources, DiagnosticResult[] expected, IReadOnlyList<string> fixedSources, int? iterations = null, bool compilationEnd = false)
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier> { ReferenceAssemblies = SimulationReferences.None };
        if (compilationEnd)
            test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipLocalDiagnosticCheck;
        for (var i = 0; i < sources.Count; i++)
        {
            test.TestState.Sources.Add(($"/0/Test{i}.cs", sources[i]));
            test.FixedState.Sources.Add(($"/0/Test{i}.cs", fixedSources[i]));
        }
        test.TestState.AdditionalReferences.AddRange(SimulationReferences.All);
        test.FixedState.AdditionalReferences.AddRange(SimulationReferences.All);
        if (iterations is { } n)
        {
            test.NumberOfIncrementalIterations = n;
            test.NumberOfFixAllIterations = 1;
        }
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
