using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using Folint.Analyzer.Model;
using Folint.CSource.Interop;

namespace Folint.CSource.Lowering;

/// <summary>Statements, with the nesting guard that keeps a hostile file from overflowing the stack.</summary>
internal sealed partial class CLowering
{
    private BlockStmt Block(SyntaxNode node)
    {
        var statements = ImmutableArray.CreateBuilder<Stmt>();
        foreach (var child in node.NamedChildren)
        {
            var statement = Statement(child);
            if (statement is not null)
                statements.Add(statement);
        }
        return new BlockStmt(Span(node), statements.ToImmutable());
    }

    private Stmt? Statement(SyntaxNode node)
    {
        using var level = Descend(node);
        return StatementAtDepth(node);
    }

    /// <summary>
    /// One level deeper, until the level is disposed; past <see cref="MaxNesting"/> or near the end of the thread's stack
    /// the file is given up. Every recursion of the lowering goes through here: statements and expressions, struct and
    /// union members (a struct defined in a struct 20,000 deep), preprocessor branches at file scope.
    /// </summary>
    private Level Descend(SyntaxNode node, string what = NestingTooDeepException.Statements)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        if (_depth < MaxNesting && RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            _depth++;
            return new Level(this);
        }
        var line = 1 + _original.AsSpan(0, Math.Min(node.StartByte, _original.Length)).Count((byte)'\n');
        throw new NestingTooDeepException(_path, line, MaxNesting, what);
    }

    private readonly ref struct Level(CLowering lowering)
    {
        public void Dispose() => lowering._depth--;
    }

    private Stmt? StatementAtDepth(SyntaxNode node)
    {
        switch (node.Kind)
        {
            case NodeKinds.Comment:
                return null;
            case NodeKinds.CompoundStatement:
                return Block(node);
            case NodeKinds.ExpressionStatement:
                if (node.NamedChildCount == 0)
                    return null;
                var expressionNode = node.NamedChild(0);
                return expressionNode.Kind == NodeKinds.Comment ? null : new ExprStmt(Span(node), Expression(expressionNode));
            case NodeKinds.Declaration:
                return Declaration(node);
            case NodeKinds.IfStatement:
                var alternative = node.ChildByField("alternative");
                return new IfStmt(
                    Span(node),
                    Condition(node.ChildByField("condition")),
                    StatementOrEmpty(node.ChildByField("consequence"), node),
                    alternative.IsNull ? null : ElseBranch(alternative));
            case NodeKinds.WhileStatement:
                return While(node);
            case NodeKinds.DoStatement:
                return new LoopStmt(
                    Span(node),
                    LoopKind.DoWhile,
                    null,
                    Condition(node.ChildByField("condition")),
                    null,
                    StatementOrEmpty(node.ChildByField("body"), node));
            case NodeKinds.ForStatement:
                return For(node);
            case NodeKinds.ReturnStatement:
                return new ReturnStmt(Span(node), node.NamedChildCount > 0 && node.NamedChild(0).Kind != NodeKinds.Comment ? Expression(node.NamedChild(0)) : null);
            case NodeKinds.BreakStatement:
                return new JumpStmt(Span(node), JumpKind.Break, null);
            case NodeKinds.ContinueStatement:
                return new JumpStmt(Span(node), JumpKind.Continue, null);
            case NodeKinds.GotoStatement:
                return new JumpStmt(Span(node), JumpKind.Goto, node.ChildByField("label").Text);
            case NodeKinds.LabeledStatement:
                return new LabelStmt(Span(node), node.ChildByField("label").Text, LastStatement(node));
            case NodeKinds.SwitchStatement:
                return new SwitchStmt(Span(node), Condition(node.ChildByField("condition")), StatementOrEmpty(node.ChildByField("body"), node));
            case NodeKinds.CaseStatement:
                return Case(node);
            case NodeKinds.AttributedStatement:
                return LastStatement(node) ?? new OpaqueStmt(Span(node), "attribute", ImmutableArray<Node>.Empty);
            case NodeKinds.PreprocIf:
            case NodeKinds.PreprocIfdef:
            case NodeKinds.PreprocElif:
            case NodeKinds.PreprocElifdef:
                return PreprocessorIf(node);
            case NodeKinds.PreprocElse:
                return Block(node);
            case NodeKinds.PreprocCall:
            case NodeKinds.PreprocDef:
            case NodeKinds.PreprocFunctionDef:
            case NodeKinds.PreprocInclude:
            case NodeKinds.TypeDefinition:
                return null;
            case NodeKinds.Error:
                _problems.Add(new ParseProblem(Span(node), "unparsed code in a function body"));
                return Opaque(node);
            default:
                if (IsExpressionKind(node.Kind))
                    return new ExprStmt(Span(node), Expression(node));
                return Opaque(node);
        }
    }

    private Stmt StatementOrEmpty(SyntaxNode node, SyntaxNode owner) =>
        node.IsNull ? new BlockStmt(new TextSpan(owner.EndByte, owner.EndByte), ImmutableArray<Stmt>.Empty)
                    : Statement(node) ?? new BlockStmt(Span(node), ImmutableArray<Stmt>.Empty);

    private Stmt? ElseBranch(SyntaxNode alternative)
    {
        // else_clause wraps the statement
        if (alternative.Kind == NodeKinds.ElseClause)
            return alternative.NamedChildCount > 0 ? LastStatement(alternative) : null;
        return Statement(alternative);
    }

    private Stmt? LastStatement(SyntaxNode node)
    {
        for (var i = node.NamedChildCount - 1; i >= 0; i--)
        {
            var child = node.NamedChild(i);
            if (child.Kind is NodeKinds.StatementIdentifier or NodeKinds.Comment or NodeKinds.AttributeDeclaration)
                continue;
            return Statement(child);
        }
        return null;
    }

    private Stmt While(SyntaxNode node)
    {
        var body = StatementOrEmpty(node.ChildByField("body"), node);
        var conditionNode = node.ChildByField("condition");
        if (_iteratorLoops.TryGetValue(node.StartByte, out var iterator))
        {
            var arguments = ImmutableArray.CreateBuilder<Expr>();
            var inner = Unparenthesize(conditionNode);
            if (!inner.IsNull)
                Flatten(Expression(inner), arguments);
            return new LoopStmt(Span(node), LoopKind.IteratorMacro, null, null, null, body, iterator, arguments.ToImmutable());
        }
        return new LoopStmt(Span(node), LoopKind.While, null, Condition(conditionNode), null, body);

        static void Flatten(Expr expression, ImmutableArray<Expr>.Builder into)
        {
            if (expression is BinaryExpr { Operator: BinaryOperator.Comma } comma)
            {
                Flatten(comma.Left, into);
                Flatten(comma.Right, into);
            }
            else
            {
                into.Add(expression);
            }
        }
    }

    private Stmt For(SyntaxNode node)
    {
        var initializerNode = node.ChildByField("initializer");
        Stmt? initializer = null;
        if (!initializerNode.IsNull)
        {
            initializer = initializerNode.Kind == NodeKinds.Declaration
                ? Declaration(initializerNode)
                : new ExprStmt(Span(initializerNode), Expression(initializerNode));
        }
        var conditionNode = node.ChildByField("condition");
        var updateNode = node.ChildByField("update");
        return new LoopStmt(
            Span(node),
            LoopKind.For,
            initializer,
            conditionNode.IsNull ? null : Expression(conditionNode),
            updateNode.IsNull ? null : Expression(updateNode),
            StatementOrEmpty(node.ChildByField("body"), node));
    }

    private Stmt Case(SyntaxNode node)
    {
        var valueNode = node.ChildByField("value");
        var statements = ImmutableArray.CreateBuilder<Stmt>();
        var count = node.NamedChildCount;
        for (var i = 0; i < count; i++)
        {
            var child = node.NamedChild(i);
            if (!valueNode.IsNull && child.Equals(valueNode))
                continue;
            var statement = Statement(child);
            if (statement is not null)
                statements.Add(statement);
        }
        return new CaseStmt(Span(node), valueNode.IsNull ? null : Expression(valueNode), statements.ToImmutable());
    }

    /// <summary>
    /// <c>#if</c>/<c>#ifdef</c> inside a body: both branches are code some configuration compiles,
    /// so they lower to an if statement with an opaque condition.
    /// </summary>
    private Stmt PreprocessorIf(SyntaxNode node)
    {
        var thenStatements = ImmutableArray.CreateBuilder<Stmt>();
        var alternative = node.ChildByField("alternative");
        var conditionNode = node.Kind is NodeKinds.PreprocIfdef or NodeKinds.PreprocElifdef ? node.ChildByField("name") : node.ChildByField("condition");
        var count = node.NamedChildCount;
        for (var i = 0; i < count; i++)
        {
            var child = node.NamedChild(i);
            if (child.Equals(alternative) || child.Equals(conditionNode))
                continue;
            var statement = Statement(child);
            if (statement is not null)
                thenStatements.Add(statement);
        }
        var condition = conditionNode.IsNull
            ? new OpaqueExpr(Span(node), "#if", ImmutableArray<Expr>.Empty)
            : new OpaqueExpr(Span(conditionNode), "#if " + conditionNode.Text, ImmutableArray<Expr>.Empty);
        return new IfStmt(
            Span(node),
            condition,
            new BlockStmt(Span(node), thenStatements.ToImmutable()),
            alternative.IsNull ? null : Statement(alternative),
            IsPreprocessor: true);
    }

    private Stmt Declaration(SyntaxNode node)
    {
        var typeNode = node.ChildByField("type");
        var baseType = TypeText(typeNode);
        var isStatic = false;
        var locals = ImmutableArray.CreateBuilder<LocalDecl>();
        var count = node.ChildCount;
        for (var i = 0; i < count; i++)
        {
            var child = node.Child(i);
            if (child.Kind == NodeKinds.StorageClassSpecifier && child.Text == "static")
                isStatic = true;
            if (node.FieldNameForChild(i) != "declarator")
                continue;
            Expr? initializer = null;
            var declarator = child;
            if (child.Kind == NodeKinds.InitDeclarator)
            {
                var value = child.ChildByField("value");
                if (!value.IsNull)
                    initializer = Expression(value);
                declarator = child.ChildByField("declarator");
            }
            var (name, type) = Declarator(declarator, baseType);
            if (name is not null)
                locals.Add(new LocalDecl(Span(child), name, type, initializer, isStatic));
        }
        return new DeclStmt(Span(node), locals.ToImmutable());
    }

    private Stmt Opaque(SyntaxNode node)
    {
        var children = ImmutableArray.CreateBuilder<Node>();
        foreach (var child in node.NamedChildren)
        {
            if (child.Kind == NodeKinds.Comment)
                continue;
            Node? lowered = IsExpressionKind(child.Kind) ? Expression(child) : Statement(child);
            if (lowered is not null)
                children.Add(lowered);
        }
        return new OpaqueStmt(Span(node), node.Kind, children.ToImmutable());
    }
}
