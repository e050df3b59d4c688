using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using CsCheck;
using Folint.Analyzer.Findings;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Rules;
using Folint.Analyzer.Rules.Knowledge;
using Folint.CSource;
using Folint.CSource.Engine;
using Folint.CSource.Knowledge;

namespace Folint.Analyzer.Tests.Rules;

/// <summary>
/// Properties of every finding the real frontend and rules produce, over generated kernel-shaped files: where a
/// finding points lies inside the file, and its fingerprint survives edits that only move lines.
/// </summary>
public sealed class FindingPropertyTests : IDisposable
{
    // Statements that reach each rule (from the fixtures), and statements around them that do not.
    private static readonly string[] Statements =
    {
        "__folio_set_swapbacked(folio);", "__ClearPageReserved(page);", "__SetPageDirty(page);", "__folio_clear_active(folio);",
        "__set_bit(PG_private, &page->flags);", "page[1].flags &= ~mask;", "page_folio(page)->flags |= 1UL << PG_referenced;",
        "page_ref_inc(folio_page(folio, 1));", "atomic_set(&page[2]._refcount, 1);", "set_page_count(page + n, 0);",
        "n = atomic_read(&page->_mapcount) + 1;", "n = max(atomic_read(&folio->_mapcount), 0);",
        "set_bit(PG_private, &page->flags);", "folio_set_active(folio);", "n++;", "spin_lock(lock);", "spin_unlock(lock);",
        "if (folio_test_large(folio))", "while (n--)", "return;",
    };

    // Lines an unrelated edit adds: none, a blank line, comments. (Not an empty #ifdef/#endif pair: between
    // `if (x)` and its statement tree-sitter takes the pair for the if's body, so the statement after it
    // leaves the if; real kernel code puts the statement inside the conditional.)
    private static readonly string[] Fillers = { "", "\t", "/* a comment */", "\t/*\n\t * of two lines\n\t */", "// line comment" };

    private sealed record Function(string Name, string[] Body);

    private static readonly Gen<Function[]> Programs =
        Gen.Select(Gen.OneOf(Statements).Array[1, 8], Gen.Int[0, 3], (body, tag) => (body, tag))
            .Array[1, 6]
            .Select(functions => functions.Select((f, i) => new Function($"gen_{i}_{f.tag}", f.body)).ToArray());

    private readonly string _scratch = Directory.CreateTempSubdirectory("folint-properties-").FullName;
    private readonly CheckEngine _engine;
    private readonly CFrontend _frontend;

    public FindingPropertyTests()
    {
        RuleFixtures.CopyTree(Path.Combine(AppContext.BaseDirectory, "Fixtures", "tree"), _scratch);
        var rules = Path.Combine(AppContext.BaseDirectory, "rules");
        _frontend = CFrontend.ForKernel(rules);
        _engine = new CheckEngine(_frontend, SourceRules.All(ShippedKnowledge.Kernel), RuleCatalogLoader.Load(rules));
    }

    /// <summary>The program as C text; <paramref name="filler"/> says what goes before each line (nothing, blank lines, comments).</summary>
    private static string Render(Function[] functions, Func<int, string> filler)
    {
        var text = new StringBuilder("#include <linux/page-flags.h>\n#include <linux/mm_types.h>\n");
        var line = 0;
        void Line(string s)
        {
            var before = filler(line++);
            if (before.Length > 0)
                text.Append(before).Append('\n');
            text.Append(s).Append('\n');
        }
        foreach (var function in functions)
        {
            Line($"static void {function.Name}(struct folio *folio, struct page *page, spinlock_t *lock, unsigned long mask, int n)");
            Line("{");
            foreach (var statement in function.Body)
                Line("\t" + statement);
            Line("\t;");
            Line("}");
        }
        return text.ToString();
    }

    private CheckResult Check(string text)
    {
        File.WriteAllText(Path.Combine(_scratch, "mm", "gen.c"), text);
        return _engine.Check(SourceDiscovery.Discover(new[] { "mm/gen.c" }, _scratch, new SourceDiscoveryOptions()));
    }

    [Fact]
    public void EveryFindingAndItsEvidence_LieInsideTheirFiles()
    {
        var findings = 0;
        Programs.Sample(functions =>
        {
            var result = Check(Render(functions, _ => ""));
            Assert.Empty(result.Problems);
            foreach (var finding in result.Findings)
            {
                findings++;
                Inside(finding.Primary);
                foreach (var evidence in finding.Evidence)
                    Inside(evidence.Location);
                foreach (var edit in finding.Fix is { } fix ? fix.Edits : System.Collections.Immutable.ImmutableArray<TextEdit>.Empty)
                    Inside(edit.Location);
            }
        }, iter: 60, threads: 1);
        // Guards the generator: programs that never produce a finding would make the property vacuous.
        Assert.True(findings > 60, $"only {findings} findings in 60 programs");
    }

    [Fact]
    public void Fingerprints_DoNotDependOnLineNumbers()
    {
        var compared = 0;
        Gen.Select(Programs, Gen.OneOf(Fillers).Array[64], (functions, fillers) => (functions, fillers)).Sample(sample =>
        {
            var plain = Check(Render(sample.functions, _ => ""));
            var moved = Check(Render(sample.functions, line => sample.fillers[line % sample.fillers.Length]));
            Assert.Equal(
                plain.Findings.Select(f => (f.RuleId, f.Fingerprint)).Order(),
                moved.Findings.Select(f => (f.RuleId, f.Fingerprint)).Order());
            compared += plain.Findings.Length;
        }, iter: 40, threads: 1);
        Assert.True(compared > 40, $"only {compared} findings compared in 40 programs");
    }

    private void Inside(Location location)
    {
        var lines = File.ReadAllText(Path.Combine(_scratch, location.File)).Split('\n');
        Assert.InRange(location.Line, 1, lines.Length);
        Assert.InRange(location.EndLine, location.Line, lines.Length);
        Assert.InRange(location.Column, 1, Encoding.UTF8.GetByteCount(lines[location.Line - 1]) + 1);
        Assert.InRange(location.EndColumn, 1, Encoding.UTF8.GetByteCount(lines[location.EndLine - 1]) + 1);
        if (location.EndLine == location.Line)
            Assert.True(location.EndColumn >= location.Column, $"{location} ends before it starts");
    }

    public void Dispose()
    {
        _frontend.Dispose();
        Directory.Delete(_scratch, recursive: true);
    }
}
