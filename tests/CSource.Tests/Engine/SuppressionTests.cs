using System;
using System.IO;
using System.Linq;
using Folint.Analyzer.Contracts;
using Folint.CSource.Engine;
using Folint.CSource.Knowledge;
using Folint.Tests.Doubles;

namespace Folint.CSource.Tests.Engine;

/// <summary>
/// <c>/* folint: ignore FOL000 -- reason */</c>: on the line of the finding or directly above it; one without a
/// reason still hides the finding but is reported as FOL900; unused ones are marked so.
/// </summary>
public sealed class SuppressionTests
{
    private static readonly Folint.Analyzer.Catalog.RuleCatalog Catalog =
        RuleCatalogLoader.Load(Path.Combine(AppContext.BaseDirectory, "rules"));

    private static CheckResult Check(string body, params ISourceRule[] rules)
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", "void attach_private(struct page *page)\n{\n" + body + "}\n");
        var inputs = SourceDiscovery.Discover(new[] { tree["mm"] }, tree.Root, new SourceDiscoveryOptions());
        return new CheckEngine(new LineFrontend(), rules.Length == 0 ? new ISourceRule[] { new CallRule("FOL000", "__set_bit") } : rules, Catalog).Check(inputs);
    }

    [Fact]
    public void TrailingCommentOnTheLine_HidesTheFinding()
    {
        var result = Check("\t__set_bit(PG_private, &page->flags); /* folint: ignore FOL000 -- page not yet visible */\n");

        Assert.Empty(result.Findings);
        var suppressed = Assert.Single(result.Suppressed);
        Assert.Equal(("FOL000", 3), (suppressed.Finding.RuleId, suppressed.Finding.Primary.Line));
        Assert.Equal("page not yet visible", suppressed.By.Reason);
        Assert.True(Assert.Single(result.Suppressions).Used);
    }

    [Fact]
    public void CommentOnTheLineAbove_HidesTheFinding()
    {
        var result = Check("\t// folint: ignore FOL000 -- freeing path: refcount is zero\n\t__set_bit(PG_private, &page->flags);\n");

        Assert.Empty(result.Findings);
        Assert.Equal("freeing path: refcount is zero", Assert.Single(result.Suppressed).By.Reason);
    }

    [Fact]
    public void CommentBlockDirectlyAbove_HidesTheFinding_AndItsReasonMaySpanLines()
    {
        var result = Check(
            "\t/*\n\t * folint: ignore FOL000 -- the folio was allocated above\n\t * and is not yet in the page cache.\n\t */\n" +
            "\t/* another comment between */\n" +
            "\t__set_bit(PG_private, &page->flags);\n");

        Assert.Empty(result.Findings);
        Assert.Equal("the folio was allocated above and is not yet in the page cache.", Assert.Single(result.Suppressed).By.Reason);
    }

    [Fact]
    public void BlankLineBetween_DoesNotHide_AndTheSuppressionIsUnused()
    {
        var result = Check("\t/* folint: ignore FOL000 -- too far away */\n\n\t__set_bit(PG_private, &page->flags);\n");

        Assert.Single(result.Findings);
        Assert.False(Assert.Single(result.Suppressions).Used);
    }

    [Fact]
    public void SuppressionOfAnotherRule_DoesNotHide()
    {
        var result = Check("\t__set_bit(PG_private, &page->flags); /* folint: ignore FOL003 -- wrong rule */\n", new CallRule("FOL000", "__set_bit"), new CallRule("FOL003", "__clear_bit"));

        Assert.Equal("FOL000", Assert.Single(result.Findings).RuleId);
        Assert.False(Assert.Single(result.Suppressions).Used);
    }

    [Fact]
    public void SuppressionWithoutAReason_HidesTheFinding_ButIsReportedAsFol900()
    {
        var result = Check("\t__set_bit(PG_private, &page->flags); /* folint: ignore FOL000 */\n");

        var meta = Assert.Single(result.Findings);
        Assert.Equal(("FOL900", 3, "attach_private"), (meta.RuleId, meta.Primary.Line, meta.Function));
        Assert.StartsWith("suppression of FOL000 gives no reason", meta.Message);
        Assert.Single(result.Suppressed);
    }

    [Fact]
    public void SuppressionNamingNoKnownRule_OrUnreadable_IsReportedAsFol900()
    {
        var result = Check("\t/* folint: ignore FOL042 -- typo */\n\t/* folint: ignroe FOL000 -- typo */\n\t__set_bit(PG_private, &page->flags);\n");

        var meta = result.Findings.Where(f => f.RuleId == "FOL900").Select(f => f.Message).ToList();
        Assert.Equal(2, meta.Count);
        Assert.Contains(meta, m => m.StartsWith("suppression names FOL042, which is not a folint rule", StringComparison.Ordinal));
        Assert.Contains(meta, m => m.StartsWith("'folint: ignroe FOL000 -- typo' is not a suppression folint can read", StringComparison.Ordinal));
        Assert.Single(result.Findings, f => f.RuleId == "FOL000");
    }

    [Fact]
    public void CommentThatMentionsFolintMidSentence_IsNoDirective()
    {
        var result = Check("\t/*\n\t * Written for folint: kernel-shaped.\n\t */\n\t__set_bit(PG_private, &page->flags);\n");

        Assert.Empty(result.Suppressions);
        Assert.Equal(new[] { "FOL000" }, result.Findings.Select(f => f.RuleId));
    }

    [Fact]
    public void DirectiveInsideAString_IsNotASuppression()
    {
        var result = Check("\tpr_info(\"/* folint: ignore FOL000 -- no */\");\n\t__set_bit(PG_private, &page->flags);\n");

        Assert.Single(result.Findings);
        Assert.Empty(result.Suppressions);
    }

    [Fact]
    public void OneCommentMayNameSeveralRules()
    {
        var result = Check("\t/* folint: ignore FOL003, FOL000 -- both */\n\t__set_bit(PG_private, &page->flags);\n");

        Assert.Empty(result.Findings);
        Assert.Equal(new[] { "FOL003", "FOL000" }, Assert.Single(result.Suppressions).RuleIds);
    }

    [Fact]
    public void SuppressionOfARuleThatDidNotRun_IsNeitherUsedNorUnused()
    {
        var result = Check("\t/* folint: ignore FOL003 -- not run */\n\tfoo();\n");

        Assert.Null(Assert.Single(result.Suppressions).Used);
    }
}
