using System.Linq;
using Folint.CSource.Normalization;

namespace Folint.CSource.Tests.Normalization;

public sealed class AnnotationRewriteTests
{
    [Fact]
    public void InitAnnotation_IsBlanked_AndTheFunctionParsesClean()
    {
        using var n = new Normalized("static int __init kswapd_init(void)\n{\n\treturn 0;\n}\n");
        var rewrite = n.Single(RewriteKind.Blanked);
        Assert.Equal("__init", rewrite.Macro);
        Assert.Equal("__init", n.Original(rewrite));
        Assert.Equal("      ", n.Rewritten(rewrite));
        Assert.True(n.ParsesClean);
        Assert.Equal("kswapd_init", n.Nodes("function_declarator").Single().ChildByField("declarator").Text);
    }

    [Fact]
    public void MustHold_AfterTheParameters_IsBlankedWithItsArguments()
    {
        using var n = new Normalized("static void split_queue(struct deferred_split *q)\n\t__must_hold(&q->split_queue_lock)\n{\n\tq->split_queue_len--;\n}\n");
        var rewrite = n.Single(RewriteKind.Blanked);
        Assert.Equal("__must_hold(&q->split_queue_lock)", n.Original(rewrite));
        Assert.True(n.ParsesClean);
        Assert.Single(n.Nodes("function_definition"));
    }

    [Fact]
    public void AlwaysInline_BecomesTheInlineKeyword_AndIsRecorded()
    {
        using var n = new Normalized("static __always_inline bool folio_test_large(const struct folio *folio)\n{\n\treturn folio_test_head(folio);\n}\n");
        var rewrite = n.Single(RewriteKind.Inline);
        Assert.Equal("__always_inline", rewrite.Macro);
        Assert.Equal("inline         ", n.Rewritten(rewrite));
        Assert.True(n.ParsesClean);
        var inline = n.Nodes("storage_class_specifier").Single(s => s.Text == "inline");
        Assert.Equal(rewrite.Span.Start, inline.StartByte);
    }

    [Fact]
    public void SparseAddressSpace_InAParameter_IsBlanked()
    {
        using var n = new Normalized("long copy_it(char __user *buf, void __iomem *io)\n{\n\treturn 0;\n}\n");
        Assert.Equal(new[] { "__user", "__iomem" }, n.Result.Rewrites.Select(r => r.Macro));
        Assert.True(n.ParsesClean);
        Assert.Equal(2, n.Nodes("parameter_declaration").Count());
    }

    [Fact]
    public void AnnotationNames_InStringsCommentsAndMembers_AreLeftAlone()
    {
        const string source = "/* __init */\nstatic const char *s = \"__init __read_mostly\";\nvoid f(struct ops *o) { o->__init = 0; o.__read_mostly = 1; }\n";
        using var n = new Normalized(source);
        Assert.Empty(n.Result.Rewrites);
        Assert.Equal(source, n.Text);
    }

    [Fact]
    public void FreeCleanup_OnALocal_IsBlankedWithItsArgument()
    {
        using var n = new Normalized("void f(void)\n{\n\tstruct folio *folio __free(folio_put) = NULL;\n\tuse(folio);\n}\n");
        Assert.Equal("__free(folio_put)", n.Original(n.Single(RewriteKind.Blanked)));
        Assert.True(n.ParsesClean);
        Assert.Single(n.Nodes("init_declarator"));
    }
}
