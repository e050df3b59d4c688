using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Folint.Analyzer.Model;
using Folint.CSource.Engine;

namespace Folint.CSource.Tests.Lowering;

public sealed class LoweringTests
{
    private static SourceUnit Lower(string code, IReadOnlyDictionary<int, string>? iterators = null, string? blank = null)
    {
        using var frontend = new CFrontend(text => new PreparedSource(Blank(text, blank), iterators ?? new Dictionary<int, string>()));
        return frontend.Build(new SourceFile("mm/test.c", Encoding.UTF8.GetBytes(code)), CancellationToken.None);
    }

    /// <summary>Blanks every occurrence of a word, as the normalizer does for annotations.</summary>
    private static byte[] Blank(byte[] text, string? word)
    {
        if (word is null)
            return text;
        var copy = (byte[])text.Clone();
        var needle = Encoding.ASCII.GetBytes(word);
        for (var at = copy.AsSpan().IndexOf(needle); at >= 0; at = copy.AsSpan().IndexOf(needle))
            copy.AsSpan(at, needle.Length).Fill((byte)' ');
        return copy;
    }

    private static IEnumerable<Node> All(Node node)
    {
        yield return node;
        IEnumerable<Node> children = node switch
        {
            BlockStmt b => b.Statements,
            ExprStmt e => new Node[] { e.Expression },
            DeclStmt d => d.Locals.SelectMany(l => l.Initializer is null ? new Node[] { l } : new Node[] { l, l.Initializer }),
            IfStmt i => new Node?[] { i.Condition, i.Then, i.Else }.OfType<Node>(),
            LoopStmt l => new Node?[] { l.Initializer, l.Condition, l.Update, l.Body }.OfType<Node>().Concat(l.IteratorArguments.IsDefault ? Enumerable.Empty<Node>() : l.IteratorArguments),
            ReturnStmt r => r.Value is null ? Enumerable.Empty<Node>() : new Node[] { r.Value },
            CallExpr c => new Node[] { c.Callee }.Concat(c.Arguments),
            MemberExpr m => new Node[] { m.Target },
            UnaryExpr u => new Node[] { u.Operand },
            BinaryExpr bin => new Node[] { bin.Left, bin.Right },
            AssignExpr a => new Node[] { a.Target, a.Value },
            ConditionalExpr c => new Node[] { c.Condition, c.WhenTrue, c.WhenFalse },
            SwitchStmt s => new Node[] { s.Value, s.Body },
            CaseStmt c => c.Statements,
            LabelStmt l => l.Statement is null ? Enumerable.Empty<Node>() : new Node[] { l.Statement },
            StatementExpr s => new Node[] { s.Body },
            _ => Enumerable.Empty<Node>(),
        };
        foreach (var child in children)
        {
            foreach (var d in All(child))
                yield return d;
        }
    }

    [Fact]
    public void Function_HeaderStorageParametersAndCalls_AreLowered_WithStorageReadFromTheOriginalText()
    {
        var unit = Lower("static __always_inline struct page *pick(struct folio *folio, unsigned int nr)\n{\n\treturn folio_page(folio, nr);\n}\n", blank: "__always_inline");
        var f = Assert.Single(unit.Functions);
        Assert.Equal("pick", f.Name);
        Assert.True(f.IsStatic);
        Assert.True(f.IsInline);
        Assert.True(f.Storage.HasFlag(StorageClass.AlwaysInline));
        Assert.Equal("struct page", f.ReturnType.Base);
        Assert.Equal(1, f.ReturnType.PointerDepth);
        Assert.Equal(new[] { "folio", "nr" }, f.Parameters.Select(p => p.Name));
        Assert.Equal("struct folio", f.Parameters[0].Type.Base);
        Assert.True(f.Parameters[0].Type.IsPointer);
        Assert.Equal("unsigned int", f.Parameters[1].Type.Base);
        var call = All(f.Body).OfType<CallExpr>().Single();
        Assert.Equal("folio_page", call.CalleeName);
        Assert.Equal(new[] { "folio", "nr" }, call.Arguments.Cast<NameExpr>().Select(n => n.Identifier));
        Assert.Equal(new LinePosition(3, 9), unit.Position(call.Span.Start));
        Assert.False(f.HasParseErrors);
    }

    [Fact]
    public void FieldAccessAndCompoundAssignment_KeepOperatorAndArrow()
    {
        var unit = Lower("void f(struct page *page) { page[1].flags &= ~MASK; __set_bit(PG_locked, &page->flags); }");
        var nodes = All(unit.Functions[0].Body).ToList();
        var assign = nodes.OfType<AssignExpr>().Single();
        Assert.Equal(AssignOperator.BitwiseAnd, assign.Operator);
        var member = Assert.IsType<MemberExpr>(assign.Target);
        Assert.Equal("flags", member.Member);
        Assert.False(member.IsArrow);
        Assert.IsType<IndexExpr>(member.Target);
        Assert.Equal(UnaryOperator.Complement, Assert.IsType<UnaryExpr>(assign.Value).Operator);
        var bitop = nodes.OfType<CallExpr>().Single();
        var address = Assert.IsType<UnaryExpr>(bitop.Arguments[1]);
        Assert.Equal(UnaryOperator.AddressOf, address.Operator);
        Assert.True(Assert.IsType<MemberExpr>(address.Operand).IsArrow);
    }

    [Fact]
    public void ControlFlow_IfLoopsSwitchGotoAndUpdate_AreModelled()
    {
        var unit = Lower(@"int f(unsigned int nr, int x)
{
	if (x < 0)
		x = 0;
	else
		x++;
	for (;;) {
		op();
		if (--nr == 0)
			break;
	}
	do { op(); } while (--nr);
	switch (x) { case 1: a(); break; default: b(); }
	goto out;
out:
	return x;
}");
        var nodes = All(unit.Functions[0].Body).ToList();
        var ifs = nodes.OfType<IfStmt>().ToList();
        Assert.Equal(BinaryOperator.Less, Assert.IsType<BinaryExpr>(ifs[0].Condition).Operator);
        Assert.NotNull(ifs[0].Else);
        var loops = nodes.OfType<LoopStmt>().ToList();
        Assert.Equal(new[] { LoopKind.For, LoopKind.DoWhile }, loops.Select(l => l.Kind));
        Assert.Null(loops[0].Condition);
        var decrement = Assert.IsType<UnaryExpr>(Assert.IsType<BinaryExpr>(ifs[1].Condition).Left);
        Assert.Equal(UnaryOperator.Decrement, decrement.Operator);
        Assert.False(decrement.IsPostfix);
        Assert.True(nodes.OfType<UnaryExpr>().Single(u => u.Operator == UnaryOperator.Increment).IsPostfix);
        Assert.Equal(2, nodes.OfType<CaseStmt>().Count());
        Assert.Null(nodes.OfType<CaseStmt>().Last().Value);
        Assert.Contains(nodes.OfType<JumpStmt>(), j => j.Kind == JumpKind.Goto && j.Label == "out");
        Assert.Contains(nodes.OfType<LabelStmt>(), l => l.Label == "out" && l.Statement is ReturnStmt);
    }

    [Fact]
    public void PreprocessorBranchesInBody_BecomeAnIfWithBothBranches()
    {
        var unit = Lower("void f(void)\n{\n#ifdef CONFIG_A\n\ta();\n#else\n\tb();\n#endif\n}\n");
        var pp = All(unit.Functions[0].Body).OfType<IfStmt>().Single();
        Assert.True(pp.IsPreprocessor);
        Assert.Equal("#if CONFIG_A", Assert.IsType<OpaqueExpr>(pp.Condition).Text);
        Assert.Equal(new[] { "a", "b" }, All(pp).OfType<CallExpr>().Select(c => c.CalleeName));
    }

    [Fact]
    public void IteratorLoopFromNormalizer_IsAnIteratorLoopWithItsArguments()
    {
        const string code = "void f(void) { while              (pos, head, lru) { g(pos); } }";
        var unit = Lower(code, new Dictionary<int, string> { [code.IndexOf("while")] = "list_for_each_entry" });
        var loop = All(unit.Functions[0].Body).OfType<LoopStmt>().Single();
        Assert.Equal(LoopKind.IteratorMacro, loop.Kind);
        Assert.Equal("list_for_each_entry", loop.IteratorName);
        Assert.Equal(new[] { "pos", "head", "lru" }, loop.IteratorArguments.Cast<NameExpr>().Select(n => n.Identifier));
    }

    [Fact]
    public void Locals_HaveTypesPointersAndInitializers()
    {
        var unit = Lower("void f(struct folio *folio) { struct page *page = &folio->page, *tail; unsigned long pfn[4]; static int n; }");
        var locals = All(unit.Functions[0].Body).OfType<DeclStmt>().SelectMany(d => d.Locals).ToList();
        Assert.Equal(new[] { "page", "tail", "pfn", "n" }, locals.Select(l => l.Name));
        Assert.Equal("struct page", locals[0].Type.Base);
        Assert.Equal(1, locals[0].Type.PointerDepth);
        Assert.IsType<UnaryExpr>(locals[0].Initializer);
        Assert.Null(locals[1].Initializer);
        Assert.Equal(new[] { "4" }, locals[2].Type.ArrayDimensions);
        Assert.True(locals[3].IsStatic);
    }

    [Fact]
    public void Enum_WithAliasesAndConditionalMembers_KeepsValueExpressions()
    {
        var unit = Lower(@"enum pageflags {
	PG_locked,
	PG_reclaim,
#ifdef CONFIG_MMU
	PG_mlocked,
#endif
	__NR_PAGEFLAGS,
	PG_readahead = PG_reclaim,
	PG_partially_mapped = PG_reclaim, /* was identified to be partially mapped */
};");
        var e = Assert.Single(unit.Enums);
        Assert.Equal("pageflags", e.Name);
        Assert.Equal(new[] { "PG_locked", "PG_reclaim", "PG_mlocked", "__NR_PAGEFLAGS", "PG_readahead", "PG_partially_mapped" }, e.Members.Select(m => m.Name));
        Assert.Equal("PG_reclaim", Assert.IsType<NameExpr>(e.Members[5].Value).Identifier);
        Assert.Null(e.Members[0].Value);
    }

    [Fact]
    public void Struct_WithAnonymousUnionsConditionsArraysAndBitfields_IsModelled()
    {
        var unit = Lower(@"struct page {
	unsigned long flags;
	union {
		struct {
			struct list_head lru;
			struct address_space *mapping;
		};
		struct rcu_head rcu_head;
	};
#ifdef CONFIG_MEMCG
	unsigned long memcg_data;
#else
	unsigned int spare : 3;
#endif
	atomic_t _refcount;
	unsigned long private[2];
};");
        var page = unit.Records.Single(r => r.Name == "page");
        Assert.Equal(RecordKind.Struct, page.Kind);
        Assert.Equal(new[] { "flags", null, "memcg_data", "spare", "_refcount", "private" }, page.Fields.Select(f => f.Name));
        var union = page.Fields[1].Nested!;
        Assert.Equal(RecordKind.Union, union.Kind);
        var inner = union.Fields[0].Nested!;
        Assert.Equal(new[] { "lru", "mapping" }, inner.Fields.Select(f => f.Name));
        Assert.Equal(1, inner.Fields[1].Type.PointerDepth);
        Assert.Equal(new PpDefined("CONFIG_MEMCG"), page.Fields[2].Condition);
        Assert.Equal("!defined(CONFIG_MEMCG)", page.Fields[3].Condition?.ToString());
        Assert.Equal("3", page.Fields[3].BitWidth);
        Assert.Equal("atomic_t", page.Fields[4].Type.Base);
        Assert.Equal(new[] { "2" }, page.Fields[5].Type.ArrayDimensions);
    }

    [Fact]
    public void StructMembers_UnderElifAndElse_CarryTheNegationOfTheEarlierBranches()
    {
        var unit = Lower(@"#ifndef _SAMPLE_H
struct page {
#ifdef CONFIG_MEMCG
	unsigned long memcg_data;
#elif defined(CONFIG_SLAB_OBJ_EXT)
	unsigned long _unused_slab_obj_exts;
#else
	unsigned long spare;
#endif
#if defined(WANT_PAGE_VIRTUAL) && !defined(CONFIG_64BIT)
	void *virtual;
#endif
};
#endif");
        var page = unit.Records.Single(r => r.Name == "page");
        Assert.Equal(
            new[]
            {
                "!defined(_SAMPLE_H) && defined(CONFIG_MEMCG)",
                "!defined(_SAMPLE_H) && !defined(CONFIG_MEMCG) && defined(CONFIG_SLAB_OBJ_EXT)",
                "!defined(_SAMPLE_H) && !defined(CONFIG_MEMCG) && !defined(CONFIG_SLAB_OBJ_EXT)",
                "!defined(_SAMPLE_H) && (defined(WANT_PAGE_VIRTUAL) && !defined(CONFIG_64BIT))",
            },
            page.Fields.Select(f => f.Condition?.ToString()));
    }

    [Fact]
    public void StructMember_UnderAConditionSpreadOverLines_CarriesTheTreeReadWhenLexed()
    {
        var unit = Lower("struct page {\n#if defined(CONFIG_A) || /* either */ \\\n    defined(CONFIG_B)\n\tint a;\n#endif\n};\n");
        var a = unit.Records.Single().Fields.Single();
        Assert.Equal(
            new PpBinary(BinaryOperator.LogicalOr, new PpDefined("CONFIG_A"), new PpDefined("CONFIG_B")),
            a.Condition);
    }

    [Fact]
    public void Macros_ObjectLikeFunctionLikeAndVariadic_WithContinuationsJoined()
    {
        var unit = Lower("#define PG_head_mask ((1UL << PG_head))\n#define FOLIO_FLAG(name, page) \\\n\tFOLIO_TEST_FLAG(name, page) \\\n\tFOLIO_SET_FLAG(name, page)\n#define pr(fmt, ...) printk(fmt, __VA_ARGS__)\n");
        Assert.Equal(3, unit.Macros.Length);
        Assert.False(unit.Macros[0].IsFunctionLike);
        Assert.Equal("((1UL << PG_head))", unit.Macros[0].Body);
        Assert.Equal(new[] { "name", "page" }, unit.Macros[1].Parameters);
        Assert.DoesNotContain("\\", unit.Macros[1].Body);
        Assert.Contains("FOLIO_SET_FLAG(name, page)", unit.Macros[1].Body);
        Assert.True(unit.Macros[2].IsVariadic);
    }

    [Fact]
    public void GeneratorMacroUsesAtFileScope_AreRecordedWithArguments()
    {
        var unit = Lower("FOLIO_FLAG(large_rmappable, FOLIO_SECOND_PAGE)\nFOLIO_TEST_FLAG(partially_mapped, FOLIO_SECOND_PAGE)\nPAGEFLAG(Locked, locked, PF_NO_TAIL) __CLEARPAGEFLAG(Locked, locked, PF_NO_TAIL)\n");
        Assert.Equal(new[] { "FOLIO_FLAG", "FOLIO_TEST_FLAG", "PAGEFLAG", "__CLEARPAGEFLAG" }, unit.MacroUses.Select(u => u.Name));
        Assert.Equal(new[] { "Locked", "locked", "PF_NO_TAIL" }, unit.MacroUses[2].Arguments);
    }

    [Fact]
    public void BrokenBody_IsMarked_AndCallsAroundTheErrorAreStillSeen()
    {
        var unit = Lower("void f(void)\n{\n\ta();\n\tint x = ;\n\tb();\n}\n");
        var f = Assert.Single(unit.Functions);
        Assert.True(f.HasParseErrors);
        var calls = All(f.Body).OfType<CallExpr>().Select(c => c.CalleeName).ToList();
        Assert.Contains("a", calls);
        Assert.Contains("b", calls);
    }

    [Fact]
    public void StatementExpression_AndGnuElvis_AreLowered()
    {
        var unit = Lower("int f(int p, int q) { int y = ({ int t = g(); t; }); return p ? : q; }");
        var nodes = All(unit.Functions[0].Body).ToList();
        Assert.Single(nodes.OfType<StatementExpr>());
        var elvis = nodes.OfType<ConditionalExpr>().Single();
        Assert.Same(elvis.Condition, elvis.WhenTrue);
    }
}
