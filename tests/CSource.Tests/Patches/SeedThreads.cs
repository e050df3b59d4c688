using System;
using System.IO;

namespace Folint.Tests;

/// <summary>
/// The project's seed review threads: $FOLINT_SEEDS, else shared/seeds beside the checkout (where CI puts shared/).
/// They are not part of a clone, so a test that reads one skips, saying where it looked, when they are not there; the
/// same shapes (a patch with quoted replies, a mail squashed onto one line, a quoted-only thread, a review without a
/// diff) are checked on threads of the project's own in tests/CSource.Tests/Patches/Fixtures/threads.
/// </summary>
public static class SeedThreads
{
    private const string Probe = "000_e84798dfff902c30.txt";

    /// <summary>Where the seeds were looked for.</summary>
    public static string Directory { get; } = Locate();

    public static bool Present => File.Exists(Path.Combine(Directory, Probe));

    /// <summary>The path of a seed thread; skips the calling test (a <c>SkippableFact</c>) when the seeds are absent.</summary>
    public static string PathOf(string name)
    {
        Skip.IfNot(Present, $"the seed threads are not at {Directory} (shared/seeds beside the checkout, or FOLINT_SEEDS): a clone has none; the same shapes are checked on Patches/Fixtures/threads");
        return Path.Combine(Directory, name);
    }

    private static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable("FOLINT_SEEDS");
        if (!string.IsNullOrEmpty(configured))
            return Path.GetFullPath(configured);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Analyzer.sln")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "seeds"));
        }
        return Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "shared", "seeds"));
    }
}
