using System;
using System.IO;

namespace Folint.Cli.Tests;

/// <summary>Where the checkout and the seed threads are, found from the test assembly rather than assumed.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// The seed threads: $FOLINT_SEEDS, else shared/seeds beside the checkout (where CI puts shared/). A missing
    /// directory fails the test with what to do.
    /// </summary>
    public static string Seeds
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("FOLINT_SEEDS");
            var seeds = string.IsNullOrEmpty(configured) ? Path.GetFullPath(Path.Combine(Root, "..", "shared", "seeds")) : configured;
            Assert.True(File.Exists(Path.Combine(seeds, "000_e84798dfff902c30.txt")),
                $"the seed threads are not at {seeds}: check out the project's shared/ beside the repository (../shared/seeds) or point FOLINT_SEEDS at the seeds directory");
            return seeds;
        }
    }

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
