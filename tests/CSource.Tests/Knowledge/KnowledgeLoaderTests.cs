using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Folint.Analyzer.Contracts;
using Folint.CSource.Knowledge;
using Folint.Tests.Doubles;

namespace Folint.CSource.Tests.Knowledge;

public enum Colour { Red, DarkBlue }

/// <summary>Two sections, as a rule assembly declares its knowledge: read from test-lists.yaml and test-table.yaml.</summary>
public sealed record SampleKnowledge(TestListsSection TestLists, TestTableSection TestTable);

public sealed record TestListsSection(ImmutableHashSet<string> AllocationRoots, ImmutableArray<string> Prefixes, string Header, int Depth = 3);

public sealed record Entry(long Size, Colour Colour, bool Atomic);

public sealed record TestTableSection(ImmutableDictionary<string, Entry> Entries, ImmutableDictionary<string, ImmutableArray<int>> Parameters) : IValidatedKnowledge
{
    public IEnumerable<KnowledgeProblem> Problems() =>
        Entries.Where(e => e.Value.Size <= 0).Select(e => new KnowledgeProblem($"entries.{e.Key}.size", $"size {e.Value.Size} is not positive", "give the size in bytes"));
}

public sealed class KnowledgeLoaderTests
{
    private const string Lists = "allocation_roots: [folio_alloc, alloc_pages]\nprefixes:\n  - SetPage\n  - __SetPage\nheader: include/linux/page-flags.h\n";
    private const string Table = "entries:\n  atomic_t: {size: 4, colour: dark-blue, atomic: true}\n  \"unsigned long\": {size: 8, colour: red, atomic: false}\nparameters:\n  filemap_add_folio: [1]\n";

    private static TempTree Rules(string lists = Lists, string table = Table)
    {
        var tree = new TempTree(kernelTree: false);
        tree.Write("rules/kernel/test-lists.yaml", lists);
        tree.Write("rules/kernel/test-table.yaml", table);
        return tree;
    }

    private static ImmutableArray<RulesFileError> Errors(TempTree tree) =>
        Assert.Throws<RulesLoadException>(() => KnowledgeLoader.Load<SampleKnowledge>(tree["rules"])).Errors;

    [Fact]
    public void Sections_AreReadFromTheirFiles_KeysInSnakeCase_ValuesByType()
    {
        using var tree = Rules();

        var knowledge = KnowledgeLoader.Load<SampleKnowledge>(tree["rules"]);

        Assert.True(knowledge.TestLists.AllocationRoots.SetEquals(new[] { "folio_alloc", "alloc_pages" }));
        Assert.Equal(new[] { "SetPage", "__SetPage" }, knowledge.TestLists.Prefixes);
        Assert.Equal("include/linux/page-flags.h", knowledge.TestLists.Header);
        Assert.Equal(3, knowledge.TestLists.Depth);
        Assert.Equal(new Entry(4, Colour.DarkBlue, true), knowledge.TestTable.Entries["atomic_t"]);
        Assert.Equal(new Entry(8, Colour.Red, false), knowledge.TestTable.Entries["unsigned long"]);
        Assert.Equal(new[] { 1 }, knowledge.TestTable.Parameters["filemap_add_folio"]);
    }

    [Fact]
    public void MistypedKey_FailsTheLoad_WithItsLineAndTheKeyItMeant()
    {
        using var tree = Rules(lists: Lists.Replace("allocation_roots", "alocation_roots"));

        var errors = Errors(tree);

        var unknown = Assert.Single(errors.OfType<UnknownFieldError>());
        Assert.Equal(("alocation_roots", 1), (unknown.Field, unknown.Line));
        Assert.EndsWith("test-lists.yaml", unknown.File);
        Assert.Equal("did you mean 'allocation_roots'?", unknown.Suggestion);
        Assert.Equal("allocation_roots", Assert.Single(errors.OfType<MissingFieldError>()).Field);
    }

    [Fact]
    public void KeyLeftOut_IsMissing_UnlessItHasADefault()
    {
        using var tree = Rules(lists: "allocation_roots: []\nprefixes: []\n");

        var error = Assert.IsType<MissingFieldError>(Assert.Single(Errors(tree)));

        Assert.Equal("header", error.Field);
        Assert.Contains("add 'header:'", error.Suggestion);
    }

    [Fact]
    public void MappingWhereAListBelongs_IsTheWrongShape()
    {
        using var tree = Rules(lists: Lists.Replace("allocation_roots: [folio_alloc, alloc_pages]", "allocation_roots:\n  folio_alloc: yes"));

        var error = Assert.IsType<WrongShapeError>(Assert.Single(Errors(tree)));

        Assert.Equal(("allocation_roots", 2), (error.Field, error.Line));
        Assert.Equal("a list", error.Expected);
    }

    [Fact]
    public void EnumValue_OutsideTheEnum_SuggestsTheClosest()
    {
        using var tree = Rules(table: Table.Replace("colour: dark-blue", "colour: dark-bleu"));

        var error = Assert.IsType<UnknownValueError>(Assert.Single(Errors(tree)));

        Assert.Equal(("entries.atomic_t.colour", 2), (error.Field, error.Line));
        Assert.StartsWith("did you mean 'dark-blue'?", error.Suggestion);
    }

    [Fact]
    public void NameListedTwiceInASet_PointsAtTheFirst()
    {
        using var tree = Rules(lists: Lists.Replace("[folio_alloc, alloc_pages]", "\n  - folio_alloc\n  - alloc_pages\n  - folio_alloc"));

        var error = Assert.IsType<RepeatedEntryError>(Assert.Single(Errors(tree)));

        Assert.Equal(("allocation_roots[2]", 4, 2), (error.Field, error.Line, error.FirstLine));
    }

    [Fact]
    public void SectionCheck_IsReportedAtTheLineOfTheFieldItNames()
    {
        using var tree = Rules(table: Table.Replace("size: 8", "size: -8"));

        var error = Assert.IsType<InvalidKnowledgeError>(Assert.Single(Errors(tree)));

        Assert.Equal(("entries.unsigned long.size", 3), (error.Field, error.Line));
        Assert.Equal("size -8 is not positive", error.Problem);
    }

    [Fact]
    public void EveryProblemOfEveryFile_IsReportedAtOnce()
    {
        using var tree = Rules(lists: Lists.Replace("header:", "headr:"), table: Table.Replace("atomic: true", "atomic: yes"));

        var errors = Errors(tree);

        Assert.Contains(errors, e => e is UnknownFieldError { Field: "headr" });
        Assert.Contains(errors, e => e is WrongShapeError { Field: "entries.atomic_t.atomic", Expected: "true or false" });
    }

    [Fact]
    public void MissingFile_SuggestsTheFileNamedOneLetterOff()
    {
        using var tree = new TempTree(kernelTree: false);
        tree.Write("rules/kernel/test-list.yaml", Lists);
        tree.Write("rules/kernel/test-table.yaml", Table);

        var error = Assert.IsType<MissingKnowledgeFileError>(Assert.Single(Errors(tree)));

        Assert.EndsWith("test-lists.yaml", error.File);
        Assert.Equal("rename 'test-list.yaml' to 'test-lists.yaml'", error.Suggestion);
    }

    [Fact]
    public void FileNoSectionReads_IsNamed()
    {
        using var tree = Rules();
        tree.Write("rules/kernel/test-tables.yaml", Table);

        var error = Assert.IsType<UnreadKnowledgeFileError>(Assert.Single(KnowledgeLoader.Unread(tree["rules"], typeof(SampleKnowledge))));

        Assert.EndsWith("test-tables.yaml", error.File);
        Assert.Equal("did you mean 'test-table.yaml'?", error.Suggestion);
    }

    [Theory]
    [InlineData("PageFlagsFallback", '-', "page-flags-fallback")]
    [InlineData("CMacros", '-', "c-macros")]
    [InlineData("AtomicTestAndSetBitops", '_', "atomic_test_and_set_bitops")]
    [InlineData("NthPageOf", '_', "nth_page_of")]
    public void Names_SplitIntoTheWordsTheFilesUse(string pascal, char separator, string expected)
    {
        Assert.Equal(expected, KnowledgeLoader.Words(pascal, separator));
    }

    [Fact]
    public void RealRulesDirectory_FrontendKnowledgeLoads()
    {
        var knowledge = FrontendKnowledge.Load(Path.Combine(AppContext.BaseDirectory, "rules"));

        Assert.Contains("include/linux/page-flags.h", knowledge.CMacros.GeneratorHeaders);
        Assert.NotEmpty(knowledge.CMacros.Groups);
        Assert.Contains("struct folio *folio", knowledge.Patches.HunkDeclarations);
    }
}
