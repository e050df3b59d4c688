using System.Linq;
using Folint.CSource.Normalization;

namespace Folint.CSource.Tests.Normalization;

public sealed class HeaderRewriteTests
{
    [Fact]
    public void SyscallDefine3_BecomesAFunctionDefinition_WithTheNameInPlace()
    {
        using var n = new Normalized("SYSCALL_DEFINE3(madvise, unsigned long, start, size_t, len_in, int, behavior)\n{\n\treturn do_madvise(start, len_in, behavior);\n}\n");
        var rewrite = n.Single(RewriteKind.FunctionHeader);
        Assert.Equal("SYSCALL_DEFINE3", rewrite.Macro);
        Assert.Equal("SYSCALL_DEFINE3(madvise, unsigned long, start, size_t, len_in, int, behavior)", n.Original(rewrite));
        Assert.Equal("long            madvise( unsigned long  start, size_t  len_in, int  behavior)", n.Rewritten(rewrite));
        Assert.True(n.ParsesClean);

        var function = n.Nodes("function_definition").Single();
        var declarator = function.ChildByField("declarator");
        Assert.Equal("madvise", declarator.ChildByField("declarator").Text);
        Assert.Equal(n.OffsetOf("madvise"), declarator.ChildByField("declarator").StartByte);
        var parameters = declarator.ChildByField("parameters").NamedChildren.ToList();
        Assert.Equal(new[] { "start", "len_in", "behavior" }, parameters.Select(p => p.ChildByField("declarator").Text));
        Assert.Equal("unsigned long", parameters[0].ChildByField("type").Text);
    }

    [Fact]
    public void SyscallDefine0_BecomesAFunctionWithoutParameters()
    {
        using var n = new Normalized("SYSCALL_DEFINE0(munlockall)\n{\n\treturn 0;\n}\n");
        Assert.True(n.ParsesClean);
        var declarator = n.Nodes("function_declarator").Single();
        Assert.Equal("munlockall", declarator.ChildByField("declarator").Text);
        Assert.Empty(declarator.ChildByField("parameters").NamedChildren);
    }

    [Fact]
    public void SyscallDefine_WithAUserPointer_DropsTheAnnotationInsideItsHeader()
    {
        using var n = new Normalized("SYSCALL_DEFINE2(mlock_it, const char __user *, name, int, flags)\n{\n\treturn 0;\n}\n");
        var rewrite = Assert.Single(n.Result.Rewrites);
        Assert.Equal(RewriteKind.FunctionHeader, rewrite.Kind);
        Assert.True(n.ParsesClean);
        Assert.Equal(2, n.Nodes("parameter_declaration").Count());
    }

    [Fact]
    public void SyscallDefine_NotFollowedByABody_IsLeftAlone()
    {
        using var n = new Normalized("SYSCALL_DEFINE1(foo, int, x);\n");
        Assert.Empty(n.Result.Rewrites);
    }
}
