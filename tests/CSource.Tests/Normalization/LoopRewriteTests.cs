using System.Linq;
using Folint.CSource.Normalization;

namespace Folint.CSource.Tests.Normalization;

public sealed class LoopRewriteTests
{
    [Fact]
    public void ListForEachEntry_BecomesAWhileStatement_WithTheArgumentsAsItsCondition()
    {
        using var n = new Normalized("void f(struct list_head *head)\n{\n\tstruct folio *folio;\n\n\tlist_for_each_entry(folio, head, lru) {\n\t\tfolio_put(folio);\n\t}\n}\n");
        var rewrite = n.Single(RewriteKind.IteratorLoop);
        Assert.Equal("list_for_each_entry", rewrite.Macro);
        Assert.Equal("list_for_each_entry", n.Original(rewrite));
        Assert.Equal(n.OffsetOf("list_for_each_entry"), rewrite.Span.Start);
        Assert.True(n.ParsesClean);

        var loop = n.Nodes("while_statement").Single();
        Assert.Equal(rewrite.Span.Start, loop.StartByte);
        var condition = loop.ChildByField("condition");
        Assert.Equal("parenthesized_expression", condition.Kind);
        var arguments = condition.NamedChild(0);
        Assert.Equal("comma_expression", arguments.Kind);
        Assert.Equal("folio", arguments.ChildByField("left").Text);
        Assert.Equal("head, lru", arguments.ChildByField("right").Text);
        Assert.Equal("compound_statement", loop.ChildByField("body").Kind);
    }

    [Fact]
    public void ForEachWithoutBraces_TakesTheNextStatementAsItsBody()
    {
        using var n = new Normalized("void f(void)\n{\n\tint cpu;\n\n\tfor_each_online_cpu(cpu)\n\t\tdrain_pages(cpu);\n\treturn;\n}\n");
        Assert.True(n.ParsesClean);
        var loop = n.Nodes("while_statement").Single();
        Assert.Equal("cpu", loop.ChildByField("condition").NamedChild(0).Text);
        Assert.Equal("drain_pages(cpu);", loop.ChildByField("body").Text);
    }

    [Fact]
    public void IteratorsNestedWithoutBraces_AreBothLoops()
    {
        using var n = new Normalized("void f(void)\n{\n\tfor_each_node(nid)\n\t\tfor_each_zone_in_node(zone, nid)\n\t\t\tcount(zone);\n}\n");
        Assert.True(n.ParsesClean);
        Assert.Equal(2, n.Result.Rewrites.Count(r => r.Kind == RewriteKind.IteratorLoop));
        Assert.Equal(2, n.Nodes("while_statement").Count());
    }

    [Fact]
    public void IteratorAfterAnIfHeader_IsTheIfsStatement()
    {
        using var n = new Normalized("void f(void)\n{\n\tif (drain)\n\t\txas_for_each(&xas, entry, max)\n\t\t\tdrop(entry);\n}\n");
        Assert.True(n.ParsesClean);
        var loop = n.Nodes("while_statement").Single();
        Assert.Equal("if_statement", loop.Parent.Kind);
    }

    [Fact]
    public void FunctionWithAnIteratorLikeName_CalledAsAStatement_IsLeftAlone()
    {
        const string source = "void f(void)\n{\n\twalk_for_each_vma(mm, visit);\n\tx = for_each_count(mm);\n}\n";
        using var n = new Normalized(source);
        Assert.Empty(n.Result.Rewrites);
        Assert.Equal(source, n.Text);
    }

    [Fact]
    public void IteratorDefinition_InADefine_IsLeftAlone()
    {
        const string source = "#define list_for_each(pos, head) \\\n\tfor (pos = (head)->next; pos != (head); pos = pos->next)\n";
        using var n = new Normalized(source);
        Assert.Empty(n.Result.Rewrites);
    }

    [Fact]
    public void ScopedGuard_BecomesAWhileStatement_RecordedAsAGuard()
    {
        using var n = new Normalized("void f(struct zone *zone)\n{\n\tscoped_guard(spinlock_irqsave, &zone->lock) {\n\t\tzone->nr_free++;\n\t}\n}\n");
        var rewrite = n.Single(RewriteKind.ScopedGuard);
        Assert.Equal("scoped_guard", rewrite.Macro);
        Assert.True(n.ParsesClean);
        Assert.Single(n.Nodes("while_statement"));
    }

    [Fact]
    public void IteratorName_FromTheHints_IsRewritten_AndAnUnlistedOneIsNot()
    {
        var hints = MacroHints.Parse("generator_headers: []\ngroups:\n  - treatment: iterator\n    why: test\n    names: [walk_pages]\n", "test.yaml");
        using var listed = new Normalized("void f(void)\n{\n\twalk_pages(p, mm) {\n\t\tvisit(p);\n\t}\n}\n", new Normalizer(hints));
        Assert.Equal("walk_pages", listed.Single(RewriteKind.IteratorLoop).Macro);
        using var unlisted = new Normalized("void f(void)\n{\n\tvisit_pages(p, mm) {\n\t\tvisit(p);\n\t}\n}\n", new Normalizer(hints));
        Assert.Empty(unlisted.Result.Rewrites);
    }
}
