using System.Linq;
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

    private static string NestedStructs(int depth) =>
        string.Concat(Enumerable.Range(0, depth).Select(i => $"struct s{i} {{ ")) + "int x; " + new StringBuilder().Insert(0, "}; ", depth) + "\n";

    private static string NestedConditionals(int depth) =>
        new StringBuilder().Insert(0, "#if X\n", depth) + "void f(void) { }\n" + new StringBuilder().Insert(0, "#endif\n", depth);

    private static Folint.Analyzer.Model.SourceUnit LowerForKernel(string code)
    {
        using var frontend = CFrontend.ForKernel(System.IO.Path.Combine(System.AppContext.BaseDirectory, "rules"));
        return frontend.Build(new SourceFile("mm/deep.c", Encoding.UTF8.GetBytes(code)), CancellationToken.None);
    }

    [Fact]
    public void StructsDefinedInStructs20000Deep_AreRefused_NotAStackOverflow()
    {
        var refused = Assert.Throws<NestingTooDeepException>(() => Lower(NestedStructs(20_000)));

        Assert.Equal($"nesting deeper than {CLowering.MaxNesting} levels (struct and union members) at line 1", refused.Reason);
    }

    [Fact]
    public void AnonymousUnionsNestedPastTheLimit_AreRefused()
    {
        var code = "struct s { " + new StringBuilder().Insert(0, "union { ", 20_000) + "int x; " + new StringBuilder().Insert(0, "}; ", 20_000) + "};\n";

        var refused = Assert.Throws<NestingTooDeepException>(() => Lower(code));

        Assert.Contains("(struct and union members)", refused.Reason);
    }

    [Fact]
    public void Conditionals100000Deep_AreRefusedByTheNormalizer_BeforeTheParse()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var refused = Assert.Throws<NestingTooDeepException>(() => LowerForKernel(NestedConditionals(100_000)));

        Assert.Equal($"nesting deeper than 1000 levels (preprocessor conditionals) at line 1001", refused.Reason);
        // The flattening reads each group's tokens: 100,000 nested groups took 80 s before the limit (2 cores).
        Assert.True(clock.Elapsed < System.TimeSpan.FromSeconds(20), $"refusing took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void ConditionalsNestedPastTheLimit_WithoutTheNormalizer_AreRefusedByTheLowering()
    {
        var refused = Assert.Throws<NestingTooDeepException>(() => Lower(NestedConditionals(5_000)));

        Assert.Contains("(preprocessor conditionals)", refused.Reason);
    }

    [Fact]
    public void ConditionalsAndStructsUnderTheLimit_AreLowered()
    {
        Assert.Single(LowerForKernel(NestedConditionals(200)).Functions);
        Assert.Equal(200, Lower(NestedStructs(200)).Records.Length);
    }

    public static TheoryData<string, string> OtherDeepShapes => new()
    {
        { "initializer at file scope", "int a[] = " + new string('{', 100_000) + "1" + new string('}', 100_000) + ";\n" },
        { "initializer in a function", "void f(void)\n{\n\tint a[] = " + new string('{', 100_000) + "1" + new string('}', 100_000) + ";\n}\n" },
        { "pointer declarator", "void f(void)\n{\n\tint " + new string('*', 50_000) + "p;\n}\n" },
        { "parenthesised declarator", "int " + new string('(', 50_000) + "f" + new string(')', 50_000) + "(void);\n" },
        { "array declarator", "int a" + new StringBuilder().Insert(0, "[1]", 50_000) + ";\n" },
        { "function pointers", new StringBuilder().Insert(0, "void (*", 20_000) + "f" + new StringBuilder().Insert(0, ")(void)", 20_000) + ";\n" },
        { "casts", "int f(int x)\n{\n\treturn " + new StringBuilder().Insert(0, "(int)", 50_000) + "x;\n}\n" },
        { "unary minus", "int f(int x)\n{\n\treturn " + new StringBuilder().Insert(0, "- ", 50_000) + "x;\n}\n" },
        { "conditional operators", "int f(int x)\n{\n\treturn " + new StringBuilder().Insert(0, "x ? x : ", 20_000) + "x;\n}\n" },
        { "statement expressions", "int f(int x)\n{\n\treturn " + new StringBuilder().Insert(0, "({ ", 50_000) + "x;" + new StringBuilder().Insert(0, " })", 50_000) + ";\n}\n" },
        { "enumerator value", "enum { A = " + new string('(', 50_000) + "1" + new string(')', 50_000) + " };\n" },
        { "labels", "void f(int x)\n{\n" + string.Concat(Enumerable.Range(0, 50_000).Select(i => $"l{i}: ")) + "x++;\n}\n" },
        { "else-if chain", "void f(int x)\n{\n\tif (x) x++;\n" + new StringBuilder().Insert(0, "\telse if (x) x++;\n", 50_000) + "}\n" },
        { "typeof", new StringBuilder().Insert(0, "typeof(", 50_000) + "int" + new string(')', 50_000) + " x;\n" },
        { "conditionals in a struct", "struct s {\n" + new StringBuilder().Insert(0, "#if X\n", 5_000) + "int x;\n" + new StringBuilder().Insert(0, "#endif\n", 5_000) + "};\n" },
    };

    /// <summary>Shapes of the same family: each is lowered or refused with a reason, and none overflows the stack.</summary>
    [Theory]
    [MemberData(nameof(OtherDeepShapes))]
    public void OtherDeepShapes_AreLoweredOrRefused_NeverAStackOverflow(string shape, string code)
    {
        foreach (var lower in new System.Func<string, Folint.Analyzer.Model.SourceUnit>[] { Lower, LowerForKernel })
        {
            try
            {
                _ = lower(code);
            }
            catch (UncheckableSourceException refused)
            {
                Assert.Equal("mm/deep.c", refused.Path);
                Assert.StartsWith("nesting deeper than", refused.Reason);
            }
        }
        Assert.NotEmpty(shape);
    }

    [Fact]
    public void NestingUnderTheLimit_IsLowered()
    {
        var depth = CLowering.MaxNesting / 4;

        foreach (var code in new[] { Parentheses(depth), Blocks(depth), Ifs(depth), AdditionChain(depth) })
            Assert.Single(Lower(code).Functions);
    }
}
