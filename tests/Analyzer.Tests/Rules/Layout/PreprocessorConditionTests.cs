using System.Collections.Generic;
using Folint.Analyzer.Rules.Layout;

namespace Folint.Analyzer.Tests.Rules.Layout;

public sealed class PreprocessorConditionTests
{
    private static readonly Dictionary<string, long> X86 = new()
    {
        ["CONFIG_64BIT"] = 1,
        ["CONFIG_MEMCG"] = 1,
        ["CONFIG_SLAB_OBJ_EXT"] = 1,
        ["CONFIG_NR_CPUS"] = 64,
    };

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
    public void Condition_EvaluatesAsCppWouldForTheConfiguration(string condition, bool expected)
    {
        Assert.Equal(expected, PreprocessorCondition.Evaluate(condition, X86));
    }

    [Fact]
    public void NoCondition_IsTrue()
    {
        Assert.True(PreprocessorCondition.Evaluate(null, X86));
    }

    [Theory]
    [InlineData("CONFIG_MEMCG &&")]
    [InlineData("(CONFIG_MEMCG")]
    [InlineData("CONFIG_MEMCG && #else")]
    public void MalformedCondition_IsNotGuessed(string condition)
    {
        Assert.Null(PreprocessorCondition.Evaluate(condition, X86));
    }

    [Fact]
    public void IntegerExpression_WithAnUnknownName_HasNoValue()
    {
        Assert.Equal(8, PreprocessorCondition.EvaluateInteger("2 * 4", X86));
        Assert.Equal(128, PreprocessorCondition.EvaluateInteger("CONFIG_NR_CPUS * 2", X86));
        Assert.Null(PreprocessorCondition.EvaluateInteger("NR_PAGEFLAGS", X86));
    }
}
