using System;
using System.IO;

namespace Folint.Cli.Tests;

/// <summary>Where the checkout and the seed threads are, found from the test assembly rather than assumed.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>A seed thread (skips the test when the seeds are not beside the checkout: <see cref="SeedThreads"/>).</summary>
    public static string Seed(string name) => Folint.Tests.SeedThreads.PathOf(name);

    /// <summary>A review thread of the project's own, of one of the seeds' shapes.</summary>
    public static string Thread(string name) => Path.Combine(Root, "tests", "CSource.Tests", "Patches", "Fixtures", "threads", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Analyzer.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("no checkout (Analyzer.sln) above " + AppContext.BaseDirectory);
    }
}
