using System.Collections.Immutable;

namespace Folint.Analyzer.Model;

// The language-neutral body model every frontend lowers to: the C frontend from tree-sitter,
// the Roslyn adapters from IOperation. Rules read only this, so one rule serves both.

public abstract record Node(TextSpan Span);

public abstract record Expr(TextSpan Span) : Node(Span);

public sealed record NameExpr(TextSpan Span, string Identifier) : Expr(Span);

public enum LiteralKind { Number, String, Char }

public sealed record LiteralExpr(TextSpan Span, string Text, LiteralKind Kind) : Expr(Span);

public sealed record CallExpr(TextSpan Span, Expr Callee, ImmutableArray<Expr> Arguments) : Expr(Span)
{
    /// <summary>The called function or macro when the callee is a plain name.</summary>
    public string? CalleeName => (Callee as NameExpr)?.Identifier;
}

public sealed record MemberExpr(TextSpan Span, Expr Target, string Member, bool IsArrow) : Expr(Span);

public sealed record IndexExpr(TextSpan Span, Expr Target, Expr Index) : Expr(Span);

/// <summary>Prefix or postfix operator: &amp;, *, !, ~, -, +, ++, --.</summary>
public sealed record UnaryExpr(TextSpan Span, UnaryOperator Operator, Expr Operand, bool IsPostfix) : Expr(Span);

/// <summary>Binary operator, including the comma operator.</summary>
public sealed record BinaryExpr(TextSpan Span, BinaryOperator Operator, Expr Left, Expr Right) : Expr(Span);

/// <summary>Simple or compound assignment: =, +=, -=, |=, &amp;=, ^=, &lt;&lt;=, &gt;&gt;=, *=, /=, %=.</summary>
public sealed record AssignExpr(TextSpan Span, AssignOperator Operator, Expr Target, Expr Value) : Expr(Span);

public sealed record ConditionalExpr(TextSpan Span, Expr Condition, Expr WhenTrue, Expr WhenFalse) : Expr(Span);

public sealed record CastExpr(TextSpan Span, TypeRef Type, Expr Operand) : Expr(Span);

/// <summary>GNU statement expression <c>({ ... })</c>.</summary>
public sealed record StatementExpr(TextSpan Span, BlockStmt Body) : Expr(Span);

/// <summary>Braced initializer list or compound literal items.</summary>
public sealed record InitializerExpr(TextSpan Span, ImmutableArray<Expr> Items) : Expr(Span);

/// <summary>Anything the frontend does not model (sizeof, _Generic, asm operands, unparsable text).</summary>
public sealed record OpaqueExpr(TextSpan Span, string Text, ImmutableArray<Expr> Children) : Expr(Span);

public abstract record Stmt(TextSpan Span) : Node(Span);

public sealed record BlockStmt(TextSpan Span, ImmutableArray<Stmt> Statements) : Stmt(Span);

public sealed record ExprStmt(TextSpan Span, Expr Expression) : Stmt(Span);

public sealed record LocalDecl(TextSpan Span, string Name, TypeRef Type, Expr? Initializer, bool IsStatic) : Node(Span);

public sealed record DeclStmt(TextSpan Span, ImmutableArray<LocalDecl> Locals) : Stmt(Span);

/// <summary>An if statement. <c>#if</c>/<c>#ifdef</c> inside a body lowers to one too, with an opaque condition.</summary>
public sealed record IfStmt(TextSpan Span, Expr Condition, Stmt Then, Stmt? Else, bool IsPreprocessor = false) : Stmt(Span);

public enum LoopKind { For, While, DoWhile, IteratorMacro }

/// <summary>for/while/do loops, and iterator macros such as <c>list_for_each_entry(...) { }</c>.</summary>
public sealed record LoopStmt(
    TextSpan Span,
    LoopKind Kind,
    Stmt? Initializer,
    Expr? Condition,
    Expr? Update,
    Stmt Body,
    string? IteratorName = null,
    ImmutableArray<Expr> IteratorArguments = default) : Stmt(Span);

public sealed record SwitchStmt(TextSpan Span, Expr Value, Stmt Body) : Stmt(Span);

/// <summary>A case or default label with the statements that follow it (Value is null for default).</summary>
public sealed record CaseStmt(TextSpan Span, Expr? Value, ImmutableArray<Stmt> Statements) : Stmt(Span);

public sealed record ReturnStmt(TextSpan Span, Expr? Value) : Stmt(Span);

public enum JumpKind { Break, Continue, Goto }

public sealed record JumpStmt(TextSpan Span, JumpKind Kind, string? Label) : Stmt(Span);

/// <summary>C# <c>throw</c> (C has none): leaves the function like a return, for guards such as <c>if (nr == 0) throw ...;</c>.</summary>
public sealed record ThrowStmt(TextSpan Span, Expr? Value) : Stmt(Span);

public sealed record LabelStmt(TextSpan Span, string Label, Stmt? Statement) : Stmt(Span);

/// <summary>Statements the frontend does not model (inline asm, error recovery); children are kept when known.</summary>
public sealed record OpaqueStmt(TextSpan Span, string Text, ImmutableArray<Node> Children) : Stmt(Span);
