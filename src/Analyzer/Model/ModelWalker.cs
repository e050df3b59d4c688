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
        var children = new List<Node>();
        AppendChildren(node, children);
        return children;
    }

    /// <summary>Appends the direct children of <paramref name="node"/> to <paramref name="into"/>, in source order.</summary>
    private static void AppendChildren(Node node, List<Node> into)
    {
        switch (node)
        {
            case CallExpr call:
                into.Add(call.Callee);
                foreach (var argument in Items(call.Arguments))
                    into.Add(argument);
                break;
            case MemberExpr member:
                into.Add(member.Target);
                break;
            case IndexExpr index:
                into.Add(index.Target);
                into.Add(index.Index);
                break;
            case UnaryExpr unary:
                into.Add(unary.Operand);
                break;
            case BinaryExpr binary:
                into.Add(binary.Left);
                into.Add(binary.Right);
                break;
            case AssignExpr assign:
                into.Add(assign.Target);
                into.Add(assign.Value);
                break;
            case ConditionalExpr conditional:
                into.Add(conditional.Condition);
                // GNU `a ?: b` lowers with the condition standing in for the missing middle operand: walk it once.
                if (!ReferenceEquals(conditional.Condition, conditional.WhenTrue))
                    into.Add(conditional.WhenTrue);
                into.Add(conditional.WhenFalse);
                break;
            case CastExpr cast:
                into.Add(cast.Operand);
                break;
            case StatementExpr statementExpr:
                into.Add(statementExpr.Body);
                break;
            case InitializerExpr initializer:
                foreach (var item in Items(initializer.Items))
                    into.Add(item);
                break;
            case OpaqueExpr opaqueExpr:
                foreach (var child in Items(opaqueExpr.Children))
                    into.Add(child);
                break;
            case BlockStmt block:
                foreach (var statement in Items(block.Statements))
                    into.Add(statement);
                break;
            case ExprStmt exprStmt:
                into.Add(exprStmt.Expression);
                break;
            case DeclStmt declStmt:
                foreach (var local in Items(declStmt.Locals))
                    into.Add(local);
                break;
            case LocalDecl local when local.Initializer is not null:
                into.Add(local.Initializer);
                break;
            case IfStmt ifStmt:
                into.Add(ifStmt.Condition);
                into.Add(ifStmt.Then);
                if (ifStmt.Else is not null)
                    into.Add(ifStmt.Else);
                break;
            case LoopStmt loop:
                // Source order: for (init; cond; update) body; do body while (cond); macro(args) body.
                foreach (var argument in Items(loop.IteratorArguments))
                    into.Add(argument);
                if (loop.Initializer is not null)
                    into.Add(loop.Initializer);
                if (loop.Kind == LoopKind.DoWhile)
                {
                    into.Add(loop.Body);
                    if (loop.Condition is not null)
                        into.Add(loop.Condition);
                    break;
                }
                if (loop.Condition is not null)
                    into.Add(loop.Condition);
                if (loop.Update is not null)
                    into.Add(loop.Update);
                into.Add(loop.Body);
                break;
            case SwitchStmt switchStmt:
                into.Add(switchStmt.Value);
                into.Add(switchStmt.Body);
                break;
            case CaseStmt caseStmt:
                if (caseStmt.Value is not null)
                    into.Add(caseStmt.Value);
                foreach (var statement in Items(caseStmt.Statements))
                    into.Add(statement);
                break;
            case ReturnStmt returnStmt when returnStmt.Value is not null:
                into.Add(returnStmt.Value);
                break;
            case ThrowStmt throwStmt when throwStmt.Value is not null:
                into.Add(throwStmt.Value);
                break;
            case LabelStmt label when label.Statement is not null:
                into.Add(label.Statement);
                break;
            case OpaqueStmt opaqueStmt:
                foreach (var child in Items(opaqueStmt.Children))
                    into.Add(child);
                break;
        }
    }

    /// <summary>Every node below <paramref name="root"/>, in source order, not including the root.</summary>
    /// <remarks>
    /// One explicit stack of nodes (children pushed in reverse) and one scratch list per walk: the rules and the
    /// program index walk every body several times, so a walk allocates nothing per node.
    /// </remarks>
    public static IEnumerable<Node> Descendants(Node root) => Walk(root, includeRoot: false);

    private static IEnumerable<Node> Walk(Node root, bool includeRoot)
    {
        var stack = new List<Node>();
        var children = new List<Node>();
        if (includeRoot)
            stack.Add(root);
        else
            PushChildren(root, stack, children);
        while (stack.Count > 0)
        {
            var node = stack[stack.Count - 1];
            stack.RemoveAt(stack.Count - 1);
            yield return node;
            PushChildren(node, stack, children);
        }
    }

    private static void PushChildren(Node node, List<Node> stack, List<Node> scratch)
    {
        scratch.Clear();
        AppendChildren(node, scratch);
        for (var i = scratch.Count - 1; i >= 0; i--)
            stack.Add(scratch[i]);
    }

    /// <summary>The root followed by its descendants.</summary>
    public static IEnumerable<Node> DescendantsAndSelf(Node root) => Walk(root, includeRoot: true);

    /// <summary>Descendants of one kind, in source order (calls of a body, assignments, ...).</summary>
    public static IEnumerable<T> DescendantsOfType<T>(Node root)
        where T : Node
    {
        foreach (var node in Walk(root, includeRoot: true))
        {
            if (node is T typed)
                yield return typed;
        }
    }

    /// <summary>Every call in a function body, in source order, including calls nested in arguments.</summary>
    public static IEnumerable<CallExpr> Calls(FunctionDef function) => DescendantsOfType<CallExpr>(function.Body);

    private static ImmutableArray<T> Items<T>(ImmutableArray<T> items) => items.IsDefault ? ImmutableArray<T>.Empty : items;
}
