using System.Collections.Immutable;
using Folint.Analyzer.Model;

namespace Folint.Analyzer.Tests.Model.Shapes;

/// <summary>Builds body-model nodes as the C frontend would lower kernel C, for testing shapes without a parser.</summary>
internal static class M
{
    private static int s_offset;

    private static TextSpan Next() => new(s_offset, ++s_offset);

    public static NameExpr Name(string name) => new(Next(), name);

    public static LiteralExpr Num(long value) => new(Next(), value.ToString(System.Globalization.CultureInfo.InvariantCulture), LiteralKind.Number);

    public static Expr Neg(long value) => new UnaryExpr(Next(), UnaryOperator.Negate, Num(value), false);

    public static CallExpr Call(string callee, params Expr[] args) => new(Next(), Name(callee), args.ToImmutableArray());

    public static MemberExpr Arrow(Expr target, string member) => new(Next(), target, member, true);

    // Operators in their C spelling, read through the model's one table, so a shape reads as the C it stands for.
    public static UnaryExpr Unary(string op, Expr operand, bool postfix = false) => new(Next(), Operators.Unary(op) ?? throw new System.ArgumentException(op), operand, postfix);

    public static BinaryExpr Bin(Expr left, string op, Expr right) => new(Next(), Operators.Binary(op) ?? throw new System.ArgumentException(op), left, right);

    public static AssignExpr Assign(Expr target, Expr value, string op = "=") => new(Next(), Operators.Assign(op) ?? throw new System.ArgumentException(op), target, value);

    public static ConditionalExpr Cond(Expr condition, Expr whenTrue, Expr whenFalse) => new(Next(), condition, whenTrue, whenFalse);

    public static ExprStmt Do(Expr e) => new(Next(), e);

    public static DeclStmt Decl(string name, Expr? init, string type = "int") => new(Next(), ImmutableArray.Create(new LocalDecl(Next(), name, new TypeRef(type), init, false)));

    public static IfStmt If(Expr condition, Stmt then, Stmt? otherwise = null) => new(Next(), condition, then, otherwise);

    public static BlockStmt Block(params Stmt[] statements) => new(Next(), statements.ToImmutableArray());

    public static ReturnStmt Return(Expr? value = null) => new(Next(), value);

    public static JumpStmt Break() => new(Next(), JumpKind.Break, null);

    public static LoopStmt For(Stmt body, Expr? condition = null) => new(Next(), LoopKind.For, null, condition, null, body);

    public static LoopStmt DoWhile(Stmt body, Expr condition) => new(Next(), LoopKind.DoWhile, null, condition, null, body);

    public static LoopStmt While(Expr condition, Stmt body) => new(Next(), LoopKind.While, null, condition, null, body);

    /// <summary>atomic_read(&amp;page->_mapcount)</summary>
    public static CallExpr RawMapcount() => Call("atomic_read", Unary("&", Arrow(Name("page"), "_mapcount")));

    public static bool IsRawMapcountRead(Expr e) =>
        e is CallExpr { CalleeName: "atomic_read" } call && call.Arguments.Length == 1 && call.Arguments[0] is UnaryExpr { Operand: MemberExpr { Member: "_mapcount" } };
}
