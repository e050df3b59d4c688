using System.Collections.Generic;
using System.Linq;

namespace Folint.Analyzer.Model;

/// <summary>Structural traversal of the body model: the children of any node, and all descendants in source order.</summary>
public static class ModelWalker
{
    public static IEnumerable<Node> Children(Node node)
    {
        switch (node)
        {
            case BlockStmt block:
                return block.Statements;
            case ExprStmt statement:
                return new Node[] { statement.Expression };
            case DeclStmt declaration:
                return declaration.Locals;
            case LocalDecl local:
                return local.Initializer is null ? Enumerable.Empty<Node>() : new Node[] { local.Initializer };
            case IfStmt ifStatement:
                return Present(ifStatement.Condition, ifStatement.Then, ifStatement.Else);
            case LoopStmt loop:
                var loopChildren = Present(loop.Initializer, loop.Condition, loop.Update);
                if (!loop.IteratorArguments.IsDefaultOrEmpty)
                    loopChildren = loopChildren.Concat(loop.IteratorArguments);
                return loopChildren.Concat(new Node[] { loop.Body });
            case SwitchStmt switchStatement:
                return new Node[] { switchStatement.Value, switchStatement.Body };
            case CaseStmt caseStatement:
                return caseStatement.Value is null ? caseStatement.Statements : new Node[] { caseStatement.Value }.Concat(caseStatement.Statements);
            case ReturnStmt returnStatement:
                return Present(returnStatement.Value);
            case LabelStmt label:
                return Present(label.Statement);
            case OpaqueStmt opaque:
                return opaque.Children;
            case CallExpr call:
                return new Node[] { call.Callee }.Concat(call.Arguments);
            case MemberExpr member:
                return new Node[] { member.Target };
            case IndexExpr index:
                return new Node[] { index.Target, index.Index };
            case UnaryExpr unary:
                return new Node[] { unary.Operand };
            case BinaryExpr binary:
                return new Node[] { binary.Left, binary.Right };
            case AssignExpr assign:
                return new Node[] { assign.Target, assign.Value };
            case ConditionalExpr conditional:
                return ReferenceEquals(conditional.Condition, conditional.WhenTrue)
                    ? new Node[] { conditional.Condition, conditional.WhenFalse }
                    : new Node[] { conditional.Condition, conditional.WhenTrue, conditional.WhenFalse };
            case CastExpr cast:
                return new Node[] { cast.Operand };
            case StatementExpr statementExpression:
                return new Node[] { statementExpression.Body };
            case InitializerExpr initializer:
                return initializer.Items;
            case OpaqueExpr opaqueExpression:
                return opaqueExpression.Children;
            default:
                return Enumerable.Empty<Node>();
        }
    }

    /// <summary>The node and everything below it, depth first, in source order.</summary>
    public static IEnumerable<Node> DescendantsAndSelf(Node root)
    {
        var stack = new Stack<IEnumerator<Node>>();
        yield return root;
        stack.Push(Children(root).GetEnumerator());
        while (stack.Count > 0)
        {
            var top = stack.Peek();
            if (!top.MoveNext())
            {
                top.Dispose();
                stack.Pop();
                continue;
            }
            var node = top.Current;
            yield return node;
            stack.Push(Children(node).GetEnumerator());
        }
    }

    public static IEnumerable<T> DescendantsOfType<T>(Node root) where T : Node
    {
        foreach (var node in DescendantsAndSelf(root))
        {
            if (node is T typed)
                yield return typed;
        }
    }

    private static IEnumerable<Node> Present(params Node?[] nodes) => nodes.Where(n => n is not null)!;
}
