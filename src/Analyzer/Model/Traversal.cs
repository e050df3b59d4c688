using System.Collections.Generic;

namespace Folint.Analyzer.Model;

/// <summary>Children and descendants of body-model nodes, in source order, for rules that look for a shape anywhere in a body.</summary>
public static class Traversal
{
    public static IEnumerable<Node> Children(Node node)
    {
        switch (node)
        {
            case CallExpr call:
                yield return call.Callee;
                foreach (var a in call.Arguments)
                    yield return a;
                break;
            case MemberExpr member:
                yield return member.Target;
                break;
            case IndexExpr index:
                yield return index.Target;
                yield return index.Index;
                break;
            case UnaryExpr unary:
                yield return unary.Operand;
                break;
            case BinaryExpr binary:
                yield return binary.Left;
                yield return binary.Right;
                break;
            case AssignExpr assign:
                yield return assign.Target;
                yield return assign.Value;
                break;
            case ConditionalExpr conditional:
                yield return conditional.Condition;
                yield return conditional.WhenTrue;
                yield return conditional.WhenFalse;
                break;
            case CastExpr cast:
                yield return cast.Operand;
                break;
            case StatementExpr statementExpr:
                yield return statementExpr.Body;
                break;
            case InitializerExpr init:
                foreach (var item in init.Items)
                    yield return item;
                break;
            case OpaqueExpr opaque:
                foreach (var child in opaque.Children)
                    yield return child;
                break;
            case BlockStmt block:
                foreach (var s in block.Statements)
                    yield return s;
                break;
            case ExprStmt exprStmt:
                yield return exprStmt.Expression;
                break;
            case DeclStmt decl:
                foreach (var local in decl.Locals)
                    yield return local;
                break;
            case LocalDecl local when local.Initializer is not null:
                yield return local.Initializer;
                break;
            case IfStmt ifStmt:
                yield return ifStmt.Condition;
                yield return ifStmt.Then;
                if (ifStmt.Else is not null)
                    yield return ifStmt.Else;
                break;
            case LoopStmt loop:
                if (loop.Initializer is not null)
                    yield return loop.Initializer;
                if (!loop.IteratorArguments.IsDefault)
                {
                    foreach (var a in loop.IteratorArguments)
                        yield return a;
                }
                if (loop.Condition is not null)
                    yield return loop.Condition;
                if (loop.Update is not null)
                    yield return loop.Update;
                yield return loop.Body;
                break;
            case SwitchStmt switchStmt:
                yield return switchStmt.Value;
                yield return switchStmt.Body;
                break;
            case CaseStmt caseStmt:
                if (caseStmt.Value is not null)
                    yield return caseStmt.Value;
                foreach (var s in caseStmt.Statements)
                    yield return s;
                break;
            case ReturnStmt ret when ret.Value is not null:
                yield return ret.Value;
                break;
            case ThrowStmt thrown when thrown.Value is not null:
                yield return thrown.Value;
                break;
            case LabelStmt label when label.Statement is not null:
                yield return label.Statement;
                break;
            case OpaqueStmt opaqueStmt:
                foreach (var child in opaqueStmt.Children)
                    yield return child;
                break;
        }
    }

    /// <summary>The node and everything under it, depth first, in source order.</summary>
    public static IEnumerable<Node> DescendantsAndSelf(Node node)
    {
        var stack = new Stack<Node>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            yield return current;
            var children = new List<Node>(Children(current));
            for (var i = children.Count - 1; i >= 0; i--)
                stack.Push(children[i]);
        }
    }
}
