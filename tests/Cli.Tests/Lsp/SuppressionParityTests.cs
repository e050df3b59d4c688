using System;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Folint.Tests.Doubles;

namespace Folint.Cli.Tests.Lsp;

/// <summary>
/// The editor and the command line check a file along one pipeline: what <c>folint check</c> reports of a file with
/// suppression comments (the findings they leave, FOL900 for one without a reason, an unused one) is what
/// <c>folint lsp</c> publishes for the same text, through the real server process.
/// </summary>
public sealed class SuppressionParityTests
{
    private const string Suppressed =
        "#include <linux/page-flags.h>\n" +
        "\n" +
        "void attach_private(struct page *page)\n" +
        "{\n" +
        "\t/* folint: ignore FOL000 -- set before the page is published */\n" +
        "\t__set_bit(PG_private, &page->flags);\n" +
        "\t__set_bit(PG_lru, &page->flags);\n" +
        "\t/* folint: ignore FOL000 */\n" +
        "\t__set_bit(PG_dirty, &page->flags);\n" +
        "\t/* folint: ignore FOL001 -- nothing goes through an accessor below */\n" +
        "\tpage->private = 0;\n" +
        "}\n";

    [Fact]
    public async Task LanguageServer_HonoursSuppressionsExactlyAsCheckDoes()
    {
        using var tree = new TempTree();
        var path = tree.Write("mm/suppressed.c", Suppressed);

        var check = CliRunner.Run(tree.Root, Composition.Default, null, "check", "mm", "--format", "json", "--no-cache");
        var report = JsonDocument.Parse(check.Out).RootElement;
        var checkFindings = report.GetProperty("findings").EnumerateArray()
            .Select(f => (Rule: f.GetProperty("ruleId").GetString(), Line: f.GetProperty("line").GetInt32(), Column: f.GetProperty("column").GetInt32()))
            .OrderBy(f => f.Line).ToArray();
        var unusedLines = report.GetProperty("suppressions").EnumerateArray()
            .Where(s => s.GetProperty("used").ValueKind == JsonValueKind.False)
            .Select(s => s.GetProperty("line").GetInt32()).ToArray();
        // what check says of this file: the unsuppressed __set_bit, FOL900 for the suppression without a reason, the unused FOL001 one
        Assert.Equal(new[] { ("FOL000", 7, 2), ("FOL900", 8, 2) }, checkFindings.Select(f => (f.Rule!, f.Line, f.Column)));
        Assert.Equal(new[] { 10 }, unusedLines);

        await using var server = await LspProcess.StartAsync(tree.Root);
        var uri = new Uri(path).AbsoluteUri;
        await server.NotifyAsync("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "c", ["version"] = 1, ["text"] = Suppressed },
        });
        var published = await server.NotificationAsync("textDocument/publishDiagnostics", p => p.GetProperty("uri").GetString() == uri, TimeSpan.FromMinutes(2));

        var diagnostics = published.GetProperty("diagnostics").EnumerateArray().ToArray();
        var findings = diagnostics.Where(d => d.GetProperty("severity").GetInt32() != 4)
            .Select(d => (Rule: d.GetProperty("code").GetString(), Line: d.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32() + 1, Column: d.GetProperty("range").GetProperty("start").GetProperty("character").GetInt32() + 1))
            .OrderBy(f => f.Line).ToArray();
        Assert.Equal(checkFindings, findings);
        var unused = Assert.Single(diagnostics, d => d.GetProperty("severity").GetInt32() == 4);
        Assert.Equal(unusedLines.Single(), unused.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32() + 1);
        Assert.Equal("unused suppression of FOL001: nothing on the line it covers to suppress; delete it", unused.GetProperty("message").GetString());
        Assert.Equal(new[] { 1 }, unused.GetProperty("tags").EnumerateArray().Select(t => t.GetInt32()));
    }
}
