using System.Linq;
using Folint.CSource.Normalization;

namespace Folint.CSource.Tests.Normalization;

public sealed class DeclarationRewriteTests
{
    [Fact]
    public void ContainerOf_WithAStructType_ReducesTheTypeToItsName()
    {
        using var n = new Normalized("void f(struct list_head *l)\n{\n\tstruct folio *folio = container_of(l, struct folio, lru);\n}\n");
        var rewrite = n.Single(RewriteKind.TypeArgument);
        Assert.Equal("container_of", rewrite.Macro);
        Assert.Equal("struct folio", n.Original(rewrite));
        Assert.Equal("       folio", n.Rewritten(rewrite));
        Assert.True(n.ParsesClean);
        var call = n.Nodes("call_expression").Single();
        Assert.Equal(new[] { "l", "folio", "lru" }, call.ChildByField("arguments").NamedChildren.Select(a => a.Text));
    }

    [Fact]
    public void MinT_WithAMultiWordOrPointerType_ReducesToOneWord()
    {
        using var n = new Normalized("void f(void)\n{\n\tnr = min_t(unsigned long, nr, max);\n\tp = va_arg(args, void *);\n}\n");
        Assert.Equal(new[] { "unsigned long", "void *" }, n.Result.Rewrites.Select(n.Original));
        Assert.Equal(new[] { "         long", "void  " }, n.Result.Rewrites.Select(n.Rewritten));
        Assert.True(n.ParsesClean);
    }

    [Fact]
    public void TypesInPrototypesCastsAndSizeof_AreLeftToTreeSitter()
    {
        const string source = "int folio_mapcount(struct folio *, int);\nvoid f(void)\n{\n\tn = sizeof(struct folio);\n\tp = (struct folio *)q;\n\to = offsetof(struct folio, lru);\n}\n";
        using var n = new Normalized(source);
        Assert.Empty(n.Result.Rewrites);
        Assert.True(n.ParsesClean);
    }

    [Fact]
    public void DefinePerCpu_AtFileScope_DeclaresItsName()
    {
        using var n = new Normalized("static DEFINE_PER_CPU(struct per_cpu_pages, boot_pageset);\n");
        var rewrite = n.Single(RewriteKind.DeclarationMacro);
        Assert.Equal("DEFINE_PER_CPU(struct per_cpu_pages, boot_pageset)", n.Original(rewrite));
        Assert.True(n.ParsesClean);
        var declaration = n.Nodes("declaration").Single();
        Assert.Equal("DEFINE_PER_CPU", declaration.ChildByField("type").Text);
        Assert.Equal("boot_pageset", declaration.ChildByField("declarator").Text);
    }

    [Fact]
    public void DeclareBitmap_InAStruct_IsAMember()
    {
        using var n = new Normalized("struct cpu_mask_holder {\n\tint nr;\n\tDECLARE_BITMAP(bits, NR_CPUS);\n};\n");
        Assert.True(n.ParsesClean);
        var fields = n.Nodes("field_declaration").ToList();
        Assert.Equal(new[] { "nr", "bits" }, fields.Select(f => f.ChildByField("declarator").Text));
        Assert.Equal("DECLARE_BITMAP", fields[1].ChildByField("type").Text);
    }

    [Fact]
    public void FolioFlagLines_WithoutSemicolons_BecomeOneDeclarationEach()
    {
        const string source =
            "FOLIO_FLAG(dirty, FOLIO_HEAD_PAGE)\n" +
            "\t__FOLIO_CLEAR_FLAG(dirty, FOLIO_HEAD_PAGE)\n" +
            "#ifdef CONFIG_TRANSPARENT_HUGEPAGE\n" +
            "FOLIO_FLAG(partially_mapped, FOLIO_SECOND_PAGE)\n" +
            "#else\n" +
            "FOLIO_FLAG_FALSE(partially_mapped)\n" +
            "#endif\n" +
            "static inline int after(void) { return 0; }\n";
        using var n = new Normalized(source);
        Assert.True(n.ParsesClean);
        var rewrites = n.Result.Rewrites.Where(r => r.Kind == RewriteKind.GeneratorMacro).ToList();
        Assert.Equal(new[] { "FOLIO_FLAG", "__FOLIO_CLEAR_FLAG", "FOLIO_FLAG", "FOLIO_FLAG_FALSE" }, rewrites.Select(r => r.Macro));
        Assert.Equal("FOLIO_FLAG partially_mapped, FOLIO_SECOND_PAGE;", n.Rewritten(rewrites[2]));
        var declaration = n.Nodes("declaration").First(d => d.StartByte == rewrites[2].Span.Start);
        Assert.Equal("FOLIO_FLAG", declaration.ChildByField("type").Text);
        Assert.Single(n.Nodes("function_definition"));
    }

    [Fact]
    public void StructGroup_BecomesAnAnonymousStruct_KeepingTheMembers()
    {
        using var n = new Normalized("struct stats {\n\tstruct_group(counters,\n\t\tu64 rx;\n\t\tu64 tx;\n\t);\n\tint flags;\n};\n");
        Assert.True(n.ParsesClean);
        Assert.Equal(2, n.Result.Rewrites.Count(r => r.Kind == RewriteKind.MemberGroup));
        var names = n.Nodes("field_declaration").Select(f => f.ChildByField("declarator")).Where(d => !d.IsNull).Select(d => d.Text);
        Assert.Equal(new[] { "rx", "tx", "flags" }, names);
    }
}
