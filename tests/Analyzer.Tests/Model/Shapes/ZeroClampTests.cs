using Folint.Analyzer.Shapes;
using static Folint.Analyzer.Tests.Model.Shapes.M;

namespace Folint.Analyzer.Tests.Model.Shapes;

/// <summary>ZeroClamp on kernel-shaped C lowered by hand: the C rule for FOL003 will call it on the C frontend's model.</summary>
public sealed class ZeroClampTests
{
    [Fact]
    public void PageMapcountBeforeSeed004Fix_IfNegativeAssignZero_Matches()
    {
        // int mapcount = atomic_read(&page->_mapcount) + 1; if (mapcount < 0) mapcount = 0;
        var read = RawMapcount();
        var clamp = If(Bin(Name("mapcount"), "<", Num(0)), Do(Assign(Name("mapcount"), Num(0))));
        var body = Block(Decl("mapcount", Bin(read, "+", Num(1))), clamp, Return(Name("mapcount")));

        var match = Assert.Single(ZeroClamp.Find(body, IsRawMapcountRead));

        Assert.Equal(ZeroClampForm.IfNegativeAssignZero, match.Form);
        Assert.Same(clamp, match.Clamp);
        Assert.Same(read, match.MapcountRead);
        Assert.Equal("mapcount", match.Variable);
    }

    [Fact]
    public void PageMapcountAfterSeed004Fix_TypeTest_DoesNotMatch()
    {
        // int mapcount = atomic_read(&page->_mapcount); mapcount = page_type_has_type(mapcount) ? 0 : mapcount + 1;
        var body = Block(
            Decl("mapcount", RawMapcount()),
            Do(Assign(Name("mapcount"), Cond(Call("page_type_has_type", Name("mapcount")), Num(0), Bin(Name("mapcount"), "+", Num(1))))));

        Assert.Empty(ZeroClamp.Find(body, IsRawMapcountRead));
    }

    [Fact]
    public void MaxTOfDerivedValueAndZero_Matches()
    {
        // return max_t(int, atomic_read(&page->_mapcount) + 1, 0);
        var body = Block(Return(Call("max_t", Name("int"), Bin(RawMapcount(), "+", Num(1)), Num(0))));

        Assert.Equal(ZeroClampForm.MaxWithZero, Assert.Single(ZeroClamp.Find(body, IsRawMapcountRead)).Form);
    }

    [Fact]
    public void ConditionalNotNegativeElseZero_Matches()
    {
        // x = atomic_read(&page->_mapcount); return x + 1 >= 0 ? x + 1 : 0;
        var body = Block(
            Decl("x", RawMapcount()),
            Return(Cond(Bin(Bin(Name("x"), "+", Num(1)), ">=", Num(0)), Bin(Name("x"), "+", Num(1)), Num(0))));

        Assert.Equal(ZeroClampForm.NegativeConditional, Assert.Single(ZeroClamp.Find(body, IsRawMapcountRead)).Form);
    }

    [Fact]
    public void ClampOfVariableReassignedFromSomethingElse_DoesNotMatch()
    {
        // m = atomic_read(&page->_mapcount); m = folio_nr_pages(folio); if (m < 0) m = 0;
        var body = Block(
            Decl("m", RawMapcount()),
            Do(Assign(Name("m"), Call("folio_nr_pages", Name("folio")))),
            If(Bin(Name("m"), "<", Num(0)), Do(Assign(Name("m"), Num(0)))));

        Assert.Empty(ZeroClamp.Find(body, IsRawMapcountRead));
    }

    [Fact]
    public void NegativeTestThatReports_DoesNotMatch()
    {
        // if (atomic_read(&page->_mapcount) + 1 < 0) print_bad_pte(...);
        var body = Block(If(Bin(Bin(RawMapcount(), "+", Num(1)), "<", Num(0)), Do(Call("print_bad_pte"))));

        Assert.Empty(ZeroClamp.Find(body, IsRawMapcountRead));
    }

    [Fact]
    public void LessOrEqualMinusOne_CountsAsNegativeTest()
    {
        var body = Block(
            Decl("m", Bin(RawMapcount(), "+", Num(1))),
            If(Bin(Name("m"), "<=", Neg(1)), Block(Do(Assign(Name("m"), Num(0))))));

        Assert.Single(ZeroClamp.Find(body, IsRawMapcountRead));
    }

    [Fact]
    public void EarlyReturnZeroOnNegative_Matches()
    {
        // int m = atomic_read(&page->_mapcount) + 1; if (m < 0) return 0; return m;
        var clamp = If(Bin(Name("m"), "<", Num(0)), Return(Num(0)));
        var body = Block(Decl("m", Bin(RawMapcount(), "+", Num(1))), clamp, Return(Name("m")));

        var match = Assert.Single(ZeroClamp.Find(body, IsRawMapcountRead));

        Assert.Equal(ZeroClampForm.ReturnZeroWhenNegative, match.Form);
        Assert.Same(clamp, match.Clamp);
    }

    [Fact]
    public void EarlyReturnOfSomethingElse_DoesNotMatch()
    {
        // if (m < 0) return -EINVAL;
        var body = Block(Decl("m", RawMapcount()), If(Bin(Name("m"), "<", Num(0)), Return(Neg(22))), Return(Name("m")));

        Assert.Empty(ZeroClamp.Find(body, IsRawMapcountRead));
    }

    [Fact]
    public void PositiveElseZeroConditional_AndNonPositiveTest_Match()
    {
        // return m > 0 ? m : 0;  if (m <= 0) m = 0;
        var conditional = Block(Decl("m", RawMapcount()), Return(Cond(Bin(Name("m"), ">", Num(0)), Name("m"), Num(0))));
        var nonPositive = Block(Decl("m", RawMapcount()), If(Bin(Name("m"), "<=", Num(0)), Do(Assign(Name("m"), Num(0)))));

        Assert.Equal(ZeroClampForm.NegativeConditional, Assert.Single(ZeroClamp.Find(conditional, IsRawMapcountRead)).Form);
        Assert.Equal(ZeroClampForm.IfNegativeAssignZero, Assert.Single(ZeroClamp.Find(nonPositive, IsRawMapcountRead)).Form);
    }

    [Fact]
    public void ClampWithZeroFloor_Matches_AndAnotherFloorDoesNot()
    {
        // clamp(m, 0, nr); clamp_t(int, m, 1, nr);
        var zero = Block(Decl("m", RawMapcount()), Return(Call("clamp", Name("m"), Num(0), Name("nr"))));
        var one = Block(Decl("m", RawMapcount()), Return(Call("clamp_t", Name("int"), Name("m"), Num(1), Name("nr"))));

        Assert.Equal(ZeroClampForm.ClampWithZeroFloor, Assert.Single(ZeroClamp.Find(zero, IsRawMapcountRead)).Form);
        Assert.Empty(ZeroClamp.Find(one, IsRawMapcountRead));
    }
}

