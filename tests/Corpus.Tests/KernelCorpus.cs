using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Rules;
using Folint.Analyzer.Rules.Knowledge;
using Folint.CSource;
using Folint.CSource.Engine;
using Folint.CSource.Knowledge;

namespace Folint.Corpus.Tests;

/// <summary>The real kernel trees of FOLINT_CORPUS, and `folint check` run on them with the shipped rules.</summary>
internal static class KernelCorpus
{
    /// <summary>A kernel tree under FOLINT_CORPUS (default ~/.cache/folint/corpus); a missing tree fails the test.</summary>
    public static string Tree(string name)
    {
        var corpus = Environment.GetEnvironmentVariable("FOLINT_CORPUS");
        if (string.IsNullOrEmpty(corpus))
            corpus = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "folint", "corpus");
        var tree = Path.Combine(corpus, name);
        Assert.True(Directory.Exists(Path.Combine(tree, "mm")),
            $"kernel tree {tree} is missing: run scripts/fetch-corpus (or point FOLINT_CORPUS at a directory holding {name}/)");
        return tree;
    }

    /// <summary>Checks <paramref name="paths"/> (relative to <paramref name="tree"/>) with the given rules, as `folint check --rules` does.</summary>
    public static CheckResult Check(string tree, IReadOnlyList<string> paths, params string[] rules) =>
        Check(tree, paths, new CheckOptions { EnabledRules = ImmutableHashSet.Create(StringComparer.Ordinal, rules) });

    /// <summary>Checks <paramref name="paths"/> with every shipped rule and the given options (prefilter, cache).</summary>
    public static CheckResult Check(string tree, IReadOnlyList<string> paths, CheckOptions options)
    {
        var rulesDirectory = Path.Combine(AppContext.BaseDirectory, "rules");
        using var frontend = CFrontend.ForKernel(rulesDirectory);
        var engine = new CheckEngine(frontend, SourceRules.All(KnowledgeLoader.Load<KernelKnowledge>(rulesDirectory)), RuleCatalogLoader.Load(rulesDirectory));
        var inputs = SourceDiscovery.Discover(paths, tree, new SourceDiscoveryOptions());
        return engine.Check(inputs, options);
    }

    /// <summary>
    /// A scratch tree holding copies of <paramref name="files"/> of <paramref name="tree"/>, for tests that put a
    /// historical bug back: the corpus itself is never written.
    /// </summary>
    public static ScratchTree Scratch(string tree, params string[] files)
    {
        var scratch = new ScratchTree(Directory.CreateTempSubdirectory("folint-corpus-").FullName);
        foreach (var file in files)
        {
            var destination = scratch.PathOf(file);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(Path.Combine(tree, file), destination);
        }
        return scratch;
    }

    /// <summary>The repository's top directory (the one holding Analyzer.sln), for the docs the tests keep in step.</summary>
    public static string Repository()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Analyzer.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"no Analyzer.sln above {AppContext.BaseDirectory}");
    }
}

internal sealed class ScratchTree(string root) : IDisposable
{
    public string Root { get; } = root;

    public string PathOf(string file) => Path.Combine(Root, file);

    /// <summary>Replaces the one occurrence of <paramref name="original"/> in a copied file; fails when it is not there exactly once.</summary>
    public void Edit(string file, string original, string replacement)
    {
        var text = File.ReadAllText(PathOf(file));
        var at = text.IndexOf(original, StringComparison.Ordinal);
        Assert.True(at >= 0 && text.IndexOf(original, at + 1, StringComparison.Ordinal) < 0,
            $"{file}: expected exactly one occurrence of the text to replace:\n{original}");
        File.WriteAllText(PathOf(file), text.Substring(0, at) + replacement + text.Substring(at + original.Length));
    }

    /// <summary>The 1-based line of the first line containing <paramref name="text"/>.</summary>
    public int LineOf(string file, string text)
    {
        var lines = File.ReadAllLines(PathOf(file));
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains(text, StringComparison.Ordinal))
                return i + 1;
        }
        throw new InvalidOperationException($"{file}: no line contains '{text}'");
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
