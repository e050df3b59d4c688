using System.Linq;
using System.Text;
using Folint.Analyzer.Model;
using Folint.CSource.Normalization;

namespace Folint.CSource.Tests.Normalization;

public sealed class DirectiveConditionsTests
{
    private static PpExpr Of(string line) => DirectiveConditions.Of(Encoding.ASCII.GetBytes(line));

    [Theory]
    [InlineData("#ifdef CONFIG_MEMCG", "defined(CONFIG_MEMCG)")]
    [InlineData("#  ifndef _LINUX_MM_TYPES_H /* guard */", "!defined(_LINUX_MM_TYPES_H)")]
    [InlineData("#elifdef CONFIG_NUMA", "defined(CONFIG_NUMA)")]
    [InlineData("#elifndef CONFIG_NUMA", "!defined(CONFIG_NUMA)")]
    [InlineData("#if defined(CONFIG_64BIT) && \\\n    !defined(CONFIG_KMSAN) // both", "defined(CONFIG_64BIT) && !defined(CONFIG_KMSAN)")]
    [InlineData("#elif IS_ENABLED(CONFIG_X) /* a\n b */ || Y", "IS_ENABLED(CONFIG_X) || Y")]
    public void Directive_IsReadIntoOneTree_CommentsAndContinuationsLeftOut(string line, string expected)
    {
        Assert.Equal(expected, Of(line).ToString());
    }

    [Theory]
    [InlineData("#if sizeof(long) == 8", "sizeof(long) == 8")]
    [InlineData("#ifdef CONFIG_A CONFIG_B", "CONFIG_A CONFIG_B")]
    [InlineData("#if", "")]
    public void DirectiveCppWouldRefuse_IsUnparsed_WithItsText(string line, string text)
    {
        Assert.Equal(new PpUnparsed(text), Of(line));
    }

    [Fact]
    public void File_ConditionsAreKeyedByTheOffsetOfTheirHash()
    {
        const string source = "int a;\n#ifdef A\nint b;\n#elif B > 1\nint c;\n#else\n#endif\n";
        var conditions = DirectiveConditions.Read(Encoding.ASCII.GetBytes(source));
        Assert.Equal(new[] { source.IndexOf("#ifdef"), source.IndexOf("#elif") }, conditions.Keys.Order());
        Assert.Equal(new PpDefined("A"), conditions[source.IndexOf("#ifdef")]);
    }
}
