using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using Folint.Analyzer.Model;
using Folint.CSource;
using Folint.CSource.Engine;
using Folint.CSource.Preprocessor;

namespace Folint.CSource.Tests.Preprocessor;

public sealed class MacroExpanderTests
{
    private static MacroDef Define(string name, string body, params string[] parameters) =>
        new(default, name, parameters.Length == 0 && !name.EndsWith("()") ? default : parameters.ToImmutableArray(), false, body);

    [Fact]
    public void Paste_BuildsNamesFromParameters_AndRescansTheResult()
    {
        var expander = new MacroExpander(new[]
        {
            Define("FOLIO_SECOND_PAGE", "1"),
            Define("SET", "static void folio_set_##name(struct folio *folio) { set_bit(PG_##name, folio_flags(folio, which)); }", "name", "which"),
            Define("FLAG", "SET(name, which)", "name", "which"),
        });

        var text = expander.ExpandUse("FLAG", new[] { "partially_mapped", "FOLIO_SECOND_PAGE" });

        Assert.Equal("static void folio_set_partially_mapped(struct folio *folio) { set_bit(PG_partially_mapped, folio_flags(folio, 1)); }", text);
    }

    [Fact]
    public void PolicyArgumentPastedIntoAnotherMacroName_IsExpandedAfterPasting()
    {
        var expander = new MacroExpander(new[]
        {
            Define("FOLIO_PF_SECOND", "1"),
            Define("TEST", "f(FOLIO_##policy)", "policy"),
        });

        Assert.Equal("f(1)", expander.ExpandUse("TEST", new[] { "PF_SECOND" }));
    }

    [Fact]
    public void Stringize_AndUnknownMacros_StayAsWritten()
    {
        var expander = new MacroExpander(new[] { Define("NAME", "#x VM_BUG_ON(x)", "x") });

        Assert.Equal("\"a + b\" VM_BUG_ON(a + b)", expander.ExpandUse("NAME", new[] { "a + b" }));
    }

    [Fact]
    public void SelfReferentialMacro_StopsExpanding()
    {
        var expander = new MacroExpander(new[] { Define("loop", "loop + 1") });

        Assert.Equal("loop + 1", expander.Expand("loop"));
    }

    [Fact]
    public void MacroUses_SeveralOnALineAndInEveryBranch_AreAllFound()
    {
        var text = Encoding.ASCII.GetBytes(
            "#define A(x) int x;\n#ifdef C\nA(one) A(two)\n#else\nA(three)\n#endif\n/* A(no) */ static int f(void) { A(inside); }\n");

        var uses = MacroUseScanner.Scan(text, name => name == "A");

        Assert.Equal(new[] { "one", "two", "three" }, uses.Select(u => u.Arguments.Single()));
    }

    [Fact]
    public void GeneratedFunctions_AreLoweredWithTheSpanOfTheirMacroUse()
    {
        var source = "#define GEN(n) static inline void set_##n(struct page *page) { __set_bit(PG_##n, &page->flags); }\nGEN(dirty)\n";
        var bytes = Encoding.ASCII.GetBytes(source);
        using var frontend = new CFrontend();
        var unit = frontend.Build(new SourceFile("include/linux/x.h", bytes), CancellationToken.None);

        var augmented = GeneratedFunctions.Augment(unit, bytes, frontend, CancellationToken.None);

        var generated = Assert.Single(augmented.Functions, f => f.Name == "set_dirty");
        Assert.Equal(2, augmented.Position(generated.Span.Start).Line);
        Assert.All(ModelWalker.DescendantsAndSelf(generated.Body), n => Assert.Equal(generated.Span, n.Span));
        Assert.Contains(ModelWalker.Calls(generated), c => c.CalleeName == "__set_bit");
    }
}
