using System.Collections.Immutable;
using System.Linq;
using Folint.Analyzer.Model;

namespace Folint.Analyzer.Tests.Model;

public sealed class ModelWalkerTests
{
    private static TextSpan S(int start) => new(start, start + 1);

    private static CallExpr Call(int at, string name, params Expr[] arguments) =>
        new(S(at), new NameExpr(S(at), name), arguments.ToImmutableArray());

    [Fact]
    public void Calls_AreFoundEverywhere_InSourceOrder()
    {
        // for (init(); cond(); step()) { if (test(arg())) { ({ inner(); }); } else other(); } do { body(); } while (last());
        var loop = new LoopStmt(S(0), LoopKind.For,
            new ExprStmt(S(1), Call(1, "init")), Call(2, "cond"), Call(3, "step"),
            new BlockStmt(S(4), ImmutableArray.Create<Stmt>(
                new IfStmt(S(5), Call(5, "test", Call(6, "arg")),
                    new ExprStmt(S(7), new StatementExpr(S(7), new BlockStmt(S(7), ImmutableArray.Create<Stmt>(new ExprStmt(S(8), Call(8, "inner")))))),
                    new ExprStmt(S(9), Call(9, "other"))))));
        var doWhile = new LoopStmt(S(10), LoopKind.DoWhile, null, Call(12, "last"), null,
            new BlockStmt(S(11), ImmutableArray.Create<Stmt>(new ExprStmt(S(11), Call(11, "body")))));
        var declared = new DeclStmt(S(13), ImmutableArray.Create(new LocalDecl(S(13), "x", TypeRef.Unknown, Call(13, "init_x"), false)));
        var body = new BlockStmt(S(0), ImmutableArray.Create<Stmt>(loop, doWhile, declared));

        var names = ModelWalker.DescendantsOfType<CallExpr>(body).Select(c => c.CalleeName).ToArray();

        Assert.Equal(new[] { "init", "cond", "step", "test", "arg", "inner", "other", "body", "last", "init_x" }, names);
    }

    [Fact]
    public void DefaultArrays_AndMissingParts_AreSkipped()
    {
        var opaque = new OpaqueStmt(S(0), "asm", default);
        var call = new CallExpr(S(1), new NameExpr(S(1), "f"), default);
        var iterator = new LoopStmt(S(2), LoopKind.IteratorMacro, null, null, null, new ExprStmt(S(3), call), "list_for_each_entry");

        Assert.Empty(ModelWalker.Descendants(opaque));
        Assert.Equal(new Node[] { call.Callee }, ModelWalker.Descendants(call).ToArray());
        Assert.Equal(3, ModelWalker.Descendants(iterator).Count());
    }

    [Fact]
    public void GnuElvisCondition_IsWalkedOnce()
    {
        // `f() ?: g()` lowers with the condition object standing in for the missing middle operand.
        var condition = Call(0, "f");
        var elvis = new ConditionalExpr(S(0), condition, condition, Call(5, "g"));

        var names = ModelWalker.DescendantsOfType<CallExpr>(elvis).Select(c => c.CalleeName).ToArray();

        Assert.Equal(new[] { "f", "g" }, names);
    }

    [Fact]
    public void DeeplyNestedExpression_IsWalkedWithoutRecursion()
    {
        // a | b | c | ... with 200,000 operands lowers to a left-deep tree: a recursive walk would overflow the stack.
        Expr expr = new NameExpr(S(0), "a0");
        for (var i = 1; i < 200_000; i++)
            expr = new BinaryExpr(S(i), BinaryOperator.BitwiseOr, expr, new NameExpr(S(i), "a" + i));

        var names = ModelWalker.DescendantsOfType<NameExpr>(expr).ToList();

        Assert.Equal(200_000, names.Count);
        Assert.Equal("a0", names[0].Identifier);
        Assert.Equal("a199999", names[^1].Identifier);
    }
}
