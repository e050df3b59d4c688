using Folint.CSource.Normalization;

namespace Folint.CSource.Tests.Normalization;

public sealed class DirectiveRewriteTests
{
    [Fact]
    public void NamedVariadicParameter_LosesItsDots()
    {
        using var n = new Normalized("#define mm_dbg(fmt, args...) pr_debug(fmt, ##args)\nint x;\n");
        var rewrite = n.Single(RewriteKind.NamedVariadic);
        Assert.Equal("mm_dbg", rewrite.Macro);
        Assert.Equal("...", n.Original(rewrite));
        Assert.True(n.ParsesClean);
    }

    [Fact]
    public void CommentBeforeALineContinuation_InADefine_IsBlanked()
    {
        const string source = "#define CHECK(x) do {\t\\\n\tif (x)\t\\\n\t\tbreak; /* nothing to do */\t\\\n} while (0)\nint after;\n";
        using var n = new Normalized(source);
        var rewrite = n.Single(RewriteKind.DirectiveComment);
        Assert.Equal("/* nothing to do */", n.Original(rewrite));
        Assert.True(n.ParsesClean);
    }

    [Fact]
    public void CommentAtTheEndOfADefine_IsLeftAlone()
    {
        using var n = new Normalized("#define NR_PAGES 16 /* a power of two */\nint after;\n");
        Assert.Empty(n.Result.Rewrites);
        Assert.True(n.ParsesClean);
    }

    [Fact]
    public void CaseRange_BecomesAnOrExpression()
    {
        using var n = new Normalized("int f(int c)\n{\n\tswitch (c) {\n\tcase 'a' ... 'z':\n\t\treturn 1;\n\t}\n\treturn 0;\n}\n");
        var rewrite = n.Single(RewriteKind.CaseRange);
        Assert.Equal("...", n.Original(rewrite));
        Assert.True(n.ParsesClean);
    }
}
