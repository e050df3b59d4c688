using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using Folint.CSource.Interop;

namespace Folint.CSource.Tests.Interop;

public sealed class InteropTests
{
    [Fact]
    public void TSNode_IsThirtyTwoBytes_AsInTheCHeader()
    {
        Assert.Equal(32, Unsafe.SizeOf<TSNode>());
        Assert.Equal(8, Unsafe.SizeOf<TSPoint>());
        Assert.Equal(40, Unsafe.SizeOf<TSQueryCapture>());
    }

    [Fact]
    public void Language_IsTheCGrammar_WithAbiTheRuntimeAccepts()
    {
        Assert.InRange(CLanguage.AbiVersion, 13u, 15u);
        Assert.NotEmpty(CLanguage.SymbolsNamed("call_expression"));
        Assert.NotEmpty(CLanguage.SymbolsNamed("function_definition"));
        Assert.Equal("declarator", CLanguage.FieldName(CLanguage.FieldId("declarator")));
    }

    [Fact]
    public void Parse_FunctionDefinition_GivesFieldsAndPositions()
    {
        using var parser = new CParser();
        using var tree = parser.Parse("static void f(struct folio *folio)\n{\n\t__folio_set_partially_mapped(folio);\n}\n")!;
        var root = tree.Root;
        Assert.Equal("translation_unit", root.Kind);
        Assert.False(root.HasError);
        var function = root.NamedChild(0);
        Assert.Equal("function_definition", function.Kind);
        var body = function.ChildByField("body");
        Assert.Equal("compound_statement", body.Kind);
        var call = body.NamedChild(0).NamedChild(0);
        Assert.Equal("call_expression", call.Kind);
        Assert.Equal("__folio_set_partially_mapped", call.ChildByField("function").Text);
        Assert.Equal(new TreePoint(2, 1), call.StartPoint);
        Assert.Equal("function", call.FieldNameForChild(0));
    }

    [Fact]
    public void Parse_BrokenCode_ReportsErrorAndMissingNodes()
    {
        using var parser = new CParser();
        using var tree = parser.Parse("void f(void) { int x = ; }\nint g(void) { return 1 }\n")!;
        Assert.True(tree.Root.HasError);
        var kinds = Descendants(tree.Root).ToList();
        Assert.Contains(kinds, n => n.IsError || n.IsMissing);
    }

    [Fact]
    public void Parse_WithTinyTimeout_OnLargeInput_ReturnsNullAndParserStaysUsable()
    {
        using var parser = new CParser();
        var big = new StringBuilder();
        for (var i = 0; i < 200_000; i++)
            big.Append("int f").Append(i).Append("(int a) { return a + (a * ").Append(i).Append("); }\n");
        var cut = parser.Parse(Encoding.UTF8.GetBytes(big.ToString()), TimeSpan.FromTicks(10));
        Assert.Null(cut);
        using var again = parser.Parse("int x;");
        Assert.NotNull(again);
        Assert.False(again!.Root.HasError);
    }

    [Fact]
    public void Cursor_VisitsEveryNode_TheSameAsChildEnumeration()
    {
        using var parser = new CParser();
        using var tree = parser.Parse("int a(int x) { if (x < 0) x = 0; return x; }")!;
        var viaChildren = Descendants(tree.Root).Count();
        var viaCursor = 0;
        using (var cursor = tree.Root.Walk())
        {
            do
            {
                viaCursor++;
                if (cursor.GotoFirstChild())
                    continue;
                while (!cursor.GotoNextSibling())
                {
                    if (!cursor.GotoParent())
                        goto done;
                }
            } while (true);
        }
    done:
        Assert.Equal(viaChildren, viaCursor);
        Assert.Equal(tree.Root.DescendantCount, viaCursor);
    }

    [Fact]
    public void Node_KeepsItsTreeAlive_AfterTheLastTreeReferenceIsDropped()
    {
        var node = ParseAndKeepOnlyANode();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.Equal("call_expression", node.Kind);
        Assert.Equal("page_ref_inc(p)", node.Text);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static SyntaxNode ParseAndKeepOnlyANode()
    {
        using var parser = new CParser();
        var tree = parser.Parse("void f(struct page *p) { page_ref_inc(p); }")!;
        return Descendants(tree.Root).First(n => n.Kind == "call_expression");
    }

    [Fact]
    public void DisposedTree_RefusesToGiveARoot()
    {
        using var parser = new CParser();
        var tree = parser.Parse("int x;")!;
        tree.Dispose();
        Assert.Throws<ObjectDisposedException>(() => tree.Root);
    }

    [Fact]
    public void Query_CapturesCallsByName()
    {
        using var parser = new CParser();
        using var tree = parser.Parse("void f(void) { a(1); b(2); a(3); }")!;
        using var query = new Query("(call_expression function: (identifier) @fn (#eq? @fn \"a\")) @call");
        Assert.Equal(new[] { "fn", "call" }, query.CaptureNames);
        var matches = query.Matches(tree.Root);
        // predicates are not evaluated by the runtime: every call matches the structural pattern
        Assert.Equal(3, matches.Count);
        Assert.Equal(new[] { "a", "b", "a" }, matches.Select(m => m.Captures.Single(c => c.Name == "fn").Node.Text));
    }

    [Fact]
    public void Query_WithBadSyntax_ThrowsWithOffset()
    {
        var error = Assert.Throws<QuerySyntaxException>(() => new Query("(call_expression function: (nosuchnode))"));
        Assert.True(error.Offset > 0);
    }

    [Fact]
    public void SExpression_IsReadAndFreedByTreeSitter()
    {
        using var parser = new CParser();
        using var tree = parser.Parse("int x;")!;
        Assert.Equal("(translation_unit (declaration type: (primitive_type) declarator: (identifier)))", tree.Root.ToSExpression());
    }

    private static System.Collections.Generic.IEnumerable<SyntaxNode> Descendants(SyntaxNode node)
    {
        yield return node;
        foreach (var child in node.Children)
        {
            foreach (var d in Descendants(child))
                yield return d;
        }
    }
}
