using System;
using System.IO;
using System.Linq;
using System.Threading;
using Folint.Analyzer.Findings;
using Folint.Analyzer.Contracts;
using Folint.CSource.Engine;
using Folint.CSource.Knowledge;
using Folint.Tests.Doubles;

namespace Folint.CSource.Tests.Engine;

public sealed class CheckEngineTests
{
    private static readonly Folint.Analyzer.Catalog.RuleCatalog Catalog =
        RuleCatalogLoader.Load(Path.Combine(AppContext.BaseDirectory, "rules"));

    private const string OpenCoded =
        "#include <linux/page-flags.h>\n" +
        "\n" +
        "void attach_private(struct page *page)\n" +
        "{\n" +
        "\tpage->private = 1;\n" +
        "\t__set_bit(PG_private, &page->flags);\n" +
        "}\n";

    private static CheckResult Check(TempTree tree, ISourceFrontend frontend, ISourceRule[] rules, CheckOptions? options = null, params string[] paths)
    {
        var inputs = SourceDiscovery.Discover((paths.Length == 0 ? new[] { "mm" } : paths).Select(p => tree[p]).ToArray(), tree.Root, new SourceDiscoveryOptions());
        return new CheckEngine(frontend, rules, Catalog).Check(inputs, options);
    }

    [Fact]
    public void Finding_IsResolvedToLineColumnAndSeverity_FromTheCatalog()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", OpenCoded);

        var result = Check(tree, new LineFrontend(), new ISourceRule[] { new CallRule("FOL000", "__set_bit") });

        var finding = Assert.Single(result.Findings);
        Assert.Equal(new Location("mm/a.c", 6, 2, 6, 37), finding.Primary);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("attach_private", finding.Function);
        Assert.StartsWith("open-coded non-atomic __set_bit() on &page->flags:", finding.Message);
        Assert.Equal(Fingerprint.Compute("FOL000", "mm/a.c", "attach_private", "__set_bit(PG_private)", 0), finding.Fingerprint);
    }

    [Fact]
    public void Fingerprints_StayTheSame_WhenUnrelatedEditsMoveTheLines()
    {
        using var before = new TempTree();
        before.Write("mm/a.c", OpenCoded);
        using var after = new TempTree();
        after.Write("mm/a.c", "/* a new comment\n * of three lines\n */\n" + OpenCoded.Replace("\tpage->private = 1;\n", "\tpage->private = 1;\n\tpage->index = 0;\n"));
        var rules = new ISourceRule[] { new CallRule("FOL000", "__set_bit") };

        var old = Assert.Single(Check(before, new LineFrontend(), rules).Findings);
        var moved = Assert.Single(Check(after, new LineFrontend(), rules).Findings);

        Assert.Equal(6, old.Primary.Line);
        Assert.Equal(10, moved.Primary.Line);
        Assert.Equal(old.Fingerprint, moved.Fingerprint);
    }

    [Fact]
    public void EqualKeysInOneFunction_GetOrdinalsInSourceOrder()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", OpenCoded.Replace("\tpage->private = 1;\n", "\t__set_bit(PG_private, &page->flags);\n"));

        var findings = Check(tree, new LineFrontend(), new ISourceRule[] { new CallRule("FOL000", "__set_bit") }).Findings;

        Assert.Equal(2, findings.Length);
        Assert.Equal(Fingerprint.Compute("FOL000", "mm/a.c", "attach_private", "__set_bit(PG_private)", 0), findings[0].Fingerprint);
        Assert.Equal(Fingerprint.Compute("FOL000", "mm/a.c", "attach_private", "__set_bit(PG_private)", 1), findings[1].Fingerprint);
    }

    [Fact]
    public void ExactDuplicates_AreReportedOnce()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", OpenCoded);

        var result = Check(tree, new LineFrontend(), new ISourceRule[] { new CallRule("FOL000", "__set_bit", repeat: 3) });

        var finding = Assert.Single(result.Findings);
        Assert.Equal(Fingerprint.Compute("FOL000", "mm/a.c", "attach_private", "__set_bit(PG_private)", 0), finding.Fingerprint);
    }

    [Fact]
    public void Evidence_InAHeaderThatIsNotChecked_IsParsedOnDemandOnce_AndLocated()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", OpenCoded);
        tree.Write("mm/b.c", OpenCoded.Replace("attach_private", "attach_private_b"));
        var frontend = new LineFrontend();
        var rule = new CallRule("FOL000", "__set_bit") { EvidenceUnit = "include/linux/page-flags.h", FixHint = "use set_bit()" };

        var result = Check(tree, frontend, new ISourceRule[] { rule });

        Assert.Equal(2, result.Findings.Length);
        var evidence = Assert.Single(result.Findings[0].Evidence);
        Assert.Equal(new Location("include/linux/page-flags.h", 1, 20, 1, 37), evidence.Location);
        Assert.Equal("folio_set_private", evidence.Function);
        Assert.Equal("use set_bit()", result.Findings[0].FixHint);
        Assert.Equal(1, frontend.Builds["include/linux/page-flags.h"]);
        Assert.Equal(2, result.Stats.ParsedFiles); // the header is not one of the checked files
    }

    [Fact]
    public void Index_AnswersDefinitionsAndCallers_AcrossCheckedFiles()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", "static void helper(struct page *page)\n{\n\t__set_bit(PG_private, &page->flags);\n}\n");
        tree.Write("mm/b.c", "void user(struct page *page)\n{\n\thelper(page);\n\tput_page(page);\n}\n");
        var frontend = new LineFrontend();
        IProgramIndex? index = null;
        var probe = new IndexProbe(i => index = i);

        Check(tree, frontend, new ISourceRule[] { probe });

        var definition = Assert.Single(index!.FunctionsNamed("helper"));
        Assert.Equal("mm/a.c", definition.File);
        var caller = Assert.Single(index.CallersOf("helper"));
        Assert.Equal(("mm/b.c", "user"), (caller.File, caller.Caller));
        Assert.Empty(index.CallersOf("nobody"));
        Assert.NotNull(index.UnitAt("include/linux/page-flags.h"));
        Assert.Null(index.UnitAt("include/linux/nosuch.h"));
        Assert.Null(index.UnitAt("../outside.h"));
    }

    [Fact]
    public void ThrowingFrontend_BecomesAProblemForThatFile_AndTheOthersAreChecked()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", OpenCoded);
        tree.Write("mm/crash.c", "/* FRONTEND-CRASH */\n");

        var result = Check(tree, new LineFrontend(), new ISourceRule[] { new CallRule("FOL000", "__set_bit") });

        Assert.Single(result.Findings);
        Assert.Equal(new InputProblem("mm/crash.c", "internal error in parse: toy frontend crash (InvalidOperationException)") { Kind = InputProblemKind.InternalError }, Assert.Single(result.Problems));
        Assert.Equal((2, 1), (result.Stats.Files, result.Stats.ParsedFiles));
    }

    [Fact]
    public void FileTheFrontendCannotCheck_IsSkippedWithTheReason_NotAnInternalError()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", OpenCoded);
        tree.Write("mm/deep.c", "int f(void) { return " + new string('(', 5000) + "1" + new string(')', 5000) + "; }\n");

        using var frontend = new CFrontend();
        var result = Check(tree, frontend, System.Array.Empty<ISourceRule>());

        Assert.Equal((2, 1), (result.Stats.Files, result.Stats.ParsedFiles));
        var problem = Assert.Single(result.Problems);
        Assert.Equal(new InputProblem("mm/deep.c", "skipped: nesting deeper than 1000 levels (statements or expressions) at line 1"), problem);
        Assert.Equal(InputProblemKind.Unusable, problem.Kind);
    }

    [Fact]
    public void ParseOverItsTimeBudget_IsSkippedWithTheReason_AndTheRunGoesOn()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", "int a;\n");
        // A megabyte of C takes tree-sitter far longer than a microsecond.
        tree.Write("mm/big.c", string.Concat(Enumerable.Repeat("static int f(int x) { return x + 1; }\n", 30_000)));
        using var frontend = new CFrontend(parseTimeout: TimeSpan.FromTicks(10));

        var result = Check(tree, frontend, System.Array.Empty<ISourceRule>());

        var problem = Assert.Single(result.Problems);
        Assert.Equal(new InputProblem("mm/big.c", "skipped: parsing took longer than 0 s"), problem);
        Assert.Equal((2, 1), (result.Stats.Files, result.Stats.ParsedFiles));
    }

    [Fact]
    public void ThrowingRule_LosesItsFindings_AndTheOtherRulesKeepTheirs()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", OpenCoded);

        var result = Check(tree, new LineFrontend(), new ISourceRule[] { new ThrowingRule("FOL003"), new CallRule("FOL000", "__set_bit") });

        Assert.Equal("FOL000", Assert.Single(result.Findings).RuleId);
        Assert.Equal(new InputProblem("mm/a.c", "internal error in rule FOL003: rule bug (InvalidOperationException)") { Kind = InputProblemKind.InternalError }, Assert.Single(result.Problems));
    }

    [Fact]
    public void EachRule_IsStartedOncePerRun_AndItsAnalyzerSeesEveryUnitOfThatRun()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", OpenCoded);
        tree.Write("mm/b.c", OpenCoded.Replace("attach_private", "attach_other"));
        var rule = new CountingRule();

        Check(tree, new LineFrontend(), new ISourceRule[] { rule });
        Check(tree, new LineFrontend(), new ISourceRule[] { rule });

        Assert.Equal(2, rule.Runs.Count);
        Assert.All(rule.Runs, run => Assert.Equal(new[] { "mm/a.c", "mm/b.c" }, run.Units.OrderBy(u => u, StringComparer.Ordinal)));
        Assert.NotSame(rule.Runs[0].Shared, rule.Runs[1].Shared);
    }

    [Fact]
    public void RuleWhoseStartFails_IsAnInternalError_AndTheOtherRulesStillReport()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", OpenCoded);

        var result = Check(tree, new LineFrontend(), new ISourceRule[] { new FailingStart("FOL003"), new CallRule("FOL000", "__set_bit") });

        Assert.Equal("FOL000", Assert.Single(result.Findings).RuleId);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(InputProblemKind.InternalError, problem.Kind);
        Assert.Contains("rule FOL003 (start)", problem.Reason);
    }

    [Fact]
    public void RuleFilter_RunsOnlyTheNamedRules()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", OpenCoded);
        var rules = new ISourceRule[] { new CallRule("FOL000", "__set_bit"), new ThrowingRule("FOL003") };

        var result = Check(tree, new LineFrontend(), rules, new CheckOptions { EnabledRules = RuleFilter.Parse(new[] { "fol000" }, Catalog) });

        Assert.Single(result.Findings);
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void RuleFilter_WithAnUnknownId_NamesTheKnownOnes()
    {
        var e = Assert.Throws<UnknownRuleError>(() => RuleFilter.Parse(new[] { "FOL000,FOL999" }, Catalog));

        Assert.Equal("FOL999", e.Subject);
        Assert.Contains("FOL000, FOL001", e.Hint);
    }

    [Fact]
    public void Findings_AreSortedByFileLineColumnRule()
    {
        using var tree = new TempTree();
        tree.Write("mm/b.c", OpenCoded);
        tree.Write("mm/a.c", OpenCoded.Replace("\tpage->private = 1;\n", "\t__clear_bit(PG_private, &page->flags); __set_bit(PG_lru, &page->flags);\n"));
        var rules = new ISourceRule[] { new CallRule("FOL000", "__set_bit"), new CallRule("FOL003", "__clear_bit") };

        var findings = Check(tree, new LineFrontend(), rules).Findings;

        Assert.Equal(
            new[] { "mm/a.c:5:2 FOL003", "mm/a.c:5:41 FOL000", "mm/a.c:6:2 FOL000", "mm/b.c:6:2 FOL000" },
            findings.Select(f => $"{f.Primary} {f.RuleId}"));
    }

    [Fact]
    public void Stats_CountFilesFunctionsAndFunctionsWithParseErrors()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", OpenCoded + "\nstatic int broken(void)\n{\n\treturn x + ; /* parse-error */\n}\n");
        tree.Write("mm/empty.c", "");
        tree.Write("mm/blob.c", new byte[] { 0x7f, 0x45, 0x4c, 0x46, 0 });

        var result = Check(tree, new LineFrontend(), Array.Empty<ISourceRule>());

        Assert.Equal(new RunStats(3, 2, 2, 1, result.Stats.ElapsedSeconds), result.Stats);
        Assert.Equal("skipped: binary file (NUL byte at offset 4)", Assert.Single(result.Problems).Reason);
        Assert.Empty(result.Notes);
    }

    [Fact]
    public void Engine_RefusesARuleMissingFromTheCatalog()
    {
        var e = Assert.Throws<ArgumentException>(() => new CheckEngine(new LineFrontend(), new ISourceRule[] { new CallRule("FOL999", "x") }, Catalog));

        Assert.Contains("FOL999", e.Message);
    }

    [Fact]
    public void Cancellation_StopsTheRun()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", OpenCoded);
        var inputs = SourceDiscovery.Discover(new[] { tree["mm"] }, tree.Root, new SourceDiscoveryOptions());
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            new CheckEngine(new LineFrontend(), Array.Empty<ISourceRule>(), Catalog).Check(inputs, cancellationToken: cancelled.Token));
    }

    [Fact]
    public void Progress_CountsEveryFileOfBothStages()
    {
        using var tree = new TempTree();
        tree.Write("mm/a.c", OpenCoded);
        tree.Write("mm/b.c", OpenCoded);
        var inputs = SourceDiscovery.Discover(new[] { tree["mm"] }, tree.Root, new SourceDiscoveryOptions());
        var reports = new System.Collections.Concurrent.ConcurrentBag<CheckProgress>();

        new CheckEngine(new LineFrontend(), Array.Empty<ISourceRule>(), Catalog)
            .Check(inputs, progress: new Recorder(reports.Add));

        Assert.Contains(new CheckProgress(CheckStage.Parsing, 2, 2), reports);
        Assert.Contains(new CheckProgress(CheckStage.Checking, 2, 2), reports);
        Assert.Equal(4, reports.Count);
    }

    private sealed class IndexProbe : StatelessSourceRule
    {
        private readonly Action<IProgramIndex> _seen;

        public IndexProbe(Action<IProgramIndex> seen) => _seen = seen;

        public override string Id => "FOL000";

        public override void Analyze(SourceRuleContext context) => _seen(context.Program);
    }

    /// <summary>Records each run it is started for: the units its analyzer saw and the run's shared state.</summary>
    private sealed class CountingRule : ISourceRule
    {
        public System.Collections.Generic.List<RunRecord> Runs { get; } = new();

        public string Id => "FOL000";

        public SourceRuleAnalyzer Start(SourceRun run, CancellationToken cancellationToken)
        {
            var record = new RunRecord(run.Shared(() => new object()));
            lock (Runs)
                Runs.Add(record);
            return record;
        }
    }

    private sealed class RunRecord(object shared) : SourceRuleAnalyzer
    {
        public object Shared { get; } = shared;

        public System.Collections.Concurrent.ConcurrentBag<string> Units { get; } = new();

        public override void Analyze(SourceRuleContext context) => Units.Add(context.Unit.Path);
    }

    private sealed class FailingStart(string id) : ISourceRule
    {
        public string Id => id;

        public SourceRuleAnalyzer Start(SourceRun run, CancellationToken cancellationToken) => throw new InvalidOperationException("cannot read the tree's header");
    }

    private sealed class Recorder : IProgress<CheckProgress>
    {
        private readonly Action<CheckProgress> _report;

        public Recorder(Action<CheckProgress> report) => _report = report;

        public void Report(CheckProgress value) => _report(value);
    }
}
