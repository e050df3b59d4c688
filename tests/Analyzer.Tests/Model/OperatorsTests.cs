using System;
using System.Linq;
using Folint.Analyzer.Model;

namespace Folint.Analyzer.Tests.Model;

public sealed class OperatorsTests
{
    [Fact]
    public void EveryOperator_HasOneCSpelling_ThatReadsBackAsItself()
    {
        Assert.All(Enum.GetValues<UnaryOperator>(), op => Assert.Equal(op, Operators.Unary(op.Spelling())));
        Assert.All(Enum.GetValues<BinaryOperator>(), op => Assert.Equal(op, Operators.Binary(op.Spelling())));
        Assert.All(Enum.GetValues<AssignOperator>(), op => Assert.Equal(op, Operators.Assign(op.Spelling())));
        Assert.Equal(Enum.GetValues<BinaryOperator>().Length, Enum.GetValues<BinaryOperator>().Select(op => op.Spelling()).Distinct().Count());
        Assert.Null(Operators.Binary("=="[..1]));
        Assert.Null(Operators.Unary(""));
    }

    [Theory]
    [InlineData(BinaryOperator.BitwiseOr, AssignOperator.BitwiseOr)]
    [InlineData(BinaryOperator.ShiftLeft, AssignOperator.ShiftLeft)]
    [InlineData(BinaryOperator.LogicalAnd, null)]
    [InlineData(BinaryOperator.Equal, null)]
    public void Compound_IsTheAssignmentThatAppliesTheOperator(BinaryOperator op, AssignOperator? expected)
    {
        Assert.Equal(expected, Operators.Compound(op));
    }

    [Fact]
    public void Printer_SpellsOperatorsAsC()
    {
        var span = new TextSpan(0, 1);
        var flags = new MemberExpr(span, new NameExpr(span, "page"), "flags", IsArrow: true);
        var clear = new AssignExpr(span, AssignOperator.BitwiseAnd, flags, new UnaryExpr(span, UnaryOperator.Complement, new NameExpr(span, "mask"), false));
        Assert.Equal("page->flags &= ~mask", ExprPrinter.Print(clear));
        var test = new BinaryExpr(span, BinaryOperator.Comma, new UnaryExpr(span, UnaryOperator.Decrement, new NameExpr(span, "nr"), true),
            new BinaryExpr(span, BinaryOperator.NotEqual, new NameExpr(span, "nr"), new LiteralExpr(span, "0", LiteralKind.Number)));
        Assert.Equal("nr--, (nr != 0)", ExprPrinter.Print(test));
    }
}
