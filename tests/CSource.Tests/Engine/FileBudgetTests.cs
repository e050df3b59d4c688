using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Folint.Analyzer.Contracts;
using Folint.CSource.Engine;
using Folint.CSource.Knowledge;
using Folint.Tests.Doubles;

namespace Folint.CSource.Tests.Engine;

/// <summary>One time budget covers a file's whole way through the pipeline, whichever stage spends it.</summary>
public sealed class FileBudgetTests
{
    private static readonly Folint.Analyzer.Catalog.RuleCatalog Catalog =
        RuleCatalogLoader.Load(Path.Combine(AppContext.BaseDirectory, "rules"));

    private static readonly CheckOptions TwoSeconds = new() { FileBudget = TimeSpan.FromSeconds(2) };

    private const string SetBit = "void g(unsigned long flags)\n{\n\t__set_bit(PG_lru, flags);\n}\n";

    [Fact]
    public void HundredThousandUnclosedBraces_AreNamedOnceTheBudgetIsSpent_AndTheOtherFileIsChecked()
    {
        // tree-sitter parses this in a tenth of a second; lowering what it makes of it took minutes (issue 14).
        using var tree = new TempTree();
        tree.Write("mm/unclosed.c", "void f(void)\n" + new string('{', 100_000) + "\n");
        tree.Write("mm/ok.c", SetBit);
        using var frontend = new CFrontend();

        var result = new CheckEngine(frontend, new ISourceRule[] { new CallRule("FOL000", "__set_bit") }, Catalog)
            .Check(SourceDiscoveryTests.Discover(tree, "mm"), TwoSeconds);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("mm/unclosed.c", problem.Path);
        Assert.StartsWith("skipped: checking took longer than 2 s (in parse)", problem.Reason);
        Assert.Equal(InputProblemKind.Unusable, problem.Kind);
        Assert.Equal(2, ExitCodes.ForProblems(result.Problems));
        Assert.Equal("mm/ok.c", Assert.Single(result.Findings).Primary.File);
    }

    [Fact]
    public void RuleThatSpendsTheBudget_CostsItsFileEveryFinding_AndNamesTheStage()
    {
        using var tree = new TempTree();
        tree.Write("mm/slow.c", SetBit.Replace("void g", "void slow"));
        tree.Write("mm/ok.c", SetBit);

        var result = new CheckEngine(new LineFrontend(), new ISourceRule[] { new CallRule("FOL000", "__set_bit"), new SlowRule("FOL003", "slow") }, Catalog)
            .Check(SourceDiscoveryTests.Discover(tree, "mm"), TwoSeconds);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("mm/slow.c", problem.Path);
        Assert.StartsWith("skipped: checking took longer than 2 s (in rules)", problem.Reason);
        Assert.Equal("mm/ok.c", Assert.Single(result.Findings).Primary.File);
    }

    [Fact]
    public void EditorCheck_HasTheSameBudget()
    {
        using var tree = new TempTree();
        var engine = new CheckEngine(new LineFrontend(), new ISourceRule[] { new SlowRule("FOL003", "slow") }, Catalog);
        var session = new TreeSession(engine, tree.Root, hasTreeHeaders: true, TwoSeconds);
        session.BuildIndex();

        var result = session.Check(new SourceFile("mm/slow.c", Encoding.UTF8.GetBytes(SetBit.Replace("void g", "void slow"))));

        Assert.StartsWith("skipped: checking took longer than 2 s (in rules)", Assert.Single(result.Problems).Reason);
        Assert.Empty(result.Findings);
    }

    /// <summary>Works on a function of the given name until the run's token tells it to stop, as a runaway analysis would.</summary>
    private sealed class SlowRule(string id, string function) : StatelessSourceRule
    {
        public override string Id => id;

        public override void Analyze(SourceRuleContext context)
        {
            if (!context.Unit.Functions.Any(f => f.Name == function))
                return;
            while (true)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                Thread.Sleep(10);
            }
        }
    }
}
