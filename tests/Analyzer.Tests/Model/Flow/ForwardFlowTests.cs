using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using Folint.Analyzer.Flow;
using Folint.Analyzer.Model;
using Folint.CSource;
using Folint.CSource.Engine;

namespace Folint.Analyzer.Tests.Model.Flow;

/// <summary>
/// The one forward traversal, on C lowered by the real frontend, with a small analysis of its own: which constants a
/// variable may hold (x = 1 assigns {1}; paths meet by union). Each test reads the values a <c>seen(x)</c> call sees.
/// </summary>
public sealed class ForwardFlowTests
{
    [Fact]
    public void IfElse_JoinsBothBranches()
    {
        var seen = Run(@"
void f(int c)
{
	int x = 0;
	if (c)
		x = 1;
	else
		x = 2;
	seen(x);
}");
        Assert.Equal(new[] { "1", "2" }, seen.Single());
    }

    [Fact]
    public void Goto_CarriesItsStateToTheLabel_JoinedWithFallthrough()
    {
        var seen = Run(@"
void f(int c)
{
	int x = 0;
	if (c) {
		x = 1;
		goto out;
	}
	x = 2;
out:
	seen(x);
}");
        Assert.Equal(new[] { "1", "2" }, seen.Single());
    }

    [Fact]
    public void LabelAfterReturn_ReachedOnlyByItsGotos()
    {
        var flow = Flow(@"
void f(int c)
{
	int x = 0;
	if (c) {
		x = 3;
		goto fail;
	}
	return;
fail:
	seen(x);
}");
        Assert.Equal(new[] { "3" }, Seen(flow).Single());
    }

    [Fact]
    public void Loop_IteratesToAFixedPoint_NotAFixedNumberOfRounds()
    {
        // the value 1 needs three rounds to travel a -> b -> c: a walker that stops after two rounds misses it
        var seen = Run(@"
void f(int k)
{
	int a = 0, b = 0, c = 0;
	while (k) {
		seen(c);
		c = b;
		b = a;
		a = 1;
	}
	seen(c);
}");
        Assert.Equal(new[] { "0", "1" }, seen[0]);
        Assert.Equal(new[] { "0", "1" }, seen[1]);
    }

    [Fact]
    public void GotoOutOfLoop_LeavesWithItsOwnState_AndAnEndlessLoopFallsThroughNowhere()
    {
        var flow = Flow(@"
void f(int c)
{
	int x = 0;
	for (;;) {
		if (c) {
			x = 1;
			goto out;
		}
		x = 2;
	}
	seen(x);
out:
	seen(x);
}");
        // the call after the endless loop is unreachable: only the one at the label is seen
        Assert.Equal(new[] { "1" }, Seen(flow).Single());
    }

    [Fact]
    public void BackwardGoto_WalksTheBodyAgainUntilTheLabelSettles()
    {
        var flow = Flow(@"
void f(int c)
{
	int x = 0;
again:
	seen(x);
	if (c) {
		x = 1;
		goto again;
	}
}");
        Assert.Equal(new[] { "0", "1" }, Seen(flow).Single());
        Assert.Equal(2, flow.Passes);
    }

    [Fact]
    public void Switch_CaseEnteredFromValueAndByFallthrough_ExitThroughBreaksAndMissingDefault()
    {
        var seen = Run(@"
void f(int v)
{
	int x = 0;
	switch (v) {
	case 1:
		x = 1;
	case 2:
		seen(x);
		x = 2;
		break;
	case 3:
		x = 3;
		break;
	}
	seen(x);
}");
        Assert.Equal(new[] { "0", "1" }, seen[0]);
        // no default: the value may match no case and skip them all
        Assert.Equal(new[] { "0", "2", "3" }, seen[1]);
    }

    [Fact]
    public void Switch_WithDefault_NeverSkipsEveryCase()
    {
        var seen = Run(@"
void f(int v)
{
	int x = 0;
	switch (v) {
	case 1:
		x = 1;
		break;
	default:
		x = 2;
	}
	seen(x);
}");
        Assert.Equal(new[] { "1", "2" }, seen.Single());
    }

    [Fact]
    public void BreakAndContinue_GoToTheLoopExitAndLatch()
    {
        var seen = Run(@"
void f(int c, int d, int e)
{
	int x = 0;
	while (c) {
		seen(x);
		if (d) {
			x = 1;
			continue;
		}
		if (e) {
			x = 2;
			break;
		}
		x = 3;
	}
	seen(x);
}");
        Assert.Equal(new[] { "0", "1", "3" }, seen[0]);
        // leaving through the condition (0, 1, 3) or the break (2)
        Assert.Equal(new[] { "0", "1", "2", "3" }, seen[1]);
    }

    [Fact]
    public void BreakInsideSwitchInsideLoop_LeavesTheSwitchNotTheLoop()
    {
        var seen = Run(@"
void f(int c, int v)
{
	int x = 0;
	do {
		switch (v) {
		case 1:
			x = 1;
			break;
		}
		seen(x);
	} while (c);
}");
        Assert.Equal(new[] { "0", "1" }, seen.Single());
    }

    [Fact]
    public void Conditions_AreSplitAcrossAndOrAndNot_WithTheAnalysisDecidingTheLeaves()
    {
        // never() is false to the analysis: the branch that needs it true is unreachable
        var seen = Run(@"
void f(int c)
{
	int x = 0;
	if (c && never())
		x = 1;
	if (!never() || c)
		seen(x);
	if (never() == 0)
		x = 2;
	seen(x);
}");
        Assert.Equal(new[] { "0" }, seen[0]);
        Assert.Equal(new[] { "2" }, seen[1]);
    }

    [Fact]
    public void ConditionalExpressionAndStatementExpression_AreControlFlowToo()
    {
        var seen = Run(@"
void f(int c)
{
	int x = 0;
	int y = c ? (x = 1) : (x = 2);
	seen(x);
	({ if (c) x = 3; });
	seen(x);
}");
        Assert.Equal(new[] { "1", "2" }, seen[0]);
        Assert.Equal(new[] { "1", "2", "3" }, seen[1]);
    }

    [Fact]
    public void Return_EndsThePath_AndIsReportedAsAnExit()
    {
        var flow = Flow(@"
int f(int c)
{
	int x = 0;
	if (c) {
		x = 1;
		return x;
	}
	seen(x);
	return 0;
}");
        Assert.Equal(new[] { "0" }, Seen(flow).Single());
        Assert.Equal(2, flow.Exits.Length);
        Assert.Equal(new[] { "1" }, flow.Exits[0].State["x"]);
        Assert.Null(flow.FallsOff);
    }

    private static List<string[]> Run(string code) => Seen(Flow(code));

    private static List<string[]> Seen(FlowResult<Values> flow) =>
        flow.Before
            .Where(p => p.Key is CallExpr { CalleeName: "seen" })
            .OrderBy(p => p.Key.Span.Start)
            .Select(p => p.Value.Of(((NameExpr)((CallExpr)p.Key).Arguments[0]).Identifier))
            .ToList();

    private static FlowResult<Values> Flow(string code)
    {
        using var frontend = new CFrontend();
        var unit = frontend.Build(new SourceFile("mm/flow.c", Encoding.UTF8.GetBytes(code)), CancellationToken.None);
        Assert.Empty(unit.Problems);
        var function = Assert.Single(unit.Functions);
        return ForwardFlow<Values>.Run(function.Body, Values.Empty, new ConstantValues());
    }

    /// <summary>Which constants each variable may hold.</summary>
    public sealed record Values(ImmutableSortedDictionary<string, ImmutableSortedSet<string>> Map)
    {
        public static readonly Values Empty = new(ImmutableSortedDictionary<string, ImmutableSortedSet<string>>.Empty);

        public string[] this[string name] => Of(name);

        public string[] Of(string name) => Map.TryGetValue(name, out var values) ? values.ToArray() : System.Array.Empty<string>();

        public Values Set(string name, string value) => new(Map.SetItem(name, ImmutableSortedSet.Create(value)));

        public Values Copy(string name, string source) =>
            new(Map.TryGetValue(source, out var values) ? Map.SetItem(name, values) : Map.Remove(name));
    }

    private sealed class ConstantValues : ForwardAnalysis<Values>
    {
        public override Values Join(Values left, Values right)
        {
            var map = left.Map;
            foreach (var pair in right.Map)
                map = map.SetItem(pair.Key, map.TryGetValue(pair.Key, out var known) ? known.Union(pair.Value) : pair.Value);
            return new Values(map);
        }

        public override bool Includes(Values state, Values other) =>
            other.Map.All(p => state.Map.TryGetValue(p.Key, out var known) && known.IsSupersetOf(p.Value));

        public override bool Observes(Expr node) => node is CallExpr;

        public override Values Declare(LocalDecl local, Values state) =>
            local.Initializer is LiteralExpr literal ? state.Set(local.Name, literal.Text) : state;

        public override Values Transfer(Expr node, Values state, ForwardFlow<Values> flow) => node switch
        {
            AssignExpr { Operator: AssignOperator.Assign, Target: NameExpr target, Value: LiteralExpr literal } => state.Set(target.Identifier, literal.Text),
            AssignExpr { Operator: AssignOperator.Assign, Target: NameExpr target, Value: NameExpr source } => state.Copy(target.Identifier, source.Identifier),
            _ => state,
        };

        public override (Values? WhenTrue, Values? WhenFalse) Branch(Expr condition, Values state, ForwardFlow<Values> flow) =>
            condition is CallExpr { CalleeName: "never" } ? (null, state) : base.Branch(condition, state, flow);
    }
}
