using System.Collections.Generic;
using Folint.Analyzer.Model;

namespace Folint.Analyzer.Tests.Model;

public sealed class PpExprTests
{
    private static readonly Dictionary<string, long> X86 = new()
    {
        ["CONFIG_64BIT"] = 1,
        ["CONFIG_MEMCG"] = 1,
        ["CONFIG_SLAB_OBJ_EXT"] = 1,
        ["CONFIG_NR_CPUS"] = 64,
    };

    private static bool? Evaluate(string condition) => PpExpr.Parse(condition)?.Evaluate(X86) is { } value ? value != 0 : null;

    [Theory]
    [InlineData("CONFIG_MEMCG", true)]
    [InlineData("!CONFIG_MEMCG", false)]
    [InlineData("!_LINUX_MM_TYPES_H && CONFIG_MEMCG", true)]
    [InlineData("!CONFIG_MEMCG && defined(CONFIG_SLAB_OBJ_EXT)", false)]
    [InlineData("!CONFIG_MEMCG && !(defined(CONFIG_SLAB_OBJ_EXT))", false)]
    [InlineData("defined(WANT_PAGE_VIRTUAL)", false)]
    [InlineData("defined CONFIG_64BIT && !defined(CONFIG_KMSAN)", true)]
    [InlineData("IS_ENABLED(CONFIG_MEMCG) || LAST_CPUPID_NOT_IN_PAGE_FLAGS", true)]
    [InlineData("CONFIG_NR_CPUS > 32", true)]
    [InlineData("CONFIG_NR_CPUS >= (1 << 7)", false)]
    [InlineData("SOME_UNKNOWN_MACRO(CONFIG_MEMCG)", false)]
    [InlineData("CONFIG_NR_CPUS == 64 ? CONFIG_MEMCG : 0", true)]
    public void Condition_EvaluatesAsCppWouldForTheConfiguration(string condition, bool expected)
    {
        Assert.Equal(expected, Evaluate(condition));
    }

    [Theory]
    [InlineData("CONFIG_MEMCG &&")]
    [InlineData("(CONFIG_MEMCG")]
    [InlineData("CONFIG_MEMCG && #else")]
    [InlineData("sizeof(long) == 8")]
    [InlineData("")]
    public void MalformedCondition_IsNotGuessed(string condition)
    {
        Assert.Null(PpExpr.Parse(condition));
    }

    [Fact]
    public void DivisionByZero_InEitherArm_HasNoValue()
    {
        Assert.Null(PpExpr.Parse("CONFIG_MEMCG || 1 / 0")!.Evaluate(X86));
    }

    [Fact]
    public void IntegerExpression_WithAnUnknownName_HasNoValue()
    {
        Assert.Equal(8, PpExpr.Parse("2 * 4")!.Evaluate(X86, strict: true));
        Assert.Equal(128, PpExpr.Parse("CONFIG_NR_CPUS * 2")!.Evaluate(X86, strict: true));
        Assert.Equal(16, PpExpr.Parse("0x10UL")!.Evaluate(X86, strict: true));
        Assert.Null(PpExpr.Parse("NR_PAGEFLAGS")!.Evaluate(X86, strict: true));
        Assert.Equal(0, PpExpr.Parse("NR_PAGEFLAGS")!.Evaluate(X86));
    }

    [Theory]
    [InlineData("defined(CONFIG_MEMCG)", "!defined(CONFIG_MEMCG)")]
    [InlineData("!CONFIG_MEMCG", "CONFIG_MEMCG")]
    [InlineData("defined(A) || defined(B)", "!(defined(A) || defined(B))")]
    public void Negation_PrintsAsCpp_AndKeepsPrecedence(string condition, string negated)
    {
        var not = PpExpr.Not(PpExpr.Parse(condition)!);
        Assert.Equal(negated, not.ToString());
        Assert.Equal(not, PpExpr.Parse(negated));
    }

    [Fact]
    public void Conjunction_OfAnOrCondition_StaysGrouped()
    {
        // `A && (B || C)`: joining the texts would have read `A && B || C`.
        var both = PpExpr.And(PpExpr.Parse("CONFIG_X"), PpExpr.Parse("CONFIG_MEMCG || CONFIG_64BIT"))!;
        Assert.Equal(0, both.Evaluate(X86));
        Assert.Equal("CONFIG_X && (CONFIG_MEMCG || CONFIG_64BIT)", both.ToString());
        Assert.Equal(1, PpExpr.And(null, PpExpr.Parse("CONFIG_MEMCG"))!.Evaluate(X86));
    }
}
