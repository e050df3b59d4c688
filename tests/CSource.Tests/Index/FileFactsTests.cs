using System.Linq;
using System.Text;
using CsCheck;
using Folint.Analyzer.Contracts;
using Folint.CSource.Index;

namespace Folint.CSource.Tests.Index;

public sealed class FileFactsTests
{
    private static KeySet Scan(string text, params string[] prefixes)
    {
        var keys = new KeySet();
        FileFacts.Scan(Encoding.ASCII.GetBytes(text), new ScanVocabulary(prefixes), keys);
        return keys;
    }

    private static bool Has(KeySet keys, FileFactKind kind, string text) => keys.Contains(FileFacts.Key(kind, text));

    [Fact]
    public void CompoundAssignment_RecordsTheMemberItWrites_ParenthesisedOrNot()
    {
        var keys = Scan("void f(struct page *page) {\n\tpage->flags |= 1;\n\t(folio->memcg_data) ^= 3;\n\tpage[1].private &= ~y;\n\tmask &= ~y;\n\tREG(x) |= 4;\n\tz = a | b;\n\tif (w != 0) v = 1;\n}\n");

        Assert.True(Has(keys, FileFactKind.CompoundAssignmentTo, "flags"));
        Assert.True(Has(keys, FileFactKind.CompoundAssignmentTo, "memcg_data"));
        Assert.True(Has(keys, FileFactKind.CompoundAssignmentTo, "private"));
        Assert.False(Has(keys, FileFactKind.CompoundAssignmentTo, "mask")); // a local, not a member
        Assert.False(Has(keys, FileFactKind.CompoundAssignmentTo, "x"));
        Assert.False(Has(keys, FileFactKind.CompoundAssignmentTo, ")"));
        Assert.False(Has(keys, FileFactKind.CompoundAssignmentTo, "z"));
        Assert.False(Has(keys, FileFactKind.CompoundAssignmentTo, "w"));
    }

    [Fact]
    public void CompoundAssignment_AfterACommentCountsAsParenthesised_InACommentDoesNot()
    {
        // reading back through a comment is not worth it: ')' is a trigger wherever a flags field is
        Assert.True(Has(Scan("page->flags /* all of them */ |= m;"), FileFactKind.CompoundAssignmentTo, ")"));
        Assert.False(Has(Scan("/* page->flags |= m; */ x = 1;"), FileFactKind.CompoundAssignmentTo, "flags"));
    }

    [Fact]
    public void RecordDefinition_IsRecordedOnlyWhereTheBodyFollowsTheTag()
    {
        Assert.True(Has(Scan("struct folio\n/* the head */\n{\n\tunsigned long flags;\n};"), FileFactKind.RecordDefinition, "folio"));
        Assert.True(Has(Scan("typedef union pgd { int x; } pgd_t;"), FileFactKind.RecordDefinition, "pgd"));
        var uses = Scan("struct folio *f;\nstatic void g(struct folio *folio) { }\n");
        Assert.False(Has(uses, FileFactKind.RecordDefinition, "folio"));
        Assert.True(uses.Contains(IdentifierIndex.Hash("folio")));
    }

    [Fact]
    public void Prefixes_AreRecordedForIdentifiersThatStartWithThem_OutsideCommentsAndStrings()
    {
        var keys = Scan("void f(void) { __SetPageReserved(p); }\n// ClearPageDirty(p)\nchar *s = \"TestClearPageLRU\";", "SetPage", "__SetPage", "ClearPage", "TestClearPage");

        Assert.True(Has(keys, FileFactKind.IdentifierPrefix, "__SetPage"));
        Assert.False(Has(keys, FileFactKind.IdentifierPrefix, "SetPage")); // a prefix, not a substring
        Assert.False(Has(keys, FileFactKind.IdentifierPrefix, "ClearPage"));
        Assert.False(Has(keys, FileFactKind.IdentifierPrefix, "TestClearPage"));
    }

    /// <summary>A kernel-shaped function around <paramref name="body"/>, closed by a brace at the start of a line.</summary>
    private static string Function(string body) =>
        "static void drain(struct page *page, unsigned long nr, unsigned long step, unsigned long len)\n{\n\t" + body + "\n}\n";

    [Theory]
    [InlineData("do { SetPageDirty(page++); nr--; } while (nr);")] // a decrement statement, then the test
    [InlineData("do {\n\t\tput_page(page++);\n\t\t--nr;\n\t} while (nr != 0);")]
    [InlineData("do { put_page(page++); nr -= 1; } while ((long)nr > 0);")]
    [InlineData("do { put_page(page++); nr--; } while (0 != nr);")]
    [InlineData("do { put_page(page++); nr = nr - 1; } while (nr >= 1);")]
    [InlineData("do { put_page(page++); nr--; } while (/* the rest */ nr);")] // a comment in the way: wide
    [InlineData("for (;;) { put_page(page++); nr--; if (!nr) break; }")] // the exit of a forever loop
    [InlineData("while (1) { put_page(page++); nr--; if (nr == 0) break; }")]
    [InlineData("for (;;) { put_page(page); if (--nr == 0) break; page++; }")] // seed 003
    [InlineData("do { put_page(page++); } while (--nr);")]
    [InlineData("put_page(page); while (--nr) put_page(++page);")]
    [InlineData("do { put_page(page++); } while (page++, --nr > 0);")]
    [InlineData("for (; nr; nr--) { put_page(page++); nr--; }")] // decremented twice
    [InlineData("for (; nr; nr -= step) put_page(page++);")] // a step the loop does not assign
    [InlineData("while (nr) { put_page(page++); nr -= step; }")]
    [InlineData("while (len > 0) { put_page(page++); len -= PAGE_SIZE; }")]
    [InlineData("while (nr) { put_page(page++); nr = nr - 2; }")]
    [InlineData("while (nr) { put_page(page++); nr -= (unsigned long)step; }")]
    [InlineData("do /* at least once */ { put_page(page++); nr--; } while (nr);")]
    public void TestedDecrement_IsRecordedForEveryCountDownForm(string body)
    {
        Assert.True(Scan(Function(body)).Contains(FileFacts.TestedDecrement), Function(body));
    }

    [Theory]
    [InlineData("refs--; for (i = 0; i < nr; i++) put_page(page + i);")] // only an unrelated counter is decremented
    [InlineData("while (nr--) put_page(page++);")] // tested before it is decremented
    [InlineData("while (nr) { put_page(page++); nr--; }")] // a while that tests first and steps by 1
    [InlineData("for (i = 0; i < len; i++) { put_page(page++); nr--; if (!nr) break; }")] // an exit, but no forever loop
    [InlineData("do { put_page(page++); nr--; } while (nr > 0 && page);")] // not a test of the count alone
    [InlineData("do { put_page(page++); nr--; } while (likely(nr));")] // a call's argument
    [InlineData("do { put_page(page++); nr--; } while (nr >= 0);")] // not a test for 0
    [InlineData("do { put_page(page++); nr--; } while (nr > 1);")]
    [InlineData("while (len) { step = min(len, PAGE_SIZE); put_page(page++); len -= step; }")] // what one round consumed
    [InlineData("while (len) { unsigned long n = min(len, PAGE_SIZE); put_page(page++); len -= n; }")]
    [InlineData("while (len) { put_page(page++); len -= min(len, PAGE_SIZE); }")]
    [InlineData("while (len) { put_page(page++); len -= page->private; }")]
    [InlineData("/* do { nr--; } while (nr); */ s = \"do { nr--; } while (nr);\";")]
    public void TestedDecrement_IsNotRecordedWhereNoFormCanBe(string body)
    {
        Assert.False(Scan(Function(body)).Contains(FileFacts.TestedDecrement), Function(body));
    }

    [Fact]
    public void TestedDecrement_NeedsTheDecrementAndTheTestInOneFunction()
    {
        const string apart = "static void take(void)\n{\n\tnr--;\n}\n\nstatic void drain(struct page *page)\n{\n\tdo { put_page(page++); } while (nr);\n}\n";
        const string together = "static void drain(struct page *page)\n{\n\tdo { put_page(page++); nr--; } while (nr);\n}\n";

        Assert.False(Scan(apart).Contains(FileFacts.TestedDecrement));
        Assert.True(Scan(together).Contains(FileFacts.TestedDecrement));
    }

    [Fact]
    public void TestedDecrement_AWhileAfterABlockIsAWhileLoop_ItsBodyIsWhereTheStepIs()
    {
        // "} while (nr)" after an if block is no do-while: the step in the while's own body counts
        var code = Function("if (page) { get_page(page); }\n\twhile (nr) { put_page(page++); nr -= step; }");

        Assert.True(Scan(code).Contains(FileFacts.TestedDecrement));
    }

    // Pieces of loops the count-down reading looks at, cut anywhere: it reads back and ahead from every name.
    private static readonly string[] LoopPieces =
    {
        "do", "{", "}", "\n}", "while", "for", "if", "(", ")", "nr", "step", "--", "-=", "=", "-", ";", ",", "!", "==",
        "!=", ">", ">=", "<", "<=", "0", "1", "0x0", "2UL", " ", "\n", "\t", "/*", "*/", "//", "'", "\"", "\\", "break", "true",
    };

    [Fact]
    public void Scan_NeverFailsOnCutUpLoops()
    {
        Gen.OneOf(LoopPieces).Array[0, 200]
            .Select(pieces => Encoding.Latin1.GetBytes(string.Concat(pieces)))
            .Sample(text => FileFacts.Scan(text, ScanVocabulary.None, new KeySet()), iter: 20000);
    }

    [Fact]
    public void SuppressionMarker_IsRecordedWhereverTheTextIs()
    {
        Assert.True(Scan("x = 1; /* folint: ignore FOL001 -- frozen */").Contains(FileFacts.SuppressionMarker));
        Assert.False(Scan("x = 1; /* folint */").Contains(FileFacts.SuppressionMarker));
    }

    [Fact]
    public void Identifiers_AreTheSameKeysTheIdentifierIndexLooksUp()
    {
        var keys = Scan("int x = folio_mapcount(folio) + 0x1f + 1UL;");

        Assert.True(keys.Contains(IdentifierIndex.Hash("folio_mapcount")));
        Assert.True(keys.Contains(IdentifierIndex.Hash("folio")));
        Assert.False(keys.Contains(IdentifierIndex.Hash("x1f")));
        Assert.False(keys.Contains(IdentifierIndex.Hash("UL")));
    }
}
