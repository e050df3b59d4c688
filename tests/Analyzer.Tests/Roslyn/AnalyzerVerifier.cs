using System;
using System.Collections.Generic;
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
/// Runs an analyzer over C# written against the simulation: the simulation's real attribute declarations
/// (src/Simulation/Annotations), a kernel-shaped API slice (Fixtures/SimulationApi.cs) and the case itself.
/// Expected diagnostics come from the case's markers, never from line and column numbers.
/// </summary>
internal static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static string FixtureDirectory => Path.Combine(AppContext.BaseDirectory, "Roslyn", "Fixtures");

    public static IEnumerable<(string Name, string Source)> SupportSources()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(FixtureDirectory, "Annotations"), "*.cs").OrderBy(f => f, StringComparer.Ordinal))
            yield return ("Annotations/" + Path.GetFileName(file), "#nullable enable\n" + File.ReadAllText(file));
        yield return ("SimulationApi.cs", File.ReadAllText(Path.Combine(FixtureDirectory, "SimulationApi.cs")));
    }

    /// <summary>Every {|#n:...|} marker in <paramref name="source"/> expects one diagnostic of <paramref name="rule"/> there (id and place; the explicit tests check messages).</summary>
    public static DiagnosticResult[] ExpectedAtMarkers(string source, DiagnosticDescriptor rule) =>
        Regex.Matches(source, @"\{\|#(\d+):")
            .Cast<Match>()
            .Select(m => new DiagnosticResult(rule.Id, rule.DefaultSeverity).WithLocation(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations | DiagnosticOptions.IgnoreSeverity))
            .ToArray();

    public static Task VerifyAsync(string source, IEnumerable<DiagnosticResult> expected, string? editorConfig = null)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = ReferenceAssemblies.Net.Net80,
        };
        foreach (var support in SupportSources())
            test.TestState.Sources.Add(support);
        if (editorConfig is not null)
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", editorConfig));
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}

/// <summary>Runs a code fix on C# written against the simulation and compares the result.</summary>
internal static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static Task VerifyAsync(string source, DiagnosticResult[] expected, string fixedSource)
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = ReferenceAssemblies.Net.Net80,
        };
        foreach (var support in AnalyzerVerifier<TAnalyzer>.SupportSources())
        {
            test.TestState.Sources.Add(support);
            test.FixedState.Sources.Add(support);
        }
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
