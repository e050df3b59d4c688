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
        "identifier" or "number_literal" or "string_literal" or "concatenated_string" or "char_literal"
            or "true" or "false" or "null" or "call_expression" or "field_expression" or "subscript_expression"
            or "pointer_expression" or "unary_expression" or "update_expression" or "binary_expression"
            or "assignment_expression" or "conditional_expression" or "cast_expression"
            or "parenthesized_expression" or "comma_expression" or "sizeof_expression" or "alignof_expression"
            or "offsetof_expression" or "generic_expression" or "compound_literal_expression"
            or "initializer_list" or "extension_expression" or "gnu_asm_expression" => true,
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
        if (node.Kind != "parenthesized_expression")
            return node;
        for (var i = 0; i < node.NamedChildCount; i++)
        {
            var child = node.NamedChild(i);
            if (child.Kind != "comment")
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
            case "identifier":
            case "true":
            case "false":
            case "null":
            case "field_identifier":
            case "type_identifier":
                return new NameExpr(span, node.Text);
            case "number_literal":
                return new LiteralExpr(span, node.Text, LiteralKind.Number);
            case "string_literal":
            case "concatenated_string":
                return new LiteralExpr(span, node.Text, LiteralKind.String);
            case "char_literal":
                return new LiteralExpr(span, node.Text, LiteralKind.Char);
            case "call_expression":
                var arguments = ImmutableArray.CreateBuilder<Expr>();
                var argumentList = node.ChildByField("arguments");
                if (!argumentList.IsNull)
                {
                    foreach (var argument in argumentList.NamedChildren)
                    {
                        if (argument.Kind != "comment")
                            arguments.Add(Expression(argument));
                    }
                }
                return new CallExpr(span, Expression(node.ChildByField("function")), arguments.ToImmutable());
            case "field_expression":
                return new MemberExpr(
                    span,
                    Expression(node.ChildByField("argument")),
                    node.ChildByField("field").Text,
                    node.ChildByField("operator").Text == "->");
            case "subscript_expression":
                return new IndexExpr(span, Expression(node.ChildByField("argument")), Expression(node.ChildByField("index")));
            case "pointer_expression":
            case "unary_expression":
                return new UnaryExpr(span, node.ChildByField("operator").Text, Expression(node.ChildByField("argument")), false);
            case "update_expression":
                var operatorNode = node.ChildByField("operator");
                var operand = node.ChildByField("argument");
                return new UnaryExpr(span, operatorNode.Text, Expression(operand), operatorNode.StartByte > operand.StartByte);
            case "binary_expression":
                return new BinaryExpr(span, node.ChildByField("operator").Text, Expression(node.ChildByField("left")), Expression(node.ChildByField("right")));
            case "comma_expression":
                return new BinaryExpr(span, ",", Expression(node.ChildByField("left")), Expression(node.ChildByField("right")));
            case "assignment_expression":
                return new AssignExpr(span, node.ChildByField("operator").Text, Expression(node.ChildByField("left")), Expression(node.ChildByField("right")));
            case "conditional_expression":
                var condition = Expression(node.ChildByField("condition"));
                var consequence = node.ChildByField("consequence");
                // GNU `a ?: b` yields the condition itself when true
                return new ConditionalExpr(span, condition, consequence.IsNull ? condition : Expression(consequence), Expression(node.ChildByField("alternative")));
            case "cast_expression":
                var typeDescriptor = node.ChildByField("type");
                return new CastExpr(span, TypeDescriptor(typeDescriptor), Expression(node.ChildByField("value")));
            case "parenthesized_expression":
                var inner = Unparenthesize(node);
                if (inner.IsNull)
                    return new OpaqueExpr(span, "()", ImmutableArray<Expr>.Empty);
                if (inner.Kind == "compound_statement")
                    return new StatementExpr(span, Block(inner));
                return Expression(inner);
            case "extension_expression":
                return node.NamedChildCount > 0 ? Expression(node.NamedChild(node.NamedChildCount - 1)) : OpaqueExpression(node);
            case "initializer_list":
                var items = ImmutableArray.CreateBuilder<Expr>();
                foreach (var item in node.NamedChildren)
                {
                    if (item.Kind == "comment")
                        continue;
                    if (item.Kind == "initializer_pair")
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
            case "compound_literal_expression":
                return Expression(node.ChildByField("value"));
            case "ERROR":
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
            if (child.Kind == "compound_statement")
                children.Add(new StatementExpr(Span(child), Block(child)));
            else if (IsExpressionKind(child.Kind) || child.Kind == "ERROR")
                children.Add(Expression(child));
        }
        return new OpaqueExpr(Span(node), node.Kind == "ERROR" ? node.Text : node.Kind, children.ToImmutable());
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
