using System;
using System.IO;

namespace Folint.CSource.Tests.Patches;

/// <summary>
/// The patch fixtures (tests/CSource.Tests/Patches/Fixtures: a small kernel-shaped tree and patches made against
/// it with git format-patch, written for folint) and the seed threads (../shared/seeds beside the checkout).
/// </summary>
public static class PatchFixtures
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Directory => Path.Combine(RepositoryRoot, "tests", "CSource.Tests", "Patches", "Fixtures");

    /// <summary>The tree the fixture patches were made against (never written to).</summary>
    public static string Tree => Path.Combine(Directory, "tree");

    public static string PathOf(string name) => Path.Combine(Directory, name);

    public static byte[] Read(string name) => File.ReadAllBytes(PathOf(name));

    /// <summary>The bytes of a file of <see cref="Tree"/>, null when it has none (what PatchApplication asks for).</summary>
    public static byte[]? ReadTree(string path)
    {
        var full = Path.Combine(Tree, path);
        return File.Exists(full) ? File.ReadAllBytes(full) : null;
    }

    /// <summary>
    /// The seed threads: $FOLINT_SEEDS, else shared/seeds beside the checkout (where CI puts shared/). A missing
    /// directory fails the test with what to do.
    /// </summary>
    public static string Seeds
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("FOLINT_SEEDS");
            var seeds = string.IsNullOrEmpty(configured) ? Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "seeds")) : configured;
            Assert.True(System.IO.Directory.Exists(seeds) && File.Exists(Path.Combine(seeds, "000_e84798dfff902c30.txt")),
                $"the seed threads are not at {seeds}: check out the project's shared/ beside the repository (../shared/seeds) or point FOLINT_SEEDS at the seeds directory");
            return seeds;
        }
    }

    public static string Seed(string name) => Path.Combine(Seeds, name);

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
