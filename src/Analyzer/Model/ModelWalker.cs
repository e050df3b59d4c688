using System.Collections.Generic;
using System.Collections.Immutable;

namespace Folint.Analyzer.Model;

/// <summary>
/// Enumerates the nodes of a lowered body in source order (pre-order). Iterative, because kernel
/// expressions nest deeply (long <c>a | b | c | ...</c> chains lower to left-deep binary trees) and a
/// recursive walk would spend stack on every level.
/// </summary>
public static class ModelWalker
{
    /// <summary>The direct children of a node, in source order. Missing parts (null, default arrays) are skipped.</summary>
    public static IEnumerable<Node> Children(Node node)
    {
        switch (node)
        {
            case CallExpr call:
                yield return call.Callee;
                foreach (var argument in Items(call.Arguments))
                    yield return argument;
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
                // GNU `a ?: b` lowers with the condition standing in for the missing middle operand: walk it once.
                if (!ReferenceEquals(conditional.Condition, conditional.WhenTrue))
                    yield return conditional.WhenTrue;
                yield return conditional.WhenFalse;
                break;
            case CastExpr cast:
                yield return cast.Operand;
                break;
            case StatementExpr statementExpr:
                yield return statementExpr.Body;
                break;
            case InitializerExpr initializer:
                foreach (var item in Items(initializer.Items))
                    yield return item;
                break;
            case OpaqueExpr opaqueExpr:
                foreach (var child in Items(opaqueExpr.Children))
                    yield return child;
                break;
            case BlockStmt block:
                foreach (var statement in Items(block.Statements))
                    yield return statement;
                break;
            case ExprStmt exprStmt:
                yield return exprStmt.Expression;
                break;
            case DeclStmt declStmt:
                foreach (var local in Items(declStmt.Locals))
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
                // Source order: for (init; cond; update) body; do body while (cond); macro(args) body.
                foreach (var argument in Items(loop.IteratorArguments))
                    yield return argument;
                if (loop.Initializer is not null)
                    yield return loop.Initializer;
                if (loop.Kind == LoopKind.DoWhile)
                {
                    yield return loop.Body;
                    if (loop.Condition is not null)
                        yield return loop.Condition;
                    break;
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
                foreach (var statement in Items(caseStmt.Statements))
                    yield return statement;
                break;
            case ReturnStmt returnStmt when returnStmt.Value is not null:
                yield return returnStmt.Value;
                break;
            case ThrowStmt throwStmt when throwStmt.Value is not null:
                yield return throwStmt.Value;
                break;
            case LabelStmt label when label.Statement is not null:
                yield return label.Statement;
                break;
            case OpaqueStmt opaqueStmt:
                foreach (var child in Items(opaqueStmt.Children))
                    yield return child;
                break;
        }
    }

    /// <summary>Every node below <paramref name="root"/>, in source order, not including the root.</summary>
    public static IEnumerable<Node> Descendants(Node root)
    {
        var stack = new Stack<IEnumerator<Node>>();
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

    /// <summary>The root followed by its descendants.</summary>
    public static IEnumerable<Node> DescendantsAndSelf(Node root)
    {
        yield return root;
        foreach (var node in Descendants(root))
            yield return node;
    }

    /// <summary>Descendants of one kind, in source order (calls of a body, assignments, ...).</summary>
    public static IEnumerable<T> DescendantsOfType<T>(Node root)
        where T : Node
    {
        foreach (var node in DescendantsAndSelf(root))
        {
            if (node is T typed)
                yield return typed;
        }
    }

    /// <summary>Every call in a function body, in source order, including calls nested in arguments.</summary>
    public static IEnumerable<CallExpr> Calls(FunctionDef function) => DescendantsOfType<CallExpr>(function.Body);

    private static ImmutableArray<T> Items<T>(ImmutableArray<T> items) => items.IsDefault ? ImmutableArray<T>.Empty : items;
}
