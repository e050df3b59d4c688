using System.Collections.Immutable;
using System.Text;
using Folint.Analyzer.Findings;
using Folint.Cli.Lsp;
using Folint.Tests.Doubles;

namespace Folint.Cli.Tests.Lsp;

public sealed class DiagnosticsTests
{
    private const string Buffer = "void f(struct page *page)\n{\n\t/* é */ __set_bit(PG_private, &page->flags);\n}\n";

    private static Finding WithEvidence(string header) => new(
        "FOL000",
        Severity.Warning,
        new Location("mm/a.c", 3, 11, 3, 46),
        "open-coded non-atomic __set_bit(PG_private) on page->flags: ...",
        "f",
        ImmutableArray.Create(new Evidence(new Location(header, 2, 10, 2, 27), "the flag's atomic accessor")),
        "use set_bit()",
        "fp1");

    [Fact]
    public void Evidence_BecomesRelatedInformation_WithTheFilesUriAndUtf16Range()
    {
        using var tree = new TempTree();
        tree.Write("include/linux/flags.h", "/* ü */\n/* ñ */ folio_set_private();\n");
        var diagnostics = new Diagnostics(tree.Root, "mm/a.c", Encoding.UTF8.GetBytes(Buffer));

        var diagnostic = diagnostics.ToDiagnostic(WithEvidence("include/linux/flags.h"), relatedInformation: true);

        // é takes two bytes and one UTF-16 unit: byte column 11 is character 9 (0-based).
        Assert.Equal(new Range(new Position(2, 9), new Position(2, 44)), diagnostic.Range);
        Assert.Equal("FOL000", diagnostic.Code);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.EndsWith("\nfix: use set_bit()", diagnostic.Message);
        var related = Assert.Single(diagnostic.RelatedInformation!.Value);
        Assert.Equal(DocumentUri.FromPath(tree["include/linux/flags.h"]), related.Location.Uri);
        Assert.StartsWith("file:///", related.Location.Uri);
        Assert.Equal(new Range(new Position(1, 8), new Position(1, 25)), related.Location.Range);
        Assert.Equal("the flag's atomic accessor", related.Message);
        Assert.Equal("fp1", diagnostic.Data!.Value.GetProperty("fingerprint").GetString());
    }

    [Fact]
    public void WithoutRelatedInformation_TheEvidenceIsALineOfTheMessage()
    {
        using var tree = new TempTree();
        var diagnostics = new Diagnostics(tree.Root, "mm/a.c", Encoding.UTF8.GetBytes(Buffer));

        var diagnostic = diagnostics.ToDiagnostic(WithEvidence("include/linux/flags.h"), relatedInformation: false);

        Assert.Null(diagnostic.RelatedInformation);
        Assert.Contains("\ninclude/linux/flags.h:2:10: the flag's atomic accessor\n", diagnostic.Message);
    }

    [Fact]
    public void AFindingWithoutAMechanicalFix_HasNoCodeAction()
    {
        using var tree = new TempTree();
        var diagnostics = new Diagnostics(tree.Root, "mm/a.c", Encoding.UTF8.GetBytes(Buffer));
        var finding = WithEvidence("include/linux/flags.h");

        Assert.Null(diagnostics.ToCodeAction(finding, diagnostics.ToDiagnostic(finding, true)));
    }

    [Fact]
    public void AMechanicalFix_IsAPreferredQuickFix_EditingTheBuffersUri()
    {
        using var tree = new TempTree();
        var diagnostics = new Diagnostics(tree.Root, "mm/a.c", Encoding.UTF8.GetBytes(Buffer));
        var finding = WithEvidence("include/linux/flags.h") with
        {
            Fix = new SuggestedFix("Use set_bit(), which is atomic", ImmutableArray.Create(new TextEdit(new Location("mm/a.c", 3, 11, 3, 20), "set_bit"))),
        };

        var action = diagnostics.ToCodeAction(finding, diagnostics.ToDiagnostic(finding, true))!;

        Assert.Equal(CodeActionKind.QuickFix, action.Kind);
        Assert.True(action.IsPreferred);
        var edit = Assert.Single(Assert.Single(action.Edit.Changes).Value);
        Assert.Equal(new Range(new Position(2, 9), new Position(2, 18)), edit.Range);
        Assert.Equal("set_bit", edit.NewText);
        Assert.Equal(DocumentUri.FromPath(tree["mm/a.c"]), Assert.Single(action.Edit.Changes).Key);
    }
}
