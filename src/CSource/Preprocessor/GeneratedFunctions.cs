using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using Folint.Analyzer.Model;
using Folint.CSource.Engine;

namespace Folint.CSource.Preprocessor;

/// <summary>
/// Functions a header generates with its own macros: page-flags.h writes <c>FOLIO_FLAG(partially_mapped,
/// FOLIO_SECOND_PAGE)</c> and gets <c>folio_test/set/clear_partially_mapped()</c>. Each file-scope use of a
/// function-like macro defined in the same file is expanded (with that file's macros only) and the expansion is
/// lowered through the frontend, so generated accessors become ordinary <see cref="FunctionDef"/>s. Every span of
/// a generated function is the span of the macro use, so positions stay real lines of the header.
/// </summary>
public static class GeneratedFunctions
{
    /// <summary>The unit with the generated functions appended and its macro uses found by <see cref="MacroUseScanner"/>.</summary>
    public static SourceUnit Augment(SourceUnit unit, byte[] content, ISourceFrontend frontend, CancellationToken cancellationToken)
    {
        var macros = Items(unit.Macros);
        if (macros.Length == 0)
            return unit;
        var expander = new MacroExpander(macros);
        var uses = MacroUseScanner.Scan(content, expander.IsFunctionLike);
        if (uses.IsEmpty)
            return unit;

        // One synthetic file for all expansions, one line each, parsed once.
        var text = new StringBuilder();
        var ranges = new List<(int Start, int End, MacroUse Use)>();
        foreach (var use in uses)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var expansion = expander.ExpandUse(use.Name, use.Arguments);
            var start = Encoding.UTF8.GetByteCount(text.ToString());
            text.Append(expansion).Append('\n');
            ranges.Add((start, start + Encoding.UTF8.GetByteCount(expansion), use));
        }
        var generated = frontend.Build(new SourceFile(unit.Path, Encoding.UTF8.GetBytes(text.ToString())), cancellationToken);

        var functions = ImmutableArray.CreateBuilder<FunctionDef>();
        functions.AddRange(Items(unit.Functions));
        foreach (var function in Items(generated.Functions))
        {
            var owner = ranges.FirstOrDefault(r => function.Span.Start >= r.Start && function.Span.Start < r.End);
            if (owner.Use is null)
                continue;
            functions.Add(SpanMapper.MapAll(function, owner.Use.Span));
        }
        var problems = ImmutableArray.CreateBuilder<ParseProblem>();
        problems.AddRange(Items(unit.Problems));
        foreach (var problem in Items(generated.Problems))
        {
            var owner = ranges.FirstOrDefault(r => problem.Span.Start >= r.Start && problem.Span.Start <= r.End);
            if (owner.Use is not null)
                problems.Add(new ParseProblem(owner.Use.Span, $"expansion of {owner.Use.Name}() did not parse: {problem.Message}"));
        }
        return unit with
        {
            Functions = functions.ToImmutable(),
            MacroUses = uses,
            Problems = problems.ToImmutable(),
        };
    }

    private static ImmutableArray<T> Items<T>(ImmutableArray<T> items) => items.IsDefault ? ImmutableArray<T>.Empty : items;
}

/// <summary>Rebuilds a lowered function with every span set to one span (the macro use that generated it).</summary>
internal static class SpanMapper
{
    public static FunctionDef MapAll(FunctionDef function, TextSpan span) => function with
    {
        Span = span,
        NameSpan = span,
        Parameters = function.Parameters.Select(p => p with { Span = span }).ToImmutableArray(),
        Body = (BlockStmt)Stmt(function.Body, span),
    };

    private static Stmt Stmt(Stmt statement, TextSpan s) => statement switch
    {
        BlockStmt b => new BlockStmt(s, b.Statements.Select(x => Stmt(x, s)).ToImmutableArray()),
        ExprStmt e => new ExprStmt(s, Expr(e.Expression, s)),
        DeclStmt d => new DeclStmt(s, d.Locals.Select(l => new LocalDecl(s, l.Name, l.Type, l.Initializer is null ? null : Expr(l.Initializer, s), l.IsStatic)).ToImmutableArray()),
        IfStmt i => new IfStmt(s, Expr(i.Condition, s), Stmt(i.Then, s), i.Else is null ? null : Stmt(i.Else, s), i.IsPreprocessor),
        LoopStmt l => new LoopStmt(s, l.Kind, l.Initializer is null ? null : Stmt(l.Initializer, s), l.Condition is null ? null : Expr(l.Condition, s),
            l.Update is null ? null : Expr(l.Update, s), Stmt(l.Body, s), l.IteratorName,
            l.IteratorArguments.IsDefault ? default : l.IteratorArguments.Select(a => Expr(a, s)).ToImmutableArray()),
        SwitchStmt w => new SwitchStmt(s, Expr(w.Value, s), Stmt(w.Body, s)),
        CaseStmt c => new CaseStmt(s, c.Value is null ? null : Expr(c.Value, s), c.Statements.Select(x => Stmt(x, s)).ToImmutableArray()),
        ReturnStmt r => new ReturnStmt(s, r.Value is null ? null : Expr(r.Value, s)),
        JumpStmt j => j with { Span = s },
        LabelStmt l => new LabelStmt(s, l.Label, l.Statement is null ? null : Stmt(l.Statement, s)),
        OpaqueStmt o => new OpaqueStmt(s, o.Text, o.Children.Select(c => Node(c, s)).ToImmutableArray()),
        _ => statement with { Span = s },
    };

    private static Node Node(Node node, TextSpan s) => node switch
    {
        Expr e => Expr(e, s),
        Stmt st => Stmt(st, s),
        LocalDecl l => new LocalDecl(s, l.Name, l.Type, l.Initializer is null ? null : Expr(l.Initializer, s), l.IsStatic),
        _ => node with { Span = s },
    };

    private static Expr Expr(Expr expression, TextSpan s) => expression switch
    {
        NameExpr n => n with { Span = s },
        LiteralExpr l => l with { Span = s },
        CallExpr c => new CallExpr(s, Expr(c.Callee, s), c.Arguments.Select(a => Expr(a, s)).ToImmutableArray()),
        MemberExpr m => new MemberExpr(s, Expr(m.Target, s), m.Member, m.IsArrow),
        IndexExpr i => new IndexExpr(s, Expr(i.Target, s), Expr(i.Index, s)),
        UnaryExpr u => new UnaryExpr(s, u.Operator, Expr(u.Operand, s), u.IsPostfix),
        BinaryExpr b => new BinaryExpr(s, b.Operator, Expr(b.Left, s), Expr(b.Right, s)),
        AssignExpr a => new AssignExpr(s, a.Operator, Expr(a.Target, s), Expr(a.Value, s)),
        ConditionalExpr c => ReferenceEquals(c.Condition, c.WhenTrue)
            ? Conditional(c, s)
            : new ConditionalExpr(s, Expr(c.Condition, s), Expr(c.WhenTrue, s), Expr(c.WhenFalse, s)),
        CastExpr c => new CastExpr(s, c.Type, Expr(c.Operand, s)),
        StatementExpr st => new StatementExpr(s, (BlockStmt)Stmt(st.Body, s)),
        InitializerExpr i => new InitializerExpr(s, i.Items.Select(x => Expr(x, s)).ToImmutableArray()),
        OpaqueExpr o => new OpaqueExpr(s, o.Text, o.Children.Select(x => Expr(x, s)).ToImmutableArray()),
        _ => expression with { Span = s },
    };

    // GNU `a ?: b`: the condition stands in for the middle operand, and stays the same object.
    private static Expr Conditional(ConditionalExpr c, TextSpan s)
    {
        var condition = Expr(c.Condition, s);
        return new ConditionalExpr(s, condition, condition, Expr(c.WhenFalse, s));
    }
}
