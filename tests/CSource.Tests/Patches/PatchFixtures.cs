using System;
using System.IO;

namespace Folint.CSource.Tests.Patches;

/// <summary>
/// The patch fixtures (tests/CSource.Tests/Patches/Fixtures: a small kernel-shaped tree, patches made against it with
/// git format-patch, and review threads of the seeds' shapes, all written for folint) and the seed threads
/// (../shared/seeds beside the checkout, when present).
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

    /// <summary>A seed thread (skips the test when the seeds are not beside the checkout: <see cref="Folint.Tests.SeedThreads"/>).</summary>
    public static string Seed(string name) => Folint.Tests.SeedThreads.PathOf(name);

    /// <summary>A review thread of the project's own, of one of the seeds' shapes (Fixtures/threads).</summary>
    public static string Thread(string name) => Path.Combine(Directory, "threads", name);

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
