using Folint.Analyzer.Model;
using Folint.Analyzer.Shapes;
using static Folint.Analyzer.Tests.Model.Shapes.M;

namespace Folint.Analyzer.Tests.Model.Shapes;

/// <summary>CountDownLoop on kernel-shaped C lowered by hand (seed 003): the C rule for FOL004 will call it on the C frontend's model.</summary>
public sealed class CountDownLoopTests
{
    private static bool IsPageFlagOp(CallExpr call) => call.CalleeName is { } name && name.Contains("PageAnonExclusive");

    // for (;;) { ClearPageAnonExclusive(page); if (--nr == 0) break; ++page; }
    private static LoopStmt SeedLoop(string count = "nr") => For(Block(
        Do(Call("ClearPageAnonExclusive", Name("page"))),
        If(Bin(Unary("--", Name(count)), "==", Num(0)), Break()),
        Do(Unary("++", Name("page")))));

    // do { ClearPageAnonExclusive(page++); nr--; } while (nr != 0);
    private static LoopStmt SeparateDecrementDoWhile() => DoWhile(
        Block(Do(Call("ClearPageAnonExclusive", Unary("++", Name("page"), postfix: true))), Do(Unary("--", Name("nr"), postfix: true))),
        Bin(Name("nr"), "!=", Num(0)));

    // for (;;) { ClearPageAnonExclusive(page++); nr--; if (nr == 0) break; }
    private static LoopStmt SeparateDecrementForever() => For(Block(
        Do(Call("ClearPageAnonExclusive", Unary("++", Name("page"), postfix: true))),
        Do(Unary("--", Name("nr"), postfix: true)),
        If(Bin(Name("nr"), "==", Num(0)), Break())));

    [Fact]
    public void Candidates_IgnoreGuards_FindTheSameLoopsAsFind()
    {
        // if (!nr) return; for (;;) ...: Find rules the loop out, Candidates leaves that to the caller's flow analysis.
        var loop = SeedLoop();
        var body = Block(If(Unary("!", Name("nr")), Return()), loop);

        Assert.Empty(CountDownLoop.Find(body, IsPageFlagOp));
        var match = Assert.Single(CountDownLoop.Candidates(body, IsPageFlagOp));
        Assert.Same(loop, match.Loop);
        Assert.Equal("nr", match.Count);
    }

    [Fact]
    public void SeparateDecrement_MatchesOnlyWhenAskedFor()
    {
        foreach (var loop in new[] { SeparateDecrementDoWhile(), SeparateDecrementForever() })
        {
            var body = Block(loop);

            // Find and Candidates by default take the seed's form only; the C rule asks Find for every form.
            Assert.Empty(CountDownLoop.Find(body, IsPageFlagOp));
            Assert.Single(CountDownLoop.Find(body, IsPageFlagOp, forms: CountDownForms.All));
            Assert.Empty(CountDownLoop.Candidates(body, IsPageFlagOp));
            var match = Assert.Single(CountDownLoop.Candidates(body, IsPageFlagOp, separateDecrement: true));
            Assert.Equal("nr", match.Count);
            Assert.True(Assert.IsType<UnaryExpr>(match.Decrement).IsPostfix);
            Assert.Equal(CountDownForms.DecrementStatementThenTest, match.Form);
            Assert.False(match.WrapsOnlyWhenUnsigned);
        }
    }

    [Fact]
    public void SeparateDecrement_AfterTheTest_IsTestThenAct()
    {
        // for (;;) { if (nr == 0) break; op(page++); nr--; }: tests before it decrements.
        var loop = For(Block(
            If(Bin(Name("nr"), "==", Num(0)), Break()),
            Do(Call("ClearPageAnonExclusive", Unary("++", Name("page"), postfix: true))),
            Do(Unary("--", Name("nr"), postfix: true))));
        // while (nr != 0) { op(page++); nr--; }: top-tested.
        var whileLoop = While(Bin(Name("nr"), "!=", Num(0)), Block(
            Do(Call("ClearPageAnonExclusive", Unary("++", Name("page"), postfix: true))),
            Do(Unary("--", Name("nr"), postfix: true))));

        Assert.Empty(CountDownLoop.Candidates(Block(loop, whileLoop), IsPageFlagOp, separateDecrement: true));
    }

    [Fact]
    public void SeparateDecrement_OfAnotherCount_DoesNotMatch()
    {
        var loop = DoWhile(
            Block(Do(Call("ClearPageAnonExclusive", Name("page"))), Do(Unary("--", Name("other"), postfix: true))),
            Bin(Name("nr"), "!=", Num(0)));

        Assert.Empty(CountDownLoop.Candidates(Block(loop), IsPageFlagOp, separateDecrement: true));
    }

    [Fact]
    public void SeedThreeHelper_DecrementThenBreak_Matches()
    {
        var loop = SeedLoop();

        var match = Assert.Single(CountDownLoop.Find(Block(loop), IsPageFlagOp));

        Assert.Same(loop, match.Loop);
        Assert.Equal("nr", match.Count);
        Assert.Equal("ClearPageAnonExclusive", match.PageOperation.CalleeName);
    }

    [Fact]
    public void DoWhilePreDecrement_Matches()
    {
        // do { ClearPageAnonExclusive(page++); } while (--nr);
        var loop = DoWhile(Block(Do(Call("ClearPageAnonExclusive", Unary("++", Name("page"), postfix: true)))), Unary("--", Name("nr")));

        Assert.Single(CountDownLoop.Find(Block(loop), IsPageFlagOp));
    }

    [Fact]
    public void VmWarnOnOnceThenReturn_RulesOutZero()
    {
        // if (VM_WARN_ON_ONCE(!nr)) return; for (;;) ...
        var body = Block(If(Call("VM_WARN_ON_ONCE", Unary("!", Name("nr"))), Return()), SeedLoop());

        Assert.Empty(CountDownLoop.Find(body, IsPageFlagOp));
    }

    [Fact]
    public void VmWarnOnOnceAlone_DoesNotRuleOutZero()
    {
        // VM_WARN_ON_ONCE(!nr); for (;;) ...   (the warning is gone in release kernels)
        var body = Block(Do(Call("VM_WARN_ON_ONCE", Unary("!", Name("nr")))), SeedLoop());

        Assert.Single(CountDownLoop.Find(body, IsPageFlagOp));
    }

    [Fact]
    public void GuardOnAnotherCount_DoesNotRuleOutZero()
    {
        var body = Block(If(Unary("!", Name("nr_ptes")), Return()), SeedLoop());

        Assert.Single(CountDownLoop.Find(body, IsPageFlagOp));
    }

    [Fact]
    public void LoopUnderIfCount_RulesOutZero()
    {
        var body = Block(If(Name("nr"), Block(SeedLoop())));

        Assert.Empty(CountDownLoop.Find(body, IsPageFlagOp));
    }

    [Fact]
    public void TestThenActWhile_DoesNotMatch()
    {
        // while (nr--) ClearPageAnonExclusive(page++);
        var loop = While(Unary("--", Name("nr"), postfix: true), Do(Call("ClearPageAnonExclusive", Unary("++", Name("page"), postfix: true))));

        Assert.Empty(CountDownLoop.Find(Block(loop), IsPageFlagOp));
    }

    [Fact]
    public void SetPtesShape_WithoutPageOperation_DoesNotMatch()
    {
        // for (;;) { __set_pte(ptep, pte); if (--nr == 0) break; ptep++; }
        var loop = For(Block(
            Do(Call("__set_pte", Name("ptep"), Name("pte"))),
            If(Bin(Unary("--", Name("nr")), "==", Num(0)), Break()),
            Do(Unary("++", Name("ptep"), postfix: true))));

        Assert.Empty(CountDownLoop.Find(Block(loop), IsPageFlagOp));
    }

    [Fact]
    public void GuardInEarlierStatementOfOuterBlock_CoversNestedLoop()
    {
        var body = Block(
            If(Bin(Name("nr"), "==", Num(0)), Block(Do(Call("pr_warn")), Return())),
            If(Name("folio"), Block(SeedLoop())));

        Assert.Empty(CountDownLoop.Find(body, IsPageFlagOp));
    }

    [Fact]
    public void WhilePreDecrementAfterTheFirstOperation_Matches()
    {
        // ClearPageAnonExclusive(page); while (--nr) ClearPageAnonExclusive(++page);
        var body = Block(
            Do(Call("ClearPageAnonExclusive", Name("page"))),
            While(Unary("--", Name("nr")), Do(Call("ClearPageAnonExclusive", Unary("++", Name("page"))))));

        Assert.Equal("nr", Assert.Single(CountDownLoop.Find(body, IsPageFlagOp)).Count);
    }

    [Fact]
    public void CommaConditionThatStepsThePageFirst_Matches_AndSaysWhetherOnlyUnsignedWraps()
    {
        // do { ... } while (page++, --nr > 0);   do { ... } while (page++, --nr);
        var relational = DoWhile(Block(Do(Call("ClearPageAnonExclusive", Name("page")))), Bin(Unary("++", Name("page"), postfix: true), ",", Bin(Unary("--", Name("nr")), ">", Num(0))));
        var truth = DoWhile(Block(Do(Call("ClearPageAnonExclusive", Name("page")))), Bin(Unary("++", Name("page"), postfix: true), ",", Unary("--", Name("nr"))));

        Assert.True(Assert.Single(CountDownLoop.Find(Block(relational), IsPageFlagOp)).WrapsOnlyWhenUnsigned);
        Assert.False(Assert.Single(CountDownLoop.Find(Block(truth), IsPageFlagOp)).WrapsOnlyWhenUnsigned);
    }

    [Fact]
    public void AssertionStatement_RulesOutZero_WhenTheCallerSaysItAsserts()
    {
        // VM_WARN_ON_ONCE(!nr); for (;;) ...
        var body = Block(Do(Call("VM_WARN_ON_ONCE", Unary("!", Name("nr")))), SeedLoop());

        Assert.Empty(CountDownLoop.Find(body, IsPageFlagOp, isAssertion: c => c.CalleeName == "VM_WARN_ON_ONCE"));
    }

    [Fact]
    public void NonZeroAssignment_RulesOutZero_AndAnyOtherAssignmentUndoesAGuard()
    {
        // unsigned int nr = folio_nr_pages(folio); for (;;) ...
        var nonZero = Block(Decl("nr", Call("folio_nr_pages", Name("folio")), "unsigned int"), SeedLoop());
        // if (!nr) return; nr = left - done; for (;;) ...
        var reassigned = Block(If(Unary("!", Name("nr")), Return()), Do(Assign(Name("nr"), Bin(Name("left"), "-", Name("done")))), SeedLoop());

        Assert.Empty(CountDownLoop.Find(nonZero, IsPageFlagOp, isNonZero: e => e is CallExpr { CalleeName: "folio_nr_pages" }));
        Assert.Single(CountDownLoop.Find(reassigned, IsPageFlagOp));
    }

    [Fact]
    public void ModelWalker_VisitsEveryNodeOfTheLoopOnce()
    {
        var loop = SeedLoop();

        var nodes = System.Linq.Enumerable.ToList(ModelWalker.DescendantsAndSelf(loop));

        Assert.Equal(nodes.Count, System.Linq.Enumerable.Count(System.Linq.Enumerable.Distinct(nodes, ReferenceComparer.Instance)));
        Assert.Contains(nodes, n => n is JumpStmt { Kind: JumpKind.Break });
    }

    private sealed class ReferenceComparer : System.Collections.Generic.IEqualityComparer<Node>
    {
        public static readonly ReferenceComparer Instance = new();

        public bool Equals(Node? x, Node? y) => ReferenceEquals(x, y);

        public int GetHashCode(Node obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }
}
