using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Folint.Analyzer.Tests.Roslyn;

/// <summary>
/// The fixture files of one rule (Fixtures/FOLnnn/*.cs), one case a file, named Reports_* or Silent_*; and the code
/// fix cases (Fixtures/Fixes/FOLnnn/Name.cs with the result in Name.fixed.cs).
/// </summary>
internal static class FixtureCases
{
    private static string Directory(params string[] parts) => Path.Combine(new[] { System.AppContext.BaseDirectory, "Roslyn", "Fixtures" }.Concat(parts).ToArray());

    public static IEnumerable<string> Of(string ruleId) =>
        System.IO.Directory.GetFiles(Directory(ruleId), "*.cs")
            .Select(Path.GetFileNameWithoutExtension)
            .OrderBy(n => n, System.StringComparer.Ordinal)!;

    public static string Read(string ruleId, string name) => File.ReadAllText(Path.Combine(Directory(ruleId), name + ".cs"));

    /// <summary>"FOL003/ClampWithUpperBoundKeepsIt" for every case under Fixtures/Fixes.</summary>
    public static IEnumerable<string> Fixes() =>
        System.IO.Directory.GetFiles(Directory("Fixes"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".fixed.cs", System.StringComparison.Ordinal))
            .Select(f => Path.GetFileName(Path.GetDirectoryName(f)) + "/" + Path.GetFileNameWithoutExtension(f))
            .OrderBy(n => n, System.StringComparer.Ordinal);

    public static (string Source, string Fixed) ReadFix(string name) =>
        (File.ReadAllText(Directory("Fixes", name + ".cs")), File.ReadAllText(Directory("Fixes", name + ".fixed.cs")));
}
