using System;
using System.IO;
using Folint.CSource.Knowledge;
using Folint.Tests.Doubles;

namespace Folint.CSource.Tests.Knowledge;

public sealed class KernelKnowledgeLoaderTests
{
    [Fact]
    public void Lists_AreNamedByFileStemAndKey()
    {
        using var tree = new TempTree(kernelTree: false);
        tree.Write("rules/kernel/phases.yaml", "allocation_roots: [folio_alloc, alloc_pages]\nfree_roots:\n  - free_unref_folios\n  - __folio_put\n");

        var knowledge = KernelKnowledgeLoader.Load(tree["rules"]);

        Assert.Equal(new[] { "folio_alloc", "alloc_pages" }, knowledge.List("phases.allocation_roots"));
        Assert.Equal(new[] { "free_unref_folios", "__folio_put" }, knowledge.List("phases.free_roots"));
        Assert.Contains("alloc_pages", knowledge.Set("phases.allocation_roots"));
    }

    [Fact]
    public void FileWithASchemaOfAnotherReader_IsSkipped()
    {
        using var tree = new TempTree(kernelTree: false);
        tree.Write("rules/kernel/hints.yaml", "schema: accessor-hints\nhints:\n  folio_test_foo: { flag: PG_foo }\n");
        tree.Write("rules/kernel/lists.yaml", "schema: lists\nnames: [a]\n");

        var knowledge = KernelKnowledgeLoader.Load(tree["rules"]);

        Assert.Empty(knowledge.List("hints.hints"));
        Assert.Equal(new[] { "a" }, knowledge.List("lists.names"));
        Assert.False(knowledge.Lists.ContainsKey("lists.schema"));
    }

    [Fact]
    public void NormalizerMacroFile_IsSkippedByName_WhateverItHolds()
    {
        using var tree = new TempTree(kernelTree: false);
        tree.Write("rules/kernel/c-macros.yaml", "macros:\n  __releases: { kind: attribute }\n");

        var knowledge = KernelKnowledgeLoader.Load(tree["rules"]);

        Assert.Empty(knowledge.Lists);
    }

    [Fact]
    public void MappingWhereAListBelongs_IsAnError_NamingFileAndKey()
    {
        using var tree = new TempTree(kernelTree: false);
        tree.Write("rules/kernel/phases.yaml", "allocation_roots:\n  folio_alloc: yes\n");

        var e = Assert.Throws<RulesLoadException>(() => KernelKnowledgeLoader.Load(tree["rules"]));

        var error = Assert.IsType<WrongShapeError>(Assert.Single(e.Errors));
        Assert.Equal("allocation_roots", error.Field);
        Assert.EndsWith("phases.yaml", error.File);
        Assert.Contains("schema:", error.Expected);
    }

    [Fact]
    public void NoKernelDirectory_GivesNoLists()
    {
        using var tree = new TempTree(kernelTree: false);
        Directory.CreateDirectory(tree["rules"]);

        Assert.Empty(KernelKnowledgeLoader.Load(tree["rules"]).Lists);
    }

    [Fact]
    public void RealRulesDirectory_Loads()
    {
        var knowledge = KernelKnowledgeLoader.Load(Path.Combine(AppContext.BaseDirectory, "rules"));

        Assert.All(knowledge.Lists.Keys, name => Assert.Contains('.', name));
    }
}
