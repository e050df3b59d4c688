using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Folint.Tests.Doubles;
using static Folint.Cli.Tests.CliRunner;

namespace Folint.Cli.Tests;

public sealed class ReportFormatTests
{
    [Fact]
    public void Json_HasTheContractShape()
    {
        using var tree = TreeWithFinding();

        var run = Run(tree.Root, "check", "--format", "json", "mm");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        Assert.Equal("folint", root.GetProperty("tool").GetProperty("name").GetString());
        Assert.Matches(@"^\d+\.\d+\.\d+", root.GetProperty("tool").GetProperty("version").GetString());

        var finding = Assert.Single(root.GetProperty("findings").EnumerateArray());
        Assert.Equal("FOL000", finding.GetProperty("ruleId").GetString());
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
        Assert.Equal("mm/open_coded.c", finding.GetProperty("file").GetString());
        Assert.Equal(6, finding.GetProperty("line").GetInt32());
        Assert.Equal(2, finding.GetProperty("column").GetInt32());
        Assert.Equal("attach_private", finding.GetProperty("function").GetString());
        Assert.StartsWith("open-coded non-atomic __set_bit() on &page->flags", finding.GetProperty("message").GetString());
        Assert.Equal("use set_bit(), which is atomic", finding.GetProperty("fixHint").GetString());
        Assert.Matches("^[0-9a-f]{32}$", finding.GetProperty("fingerprint").GetString());
        var evidence = Assert.Single(finding.GetProperty("evidence").EnumerateArray());
        Assert.Equal("include/linux/page-flags.h", evidence.GetProperty("file").GetString());
        Assert.Equal(1, evidence.GetProperty("line").GetInt32());
        Assert.Equal("folio_set_private", evidence.GetProperty("function").GetString());
        Assert.Equal("the accessor the tree defines", evidence.GetProperty("message").GetString());

        var stats = root.GetProperty("stats");
        Assert.Equal(2, stats.GetProperty("files").GetInt32());
        Assert.Equal(2, stats.GetProperty("parsedFiles").GetInt32());
        Assert.Equal(2, stats.GetProperty("functions").GetInt32());
        Assert.Equal(0, stats.GetProperty("functionsWithParseErrors").GetInt32());
        Assert.True(stats.GetProperty("elapsedSeconds").GetDouble() >= 0);
        Assert.Empty(root.GetProperty("problems").EnumerateArray());
    }

    [Fact]
    public void Json_ListsInputsThatWereNotChecked()
    {
        using var tree = TreeWithFinding();

        var run = Run(tree.Root, "check", "--format", "json", "mm", "mm/gone.c");

        using var json = JsonDocument.Parse(run.Out);
        var problem = Assert.Single(json.RootElement.GetProperty("problems").EnumerateArray());
        Assert.Equal("mm/gone.c", problem.GetProperty("path").GetString());
        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public void Sarif_HasRulesWithHelp_ResultsRelativeToTheTreeRoot_AndEvidenceAsRelatedLocations()
    {
        using var tree = TreeWithFinding();

        var run = Run(tree.Root, "check", "--format", "sarif", "mm");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        Assert.Contains("sarif-schema-2.1.0.json", root.GetProperty("$schema").GetString());
        var sarifRun = Assert.Single(root.GetProperty("runs").EnumerateArray());

        var driver = sarifRun.GetProperty("tool").GetProperty("driver");
        Assert.Equal("folint", driver.GetProperty("name").GetString());
        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(new[] { "FOL000", "FOL001", "FOL002", "FOL003", "FOL004", "FOL900" }, rules.Select(r => r.GetProperty("id").GetString()));
        var fol000 = rules[0];
        Assert.Equal("Open-coded non-atomic bit operation on a page flags word.", fol000.GetProperty("shortDescription").GetProperty("text").GetString());
        Assert.StartsWith("A plain read-modify-write", fol000.GetProperty("fullDescription").GetProperty("text").GetString());
        Assert.Contains("nobody can concurrently operate on the", fol000.GetProperty("help").GetProperty("text").GetString());
        Assert.Contains("## Fix", fol000.GetProperty("help").GetProperty("markdown").GetString());
        Assert.Equal("warning", fol000.GetProperty("defaultConfiguration").GetProperty("level").GetString());

        var srcroot = sarifRun.GetProperty("originalUriBaseIds").GetProperty("SRCROOT").GetProperty("uri").GetString()!;
        Assert.Equal(new Uri(tree.Root + "/").AbsoluteUri, srcroot);
        Assert.EndsWith("/", srcroot);

        var result = Assert.Single(sarifRun.GetProperty("results").EnumerateArray());
        Assert.Equal("FOL000", result.GetProperty("ruleId").GetString());
        Assert.Equal(0, result.GetProperty("ruleIndex").GetInt32());
        Assert.Equal("warning", result.GetProperty("level").GetString());
        Assert.EndsWith(".", result.GetProperty("message").GetProperty("text").GetString());
        var location = Assert.Single(result.GetProperty("locations").EnumerateArray());
        var physical = location.GetProperty("physicalLocation");
        Assert.Equal("mm/open_coded.c", physical.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal("SRCROOT", physical.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
        Assert.Equal(6, physical.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal(2, physical.GetProperty("region").GetProperty("startColumn").GetInt32());
        Assert.Equal("attach_private", Assert.Single(location.GetProperty("logicalLocations").EnumerateArray()).GetProperty("name").GetString());
        Assert.Matches("^[0-9a-f]{32}$", result.GetProperty("partialFingerprints").GetProperty("folint/v1").GetString());
        var related = Assert.Single(result.GetProperty("relatedLocations").EnumerateArray());
        Assert.Equal("include/linux/page-flags.h", related.GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal("the accessor the tree defines.", related.GetProperty("message").GetProperty("text").GetString());
        Assert.Equal("utf16CodeUnits", sarifRun.GetProperty("columnKind").GetString());
    }

    [Fact]
    public void Sarif_CountsColumnsInUtf16_WhereText_ShowsByteColumns()
    {
        using var tree = new TempTree();
        // "é" is two bytes in UTF-8 and one UTF-16 unit: the call starts at byte column 14, UTF-16 column 13.
        tree.Write("mm/a.c", "void f(struct page *page)\n{\n\t/* café */ __set_bit(PG_lru, &page->flags);\n}\n");

        var text = Run(tree.Root, "check", "mm");
        var sarif = Run(tree.Root, "check", "--format", "sarif", "mm");

        Assert.StartsWith("mm/a.c:3:14: warning:", text.Out);
        using var json = JsonDocument.Parse(sarif.Out);
        var region = json.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region");
        Assert.Equal(13, region.GetProperty("startColumn").GetInt32());
    }

    [Fact]
    public void Sarif_ReportsInputsThatWereNotChecked_AsNotifications()
    {
        using var tree = TreeWithFinding();
        tree.Write("mm/blob.c", new byte[] { 1, 0 });

        var run = Run(tree.Root, "check", "--format", "sarif", "mm");

        using var json = JsonDocument.Parse(run.Out);
        var notification = Assert.Single(json.RootElement.GetProperty("runs")[0].GetProperty("invocations")[0].GetProperty("toolExecutionNotifications").EnumerateArray());
        Assert.Equal("error", notification.GetProperty("level").GetString());
        Assert.Equal("skipped: binary file (NUL byte at offset 1).", notification.GetProperty("message").GetProperty("text").GetString());
        Assert.Equal("mm/blob.c", notification.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
    }

    [Fact]
    public void Output_WritesTheReportToTheFile_AndNothingElseStaysBehind()
    {
        using var tree = TreeWithFinding();
        tree.Write("out/report.json", "old report");

        var run = Run(tree.Root, "check", "--format", "json", "--output", "out/report.json", "mm");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Out);
        using var json = JsonDocument.Parse(File.ReadAllText(tree["out/report.json"]));
        Assert.Single(json.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal(new[] { "report.json" }, Directory.GetFiles(tree["out"]).Select(Path.GetFileName));
    }

    [Fact]
    public void Output_IntoAMissingDirectory_Exits2_NamingTheFile()
    {
        using var tree = TreeWithFinding();

        var run = Run(tree.Root, "check", "--output", "nosuchdir/report.txt", "mm");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("folint: nosuchdir/report.txt: cannot write the report: no such directory", run.Error);
    }
}
