using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Folint.Analyzer.Tests.Roslyn;

/// <summary>The fixture files of one rule (Fixtures/FOLnnn/*.cs), one case a file, named Reports_* or Silent_*.</summary>
internal static class FixtureCases
{
    public static IEnumerable<string> Of(string ruleId) =>
        Directory.GetFiles(Path.Combine(System.AppContext.BaseDirectory, "Roslyn", "Fixtures", ruleId), "*.cs")
            .Select(Path.GetFileNameWithoutExtension)
            .OrderBy(n => n, System.StringComparer.Ordinal)!;

    public static string Read(string ruleId, string name) =>
        File.ReadAllText(Path.Combine(System.AppContext.BaseDirectory, "Roslyn", "Fixtures", ruleId, name + ".cs"));
}
