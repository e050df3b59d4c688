using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using Folint.Analyzer.Model;
using Folint.CSource.Interop;

namespace Folint.CSource.Lowering;

/// <summary>Expressions and type descriptors.</summary>
internal sealed partial class CLowering
{
    private static bool IsExpressionKind(string kind) => kind switch
    {
        NodeKinds.Identifier or NodeKinds.NumberLiteral or NodeKinds.StringLiteral or NodeKinds.ConcatenatedString or NodeKinds.CharLiteral
            or NodeKinds.True or NodeKinds.False or NodeKinds.Null or NodeKinds.CallExpression or NodeKinds.FieldExpression or NodeKinds.SubscriptExpression
            or NodeKinds.PointerExpression or NodeKinds.UnaryExpression or NodeKinds.UpdateExpression or NodeKinds.BinaryExpression
            or NodeKinds.AssignmentExpression or NodeKinds.ConditionalExpression or NodeKinds.CastExpression
            or NodeKinds.ParenthesizedExpression or NodeKinds.CommaExpression or NodeKinds.SizeofExpression or NodeKinds.AlignofExpression
            or NodeKinds.OffsetofExpression or NodeKinds.GenericExpression or NodeKinds.CompoundLiteralExpression
            or NodeKinds.InitializerList or NodeKinds.ExtensionExpression or NodeKinds.GnuAsmExpression => true,
        _ => false,
    };

    private Expr Condition(SyntaxNode node)
    {
        if (node.IsNull)
            return new OpaqueExpr(default, "", ImmutableArray<Expr>.Empty);
        var inner = Unparenthesize(node);
        return inner.IsNull ? Expression(node) : Expression(inner);
    }

    private static SyntaxNode Unparenthesize(SyntaxNode node)
    {
        if (node.Kind != NodeKinds.ParenthesizedExpression)
            return node;
        for (var i = 0; i < node.NamedChildCount; i++)
        {
            var child = node.NamedChild(i);
            if (child.Kind != NodeKinds.Comment)
                return child;
        }
        return SyntaxNode.Null(node);
    }

    private Expr Expression(SyntaxNode node)
    {
        using var level = Descend(node);
        return ExpressionAtDepth(node);
    }

    private Expr ExpressionAtDepth(SyntaxNode node)
    {
        var span = Span(node);
        switch (node.Kind)
        {
            case NodeKinds.Identifier:
            case NodeKinds.True:
            case NodeKinds.False:
            case NodeKinds.Null:
            case NodeKinds.FieldIdentifier:
            case NodeKinds.TypeIdentifier:
                return new NameExpr(span, node.Text);
            case NodeKinds.NumberLiteral:
                return new LiteralExpr(span, node.Text, LiteralKind.Number);
            case NodeKinds.StringLiteral:
            case NodeKinds.ConcatenatedString:
                return new LiteralExpr(span, node.Text, LiteralKind.String);
            case NodeKinds.CharLiteral:
                return new LiteralExpr(span, node.Text, LiteralKind.Char);
            case NodeKinds.CallExpression:
                var arguments = ImmutableArray.CreateBuilder<Expr>();
                var argumentList = node.ChildByField("arguments");
                if (!argumentList.IsNull)
                {
                    foreach (var argument in argumentList.NamedChildren)
                    {
                        if (argument.Kind != NodeKinds.Comment)
                            arguments.Add(Expression(argument));
                    }
                }
                return new CallExpr(span, Expression(node.ChildByField("function")), arguments.ToImmutable());
            case NodeKinds.FieldExpression:
                return new MemberExpr(
                    span,
                    Expression(node.ChildByField("argument")),
                    node.ChildByField("field").Text,
                    node.ChildByField("operator").Text == "->");
            case NodeKinds.SubscriptExpression:
                return new IndexExpr(span, Expression(node.ChildByField("argument")), Expression(node.ChildByField("index")));
            // The grammar's operator text becomes the model's operator here, once; text that names none (error
            // recovery's missing operator) leaves the expression opaque.
            case NodeKinds.PointerExpression:
            case NodeKinds.UnaryExpression:
                return Operators.Unary(node.ChildByField("operator").Text) is { } unary
                    ? new UnaryExpr(span, unary, Expression(node.ChildByField("argument")), false)
                    : OpaqueExpression(node);
            case NodeKinds.UpdateExpression:
                var operatorNode = node.ChildByField("operator");
                var operand = node.ChildByField("argument");
                return Operators.Unary(operatorNode.Text) is { } step
                    ? new UnaryExpr(span, step, Expression(operand), operatorNode.StartByte > operand.StartByte)
                    : OpaqueExpression(node);
            case NodeKinds.BinaryExpression:
                return Operators.Binary(node.ChildByField("operator").Text) is { } binary
                    ? new BinaryExpr(span, binary, Expression(node.ChildByField("left")), Expression(node.ChildByField("right")))
                    : OpaqueExpression(node);
            case NodeKinds.CommaExpression:
                return new BinaryExpr(span, BinaryOperator.Comma, Expression(node.ChildByField("left")), Expression(node.ChildByField("right")));
            case NodeKinds.AssignmentExpression:
                return Operators.Assign(node.ChildByField("operator").Text) is { } assign
                    ? new AssignExpr(span, assign, Expression(node.ChildByField("left")), Expression(node.ChildByField("right")))
                    : OpaqueExpression(node);
            case NodeKinds.ConditionalExpression:
                var condition = Expression(node.ChildByField("condition"));
                var consequence = node.ChildByField("consequence");
                // GNU `a ?: b` yields the condition itself when true
                return new ConditionalExpr(span, condition, consequence.IsNull ? condition : Expression(consequence), Expression(node.ChildByField("alternative")));
            case NodeKinds.CastExpression:
                var typeDescriptor = node.ChildByField("type");
                return new CastExpr(span, TypeDescriptor(typeDescriptor), Expression(node.ChildByField("value")));
            case NodeKinds.ParenthesizedExpression:
                var inner = Unparenthesize(node);
                if (inner.IsNull)
                    return new OpaqueExpr(span, "()", ImmutableArray<Expr>.Empty);
                if (inner.Kind == NodeKinds.CompoundStatement)
                    return new StatementExpr(span, Block(inner));
                return Expression(inner);
            case NodeKinds.ExtensionExpression:
                return node.NamedChildCount > 0 ? Expression(node.NamedChild(node.NamedChildCount - 1)) : OpaqueExpression(node);
            case NodeKinds.InitializerList:
                var items = ImmutableArray.CreateBuilder<Expr>();
                foreach (var item in node.NamedChildren)
                {
                    if (item.Kind == NodeKinds.Comment)
                        continue;
                    if (item.Kind == NodeKinds.InitializerPair)
                    {
                        var value = item.ChildByField("value");
                        if (!value.IsNull)
                            items.Add(Expression(value));
                    }
                    else
                    {
                        items.Add(Expression(item));
                    }
                }
                return new InitializerExpr(span, items.ToImmutable());
            case NodeKinds.CompoundLiteralExpression:
                return Expression(node.ChildByField("value"));
            case NodeKinds.Error:
                _problems.Add(new ParseProblem(span, "unparsed expression"));
                return OpaqueExpression(node);
            default:
                return OpaqueExpression(node);
        }
    }

    private Expr OpaqueExpression(SyntaxNode node)
    {
        var children = ImmutableArray.CreateBuilder<Expr>();
        foreach (var child in node.NamedChildren)
        {
            if (child.Kind == NodeKinds.CompoundStatement)
                children.Add(new StatementExpr(Span(child), Block(child)));
            else if (IsExpressionKind(child.Kind) || child.Kind == NodeKinds.Error)
                children.Add(Expression(child));
        }
        return new OpaqueExpr(Span(node), node.Kind == NodeKinds.Error ? node.Text : node.Kind, children.ToImmutable());
    }

    private TypeRef TypeDescriptor(SyntaxNode descriptor)
    {
        if (descriptor.IsNull)
            return TypeRef.Unknown;
        var baseType = TypeText(descriptor.ChildByField("type"));
        var declarator = descriptor.ChildByField("declarator");
        return declarator.IsNull ? new TypeRef(baseType) : Declarator(declarator, baseType).Type;
    }
}
