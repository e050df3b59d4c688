using System.Linq;
using Folint.CSource.Normalization;

namespace Folint.CSource.Tests.Normalization;

public sealed class ConditionalFlatteningTests
{
    [Fact]
    public void IfdefSplittingAnIfHeader_KeepsTheFirstBranch()
    {
        const string source =
            "void f(struct folio *folio)\n{\n" +
            "#ifdef CONFIG_MEMCG\n" +
            "\tif (folio_memcg(folio)) {\n" +
            "#else\n" +
            "\tif (folio) {\n" +
            "#endif\n" +
            "\t\tfolio_put(folio);\n" +
            "\t}\n}\n";
        using var n = new Normalized(source);
        Assert.True(n.ParsesClean);
        Assert.All(n.Result.Rewrites, r => Assert.Equal(RewriteKind.ConditionalBranch, r.Kind));
        Assert.Equal(new[] { "#ifdef", "#else", "#endif" }, n.Result.Rewrites.Select(r => r.Macro));
        Assert.Equal("#else\n\tif (folio) {", n.Original(n.Result.Rewrites[1]));
        Assert.Contains("if (folio_memcg(folio)) {", n.Text);
        Assert.Single(n.Nodes("if_statement"));
    }

    [Fact]
    public void IfdefInsideAnArgumentList_IsFlattened()
    {
        const string source = "void f(void)\n{\n\tshow(a,\n#ifdef CONFIG_NUMA\n\t     b,\n#endif\n\t     c);\n}\n";
        using var n = new Normalized(source);
        Assert.True(n.ParsesClean);
        Assert.Equal(new[] { "a", "b", "c" }, n.Nodes("argument_list").Single().NamedChildren.Select(a => a.Text));
    }

    [Fact]
    public void IfdefInsideAnInitializer_KeepsTheFirstBranch()
    {
        const string source = "static const struct ops o = {\n\t.open = o_open,\n#ifdef CONFIG_COMPAT\n\t.compat = o_compat,\n#else\n\t.compat = NULL,\n#endif\n};\n";
        using var n = new Normalized(source);
        Assert.True(n.ParsesClean);
        Assert.Equal(2, n.Nodes("initializer_pair").Count());
        Assert.Contains(".compat = o_compat", n.Text);
    }

    [Fact]
    public void DanglingElseBeforeEndif_IsJoinedToItsStatement()
    {
        const string source = "void f(void)\n{\n#ifdef CONFIG_HIGHMEM\n\tif (high)\n\t\tmap_high();\n\telse\n#endif\n\t\tmap_low();\n}\n";
        using var n = new Normalized(source);
        Assert.True(n.ParsesClean);
        Assert.Equal("map_low();", n.Nodes("else_clause").Single().NamedChild(0).Text);
    }

    [Fact]
    public void LabelBeforeEndif_IsJoinedToTheStatementAfterIt()
    {
        const string source = "int f(void)\n{\n#ifdef CONFIG_TRANSPARENT_HUGEPAGE\n\tif (huge)\n\t\tgoto regular_page;\nregular_page:\n#endif\n\treturn 0;\n}\n";
        using var n = new Normalized(source);
        Assert.True(n.ParsesClean);
        Assert.Single(n.Nodes("labeled_statement"));
    }

    [Fact]
    public void BalancedIfdefBetweenStatements_IsLeftToTreeSitter()
    {
        const string source = "void f(void)\n{\n\ta();\n#ifdef CONFIG_SWAP\n\tb();\n#else\n\tc();\n#endif\n\td();\n}\n";
        using var n = new Normalized(source);
        Assert.Empty(n.Result.Rewrites);
        Assert.True(n.ParsesClean);
    }

    [Fact]
    public void IfdefAroundEnumerators_IsLeftToTreeSitter()
    {
        const string source = "enum pageflags {\n\tPG_locked,\n#ifdef CONFIG_MMU\n\tPG_mlocked,\n#endif\n\tPG_owner_priv_1,\n};\n";
        using var n = new Normalized(source);
        Assert.Empty(n.Result.Rewrites);
        Assert.True(n.ParsesClean);
    }

    [Fact]
    public void IfZeroBranch_IsDroppedForTheElseBranch()
    {
        const string source = "void f(void)\n{\n\tshow(a,\n#if 0\n\t     old,\n#else\n\t     new,\n#endif\n\t     c);\n}\n";
        using var n = new Normalized(source);
        Assert.True(n.ParsesClean);
        Assert.Equal(new[] { "a", "new", "c" }, n.Nodes("argument_list").Single().NamedChildren.Select(a => a.Text));
    }

    [Fact]
    public void AssemblerBranch_IsDropped_EvenWhereTreeSitterCouldReadTheGroup()
    {
        const string source = "#ifndef __ASSEMBLY__\nint c_side(void);\n#else\n.macro UNWIND_HINT type:req\n.endm\n#endif\n";
        using var n = new Normalized(source);
        Assert.True(n.ParsesClean);
        Assert.Contains("int c_side(void);", n.Text);
        Assert.DoesNotContain(".macro", n.Text);
    }
}
