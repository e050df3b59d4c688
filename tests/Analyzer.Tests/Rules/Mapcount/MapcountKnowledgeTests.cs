using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using System.Threading;
using Folint.Analyzer.Model;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Rules;
using Folint.Analyzer.Rules.Knowledge;
using Folint.Analyzer.Rules.Mapcount;
using Folint.CSource;
using Folint.CSource.Engine;

namespace Folint.Analyzer.Tests.Rules.Mapcount;

/// <summary>The type tests and accessors FOL003 derives from a tree's own headers.</summary>
public sealed class MapcountKnowledgeTests
{
    private static readonly KernelKnowledge Lists = ShippedKnowledge.Kernel with
    {
        Mapcount = new MapcountSection(
            Fields: ImmutableHashSet.Create("_mapcount", "_large_mapcount"),
            OffsetFields: ImmutableHashSet.Create("_mapcount", "_large_mapcount"),
            ReadFunctions: ImmutableHashSet.Create("atomic_read"),
            TypeTests: ImmutableHashSet.Create("page_type_has_type"),
            TypeMarkers: ImmutableHashSet.Create("PGTY_mapcount_underflow"),
            TypeTestHeaders: ImmutableArray.Create("include/linux/page-flags.h"),
            AccessorHeaders: ImmutableArray.Create("include/linux/mm.h", "mm/internal.h"),
            Accessors: ImmutableHashSet<string>.Empty),
    };

    private const string PageFlags = @"
static inline bool page_type_is_sample(unsigned int page_type)
{
	return page_type < (PGTY_mapcount_underflow << 24);
}
static inline bool sample_mapcount_is_type(unsigned int mapcount)
{
	return page_type_is_sample(mapcount - 1);
}
#define folio_sample_typed(folio) sample_mapcount_is_type(folio_mapcount(folio))
static inline bool unrelated_test(int v)
{
	return v < 0;
}
";

    private const string Mm = @"
static inline int folio_sample_mapcount(const struct folio *folio)
{
	return atomic_read(&folio->_large_mapcount) + 1;
}
static inline bool folio_sample_mapped(const struct folio *folio)
{
	return atomic_read(&folio->_mapcount) >= 0;
}
static inline int unrelated(const struct folio *folio)
{
	return folio_nr_pages(folio);
}
";

    [Fact]
    public void TypeTests_AreTheListedOnes_AndEveryHeaderFunctionOrMacroBuiltOnThemOrOnAMarker()
    {
        var knowledge = MapcountKnowledge.Derive(Lists, Index(), CancellationToken.None);

        Assert.Equal(
            new[] { "folio_sample_typed", "page_type_has_type", "page_type_is_sample", "sample_mapcount_is_type" },
            Sorted(knowledge.TypeTests));
    }

    [Fact]
    public void Accessors_AreTheAccessorHeaderFunctionsThatReadAField_ByField()
    {
        var knowledge = MapcountKnowledge.Derive(Lists, Index(), CancellationToken.None);

        Assert.Equal(new[] { "folio_sample_mapcount" }, knowledge.AccessorsByField["_large_mapcount"]);
        Assert.Equal(new[] { "folio_sample_mapped" }, knowledge.AccessorsByField["_mapcount"]);
        Assert.DoesNotContain("unrelated", knowledge.Accessors);
        Assert.Equal(-1, knowledge.ResetValue("_mapcount"));
    }

    [Fact]
    public void MissingHeaders_LeaveOnlyTheListedNames()
    {
        var knowledge = MapcountKnowledge.Derive(Lists, new Units(new Dictionary<string, SourceUnit>()), CancellationToken.None);

        Assert.Equal(new[] { "page_type_has_type" }, Sorted(knowledge.TypeTests));
        Assert.Empty(knowledge.AccessorsByField);
    }

    private static string[] Sorted(IEnumerable<string> names)
    {
        var list = new List<string>(names);
        list.Sort(System.StringComparer.Ordinal);
        return list.ToArray();
    }

    private static Units Index()
    {
        using var frontend = new CFrontend();
        return new Units(new Dictionary<string, SourceUnit>
        {
            ["include/linux/page-flags.h"] = frontend.Build(new SourceFile("include/linux/page-flags.h", Encoding.UTF8.GetBytes(PageFlags)), CancellationToken.None),
            ["include/linux/mm.h"] = frontend.Build(new SourceFile("include/linux/mm.h", Encoding.UTF8.GetBytes(Mm)), CancellationToken.None),
        });
    }

    private sealed class Units(Dictionary<string, SourceUnit> units) : IProgramIndex
    {
        public IReadOnlyList<FunctionSymbol> FunctionsNamed(string name, CancellationToken cancellationToken = default) => System.Array.Empty<FunctionSymbol>();

        public IReadOnlyList<FunctionSymbol> FunctionsNamedIn(string name, string file, CancellationToken cancellationToken = default) => System.Array.Empty<FunctionSymbol>();

        public IReadOnlyList<CallSite> CallersOf(string callee, CancellationToken cancellationToken = default) => System.Array.Empty<CallSite>();

        public IReadOnlyList<CallSite> IndirectUsesOf(string function, CancellationToken cancellationToken = default) => System.Array.Empty<CallSite>();

        public int MentionCount(string name) => 0;

        public bool IsWholeTree => false;

        public SourceUnit? UnitAt(string path, CancellationToken cancellationToken = default) => units.TryGetValue(path, out var unit) ? unit : null;
    }
}
