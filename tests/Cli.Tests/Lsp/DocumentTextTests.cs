using Folint.Cli.Lsp;

namespace Folint.Cli.Tests.Lsp;

public sealed class DocumentTextTests
{
    [Theory]
    [InlineData("a\nbc\nd", 1, 1, 3)]
    [InlineData("a\r\nbc\r\nd", 1, 1, 4)]
    [InlineData("a\rbc\rd", 2, 0, 5)]
    [InlineData("a\nbc\nd", 1, 99, 4)]
    [InlineData("a\nbc\nd", 9, 0, 6)]
    public void Offset_CountsLinesAtEveryLspLineBreak_AndClampsPastTheEnd(string text, int line, int character, int expected)
    {
        Assert.Equal(expected, DocumentText.OffsetOf(text, new Position(line, character)));
    }

    [Fact]
    public void Offset_CountsUtf16CodeUnits()
    {
        // 𝄞 is one code point, two UTF-16 code units: y, the character after it, is at character 2 of its line.
        Assert.Equal(4, DocumentText.OffsetOf("x\n𝄞y", new Position(1, 2)));
    }

    [Fact]
    public void Apply_ReplacesTheRange_OrEverythingWithoutOne()
    {
        var text = "void f(void)\n{\n\tset_bit(PG_private, &page->flags);\n}\n";

        var edited = DocumentText.Apply(text, new Range(new Position(2, 1), new Position(2, 1)), "__");
        Assert.Equal("void f(void)\n{\n\t__set_bit(PG_private, &page->flags);\n}\n", edited);
        Assert.Equal(text, DocumentText.Apply(edited, new Range(new Position(2, 1), new Position(2, 3)), ""));
        Assert.Equal("new", DocumentText.Apply(text, null, "new"));
    }
}
