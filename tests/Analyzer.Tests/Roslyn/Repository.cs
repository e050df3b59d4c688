using System;
using System.IO;

namespace Folint.Analyzer.Tests.Roslyn;

/// <summary>The checkout the tests run from (rules/ and src/ are read in place).</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "rules", "FOL001.yaml")) && Directory.Exists(Path.Combine(dir.FullName, "src", "Simulation")))
                return dir.FullName;
        }
        throw new InvalidOperationException("no checkout (rules/FOL001.yaml and src/Simulation) above " + AppContext.BaseDirectory);
    }
}
