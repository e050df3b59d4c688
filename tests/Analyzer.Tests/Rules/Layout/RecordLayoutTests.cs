using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using Folint.Analyzer.Model;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Rules;
using Folint.Analyzer.Rules.Knowledge;
using Folint.Analyzer.Rules.Layout;
using Folint.CSource;
using Folint.CSource.Engine;

namespace Folint.Analyzer.Tests.Rules.Layout;

/// <summary>Layouts computed from C lowered by the real frontend, against what gcc gives on x86-64.</summary>
public sealed class RecordLayoutTests
{
    private static readonly LayoutKnowledge Knowledge = LayoutKnowledge.From(ShippedKnowledge.Kernel.Layout with
    {
        Config = ImmutableDictionary.CreateRange(new[] { KeyValuePair.Create("CONFIG_64BIT", 1L), KeyValuePair.Create("CONFIG_MEMCG", 1L) }),
        Sizes = new[] { ("char", 1), ("unsigned char", 1), ("short", 2), ("int", 4), ("unsigned int", 4), ("unsigned long", 8), ("atomic_t", 4), ("struct list_head", 16) }
            .ToImmutableDictionary(s => s.Item1, s => new TypeSize(s.Item2, Math.Min(s.Item2, 8))),
        PlaceholderPrefixes = ImmutableArray.Create("_refcount"),
    });

    private static (RecordLayout Layout, SourceUnit Unit) Lower(string code)
    {
        using var frontend = new CFrontend();
        var unit = frontend.Build(new SourceFile("include/linux/sample.h", Encoding.UTF8.GetBytes(code)), CancellationToken.None);
        return (new RecordLayout(Knowledge, tag => unit.Records.FirstOrDefault(r => r.Name == tag), unit.Macros), unit);
    }

    private static RecordLayoutResult Of(string code, string name)
    {
        var (layout, unit) = Lower(code);
        return layout.Of(unit.Records.Single(r => r.Name == name));
    }

    [Fact]
    public void Struct_AlignsEachMemberToItsType_AndRoundsUpToItsAlignment()
    {
        var sample = Of("struct s { char c; unsigned long l; short h; int i[3]; unsigned char t; };", "s");

        Assert.Equal(new[] { ("c", 0L), ("l", 8L), ("h", 16L), ("i", 20L), ("t", 32L) }, sample.Members.Select(m => (m.Path, m.Offset)));
        Assert.Equal((40L, 8L), (sample.Size, sample.Align));
    }

    [Fact]
    public void AnonymousUnionsAndStructs_LendTheirMembersToTheContainer()
    {
        var sample = Of("struct s { unsigned long flags; union { struct { struct list_head lru; void *p; }; unsigned long raw[4]; }; atomic_t count; };", "s");

        Assert.Equal(new[] { ("flags", 0L), ("lru", 8L), ("p", 24L), ("raw", 8L), ("count", 40L) }, sample.Members.Select(m => (m.Path, m.Offset)));
        Assert.Equal(48, sample.Size);
    }

    [Fact]
    public void BitFields_PackIntoUnitsOfTheirType_WithoutStraddling()
    {
        var sample = Of("struct s { unsigned int a : 3; unsigned int b : 30; unsigned int c : 2; char d; };", "s");

        Assert.Equal(new[] { ("a", 0L), ("b", 4L), ("c", 7L), ("d", 8L) }, sample.Members.Select(m => (m.Path, m.Offset)));
        Assert.Equal(12, sample.Size);
    }

    [Fact]
    public void MembersUnderConditions_FollowTheAssumedConfiguration()
    {
        var sample = Of(@"struct s {
	int a;
#ifdef CONFIG_MEMCG
	unsigned long memcg;
#elif defined(CONFIG_SLAB_OBJ_EXT)
	unsigned long exts;
#endif
#ifndef CONFIG_64BIT
	int pad32;
#endif
	int b;
};", "s");

        Assert.Equal(new[] { "a", "memcg", "b" }, sample.Members.Select(m => m.Path));
        Assert.Equal(24, sample.Size);
    }

    [Fact]
    public void NamedRecordMembers_AreLaidOutFromTheirDefinition_AndArraySizesFromMacros()
    {
        var sample = Of("#define NR_SLOTS 3\nstruct inner { int x; char y; };\nstruct s { char c; struct inner in[NR_SLOTS]; };", "s");

        Assert.Equal(new[] { ("c", 0L), ("in", 4L) }, sample.Members.Select(m => (m.Path, m.Offset)));
        Assert.Equal(28, sample.Size);
    }

    [Fact]
    public void UnknownType_SaysWhatToAddToLayoutYaml()
    {
        var error = Assert.Throws<LayoutException>(() => Of("struct s { int a; frob_t f; };", "s"));

        Assert.Equal("struct s: no size for type 'frob_t' of member f; add it to 'sizes' in rules/kernel/layout.yaml", error.Message);
    }

    [Fact]
    public void ShippedLayoutYaml_LaysOutTheFixtureStructPageAsTheKernelDoes()
    {
        var knowledge = LayoutKnowledge.From(ShippedKnowledge.Kernel.Layout);
        var header = System.IO.File.ReadAllText(System.IO.Path.Combine(System.AppContext.BaseDirectory, "Fixtures", "tree", "include", "linux", "mm_types.h"));
        using var frontend = new CFrontend();
        var unit = frontend.Build(new SourceFile("include/linux/mm_types.h", Encoding.UTF8.GetBytes(header)), CancellationToken.None);
        var layout = new RecordLayout(knowledge, tag => unit.Records.FirstOrDefault(r => r.Name == tag), unit.Macros);

        var page = layout.Of(unit.Records.Single(r => r.Name == "page"));
        var folio = unit.Records.Single(r => r.Name == "folio");

        Assert.Equal(64, page.Size);
        Assert.Equal(52, page.Member("_refcount")!.Offset);
        Assert.Equal(56, page.Member("memcg_data")!.Offset);
        Assert.Null(page.Member("_unused_slab_obj_exts"));
        Assert.Equal(192, layout.Of(folio).Size);
        Assert.Empty(TailRefcountOverlay.Find(folio, unit.Records.Single(r => r.Name == "page"), layout, knowledge));
    }
}
