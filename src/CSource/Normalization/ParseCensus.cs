using System.Collections.Generic;
using Folint.CSource.Interop;

namespace Folint.CSource.Normalization;

/// <summary>
/// How well one tree parsed, counted the way bench/parse-only counts raw trees: every <c>function_definition</c>
/// anywhere in the tree (inside ERROR nodes too); those whose <c>body</c> has an ERROR or MISSING node; those with one
/// anywhere in the definition; and the ERROR nodes outside every function definition, whose code is lost.
/// <see cref="NestedFunctions"/> counts the definitions found inside another one: C has none, so each is error
/// recovery reading a macro statement (<c>for_each_zone(zone) {</c>) as a K&amp;R function definition.
/// </summary>
public sealed record ParseCensus(int Functions, int BodyErrors, int DefinitionErrors, int TopLevelErrors, int ErrorNodes, int NestedFunctions)
{
    public static ParseCensus Empty { get; } = new(0, 0, 0, 0, 0, 0);

    public ParseCensus Add(ParseCensus other) => new(
        Functions + other.Functions,
        BodyErrors + other.BodyErrors,
        DefinitionErrors + other.DefinitionErrors,
        TopLevelErrors + other.TopLevelErrors,
        ErrorNodes + other.ErrorNodes,
        NestedFunctions + other.NestedFunctions);

    /// <summary>Share of function definitions with an ERROR or MISSING node in their body, in percent.</summary>
    public double BodyErrorPercent => Functions == 0 ? 0 : 100.0 * BodyErrors / Functions;

    public double DefinitionErrorPercent => Functions == 0 ? 0 : 100.0 * DefinitionErrors / Functions;

    public static ParseCensus Of(SyntaxTree tree) => Of(tree, null);

    /// <summary>Counts <paramref name="tree"/>; when <paramref name="sites"/> is given, adds where each error is.</summary>
    public static ParseCensus Of(SyntaxTree tree, List<ErrorSite>? sites)
    {
        var functionSymbols = CLanguage.SymbolsNamed(NodeKinds.FunctionDefinition);
        var body = CLanguage.FieldId("body");
        int functions = 0, bodyErrors = 0, definitionErrors = 0, topLevel = 0, errorNodes = 0, nested = 0;
        var inFunction = new List<bool>();
        using var cursor = tree.Root.Walk();
        while (true)
        {
            var node = cursor.Current;
            var inside = inFunction.Count > 0 && inFunction[^1];
            var symbol = node.Symbol;
            if (Contains(functionSymbols, symbol))
            {
                functions++;
                if (inside)
                    nested++;
                var bodyNode = node.ChildByField(body);
                var bodyBroken = !bodyNode.IsNull && bodyNode.HasError;
                if (bodyBroken)
                    bodyErrors++;
                if (node.HasError)
                {
                    definitionErrors++;
                    sites?.Add(new ErrorSite(bodyBroken ? ErrorSiteKind.FunctionBody : ErrorSiteKind.FunctionHeader, node, FirstProblem(node)));
                }
                inside = true;
            }
            else if (node.IsError)
            {
                errorNodes++;
                if (!inside)
                {
                    topLevel++;
                    sites?.Add(new ErrorSite(ErrorSiteKind.TopLevel, node, node));
                }
            }
            if (cursor.GotoFirstChild())
            {
                inFunction.Add(inside);
                continue;
            }
            while (!cursor.GotoNextSibling())
            {
                if (!cursor.GotoParent())
                    return new ParseCensus(functions, bodyErrors, definitionErrors, topLevel, errorNodes, nested);
                inFunction.RemoveAt(inFunction.Count - 1);
            }
        }
    }

    private static bool Contains(IReadOnlyList<ushort> set, ushort symbol)
    {
        for (var i = 0; i < set.Count; i++)
        {
            if (set[i] == symbol)
                return true;
        }
        return false;
    }

    /// <summary>The first ERROR or MISSING node under <paramref name="node"/> in document order (iterative: trees get deep).</summary>
    private static SyntaxNode FirstProblem(SyntaxNode node)
    {
        while (!(node.IsError || node.IsMissing))
        {
            var next = default(SyntaxNode);
            foreach (var child in node.Children)
            {
                if (child.IsError || child.IsMissing || child.HasError)
                {
                    next = child;
                    break;
                }
            }
            if (next.IsNull)
                return node;
            node = next;
        }
        return node;
    }
}

public enum ErrorSiteKind { FunctionBody, FunctionHeader, TopLevel }

/// <summary>Where a tree went wrong: the function definition or top-level ERROR node, and its first problem node.</summary>
public readonly record struct ErrorSite(ErrorSiteKind Kind, SyntaxNode Owner, SyntaxNode Problem);
