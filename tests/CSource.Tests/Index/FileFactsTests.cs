using System.Text;
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

    [Theory]
    [InlineData("for (;;) { put_page(p); if (--nr == 0) break; }")]
    [InlineData("do { put_page(p++); } while (--nr);")]
    [InlineData("do { put_page(p++); } while (p++, -- nr > 0);")]
    [InlineData("if (0 == --nr) break;")]
    [InlineData("while ((int)--nr) put_page(p);")]
    [InlineData("while (!\n--nr) put_page(p);")]
    public void TestedPreDecrement_IsRecordedWhereAConditionCanTestIt(string code)
    {
        Assert.True(Scan(code).Contains(FileFacts.TestedPreDecrement));
    }

    [Theory]
    [InlineData("{ --nr; put_page(p); }")]
    [InlineData("put_page(p); --nr;")]
    [InlineData("while (nr--) put_page(p);")]
    [InlineData("x = a - -b; /* while (--nr) */ s = \"(--nr)\";")]
    [InlineData("--nr;")]
    public void TestedPreDecrement_IsNotRecordedForStatementsPostfixOrComments(string code)
    {
        Assert.False(Scan(code).Contains(FileFacts.TestedPreDecrement));
    }

    [Theory]
    [InlineData("{ --nr; put_page(p); }")]
    [InlineData("while (nr--) put_page(p);")]
    [InlineData("nr -= step;")]
    [InlineData("nr\t--;")]
    [InlineData("do { put_page(p++); } while (--nr);")]
    public void Decrement_IsRecordedForEverySpelling(string code)
    {
        Assert.True(Scan(code).Contains(FileFacts.Decremented));
    }

    [Theory]
    [InlineData("page->flags = x - 1;")]
    [InlineData("x = a - -b; /* nr-- */ s = \"nr -= 2\";")]
    [InlineData("nr += 2; p->next = q;")]
    public void Decrement_IsNotRecordedForArrowsSubtractionsOrComments(string code)
    {
        Assert.False(Scan(code).Contains(FileFacts.Decremented));
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
