using System;
using System.Linq;
using System.Text;
using System.Threading;
using Folint.Analyzer.Model;
using Folint.CSource.Engine;
using Folint.CSource.Index;
using Folint.CSource.Lexing;
using Folint.CSource.Normalization;
using Folint.CSource.Preprocessor;

namespace Folint.CSource.Tests.Lexing;

/// <summary>Where comments, literals and directives end, as the C translation phases say, for every scan of folint.</summary>
public sealed class CLexerTests
{
    private static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);

    [Theory]
    [InlineData("// one line\nx", 11)]
    [InlineData("// spliced \\\nstill comment\nx", 26)]
    [InlineData("// spliced \\\r\nstill comment\r\nx", 28)]
    [InlineData("/* a \n b */x", 11)]
    [InlineData("/* never closed", 15)]
    public void Comment_EndsWhereTheCompilerEndsIt(string text, int end)
    {
        Assert.True(CLexer.IsCommentStart<byte>(Bytes(text), 0));
        Assert.Equal(end, CLexer.SkipComment<byte>(Bytes(text), 0));
        Assert.Equal(end, CLexer.SkipComment(text.AsSpan(), 0)); // the same answer on chars (macro bodies)
    }

    [Theory]
    [InlineData("\"a \\\" b\" x", 8)]
    [InlineData("'\\''x", 4)]
    [InlineData("\"spliced \\\nstring\" x", 18)]
    [InlineData("\"unterminated\nx", 13)]
    public void Literal_EndsAtItsQuote_OrAtTheLineEndThatStopsIt(string text, int end)
    {
        Assert.Equal(end, CLexer.SkipLiteral<byte>(Bytes(text), 0));
        Assert.Equal(end, CLexer.SkipLiteral(text.AsSpan(), 0));
    }

    [Theory]
    [InlineData("#define A 1\nx", 11)]
    [InlineData("#define A \\\n  1\nx", 15)]
    [InlineData("#define A /* spans\n lines */ 1\nx", 30)]
    [InlineData("#define A 1 // note \\\n more note\nx", 32)]
    [InlineData("#define A \"/* not a comment\"\nx", 28)]
    public void Directive_EndsAtTheNewlineOfItsLogicalLine(string text, int end)
    {
        Assert.Equal(end, CLexer.EndOfDirective<byte>(Bytes(text), 0));
    }

    /// <summary>
    /// The kernel's C: a line comment ending in a backslash goes on over the next line (C11 5.1.1.2 phase 2 before
    /// phase 3; gcc -Wcomment warns), so code on that line is comment. Every scan of folint must read it as the
    /// parser does; they used to disagree (the tree scan and the suppression scan ended the comment at the newline).
    /// </summary>
    [Fact]
    public void LineCommentContinuedByABackslash_HidesTheNextLine_FromEveryScan()
    {
        const string text =
            "void f(struct page *page)\n" +
            "{\n" +
            "\t// the next line is comment too \\\n" +
            "\t__set_bit(PG_lru, &page->flags); /* folint: ignore FOL000 -- inside the comment above */\n" +
            "\tfolio_get(page);\n" +
            "}\n" +
            "// PAGEFLAG(Dirty, dirty, PF_HEAD) \\\n" +
            "PAGEFLAG(Lru, lru, PF_HEAD)\n";
        var bytes = Bytes(text);

        // the parser
        using var frontend = new CFrontend();
        var unit = frontend.Build(new SourceFile("mm/a.c", bytes), CancellationToken.None);
        Assert.Equal(new[] { "folio_get" }, ModelWalker.Calls(unit.Functions.Single()).Select(c => c.CalleeName));

        // the tree scan
        var keys = new KeySet();
        FileFacts.Scan(bytes, ScanVocabulary.None, keys);
        Assert.True(keys.Contains(IdentifierIndex.Hash("folio_get")));
        Assert.False(keys.Contains(IdentifierIndex.Hash("__set_bit")));
        Assert.False(keys.Contains(IdentifierIndex.Hash("Lru")));

        // the normalizer's tokens
        using var tokens = CTokens.Lex(bytes);
        var identifiers = tokens.Tokens.ToArray().Where(t => t.Kind == TokenKind.Identifier).Select(t => text.Substring(t.Start, t.Length)).ToArray();
        Assert.Contains("folio_get", identifiers);
        Assert.DoesNotContain("__set_bit", identifiers);
        Assert.DoesNotContain("PAGEFLAG", identifiers);

        // the generator-macro scan
        Assert.Empty(MacroUseScanner.Scan(bytes, name => name == "PAGEFLAG"));

        // the suppression scan: the directive is inside the comment the backslash continued, so it opens no comment
        Assert.Null(SuppressionScanner.Scan("mm/a.c", bytes)?.Suppressions.FirstOrDefault());

        // the macro expander's tokens
        Assert.Equal(new[] { "x" }, PpLexer.Lex("// a \\\n b\nx").Select(t => t.Text));
    }
}
