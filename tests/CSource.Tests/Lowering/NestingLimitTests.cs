using System.Text;
using System.Threading;
using Folint.CSource.Engine;
using Folint.CSource.Lowering;

namespace Folint.CSource.Tests.Lowering;

/// <summary>Generated or hostile C nested tens of thousands deep is refused with its line, never a stack overflow.</summary>
public sealed class NestingLimitTests
{
    private static string Parentheses(int depth) => "int f(void)\n{\n\treturn " + new string('(', depth) + "1" + new string(')', depth) + ";\n}\n";

    private static string Blocks(int depth) => "void g(void)\n" + new string('{', depth) + new string('}', depth) + "\n";

    private static string Ifs(int depth) => "void h(int x)\n{\n" + new StringBuilder().Insert(0, "if (x) ", depth) + "x++;\n}\n";

    private static string AdditionChain(int terms) => "int s(int x)\n{\n\treturn x" + new StringBuilder().Insert(0, " + x", terms - 1) + ";\n}\n";

    private static Folint.Analyzer.Model.SourceUnit Lower(string code)
    {
        using var frontend = new CFrontend();
        return frontend.Build(new SourceFile("mm/deep.c", Encoding.UTF8.GetBytes(code)), CancellationToken.None);
    }

    public static TheoryData<string, int> TooDeep => new()
    {
        { Parentheses(50_000), 3 },
        { Blocks(50_000), 2 },
        { Ifs(50_000), 3 },
        { AdditionChain(20_000), 3 },
    };

    [Theory]
    [MemberData(nameof(TooDeep))]
    public void NestingPastTheLimit_IsRefused_NamingFileAndLine(string code, int line)
    {
        var refused = Assert.Throws<NestingTooDeepException>(() => Lower(code));

        Assert.Equal("mm/deep.c", refused.Path);
        Assert.Equal(line, refused.Line);
        Assert.Equal($"nesting deeper than {CLowering.MaxNesting} levels (statements or expressions) at line {line}", refused.Reason);
    }

    [Fact]
    public void NestingUnderTheLimit_IsLowered()
    {
        var depth = CLowering.MaxNesting / 4;

        foreach (var code in new[] { Parentheses(depth), Blocks(depth), Ifs(depth), AdditionChain(depth) })
            Assert.Single(Lower(code).Functions);
    }
}
