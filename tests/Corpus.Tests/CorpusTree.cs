using System;
using System.IO;

namespace Folint.Corpus.Tests;

/// <summary>The Debian kernel trees under FOLINT_CORPUS (default ~/.cache/folint/corpus); a missing tree fails the test.</summary>
internal static class CorpusTree
{
    public static string Linux612 => Find("linux-source-6.12");

    public static string Find(string name)
    {
        var corpus = Environment.GetEnvironmentVariable("FOLINT_CORPUS");
        if (string.IsNullOrEmpty(corpus))
            corpus = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "folint", "corpus");
        var tree = Path.Combine(corpus, name);
        Assert.True(Directory.Exists(Path.Combine(tree, "mm")),
            $"kernel tree {tree} is missing: run scripts/fetch-corpus (or point FOLINT_CORPUS at a directory holding {name}/)");
        return tree;
    }
}
