using System;
using System.Collections.Generic;
using System.Linq;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Model;
using Folint.Analyzer.Rules.Kernel;

namespace Folint.Analyzer.Rules.Flags;

/// <summary>A function that returns a pointer to a flags word of its parameter: <c>folio_flags(folio, n)</c> gives page n's word.</summary>
internal sealed record WordReturn(int Parameter, int IndexParameter, PagePosition Position);

/// <summary>
/// Reads page and folio expressions of one function: which variable an expression derives from and which page of
/// that object it denotes (<c>&amp;folio-&gt;page</c>, <c>folio_page(folio, 1)</c>, <c>&amp;page[1]</c>,
/// <c>compound_head(page)</c>, the value of a policy's statement expression), and which flags word a bit operation
/// or a compound assignment touches. Locals that are assigned once from such an expression stand for it.
/// </summary>
internal sealed class PageExpressions
{
    private readonly FlagVocabulary _vocabulary;
    private readonly Func<string, WordReturn?> _wordReturning;
    private readonly FunctionScope _scope;

    public PageExpressions(FunctionDef function, FlagVocabulary vocabulary, Func<string, WordReturn?> wordReturning)
    {
        Function = function;
        _vocabulary = vocabulary;
        _wordReturning = wordReturning;
        _scope = FunctionScope.Of(function);
    }

    public FunctionDef Function { get; }

    public int ParameterIndex(string name) => _scope.ParameterIndex(name);

    public FunctionScope Scope => _scope;

    /// <summary>The struct tag of a variable's declared type (<c>vm_fault</c> for <c>struct vm_fault *vmf</c>).</summary>
    public string? RecordTagOf(string variable) => TypeOf(variable)?.RecordTag;

    public bool IsFolio(string variable) => TypeOf(variable)?.RecordTag == "folio";

    public bool IsPageOrFolio(string variable) => TypeOf(variable)?.RecordTag is "folio" or "page";

    /// <summary>
    /// The slot a pointer to a page or folio pointer designates, named <c>*p</c>: <c>struct folio **foliop</c> gives
    /// <c>*foliop</c>, the caller's variable the function reads a folio from or hands one back through. Null for
    /// anything else.
    /// </summary>
    public string? SlotOf(string pointer) =>
        _scope.TypeOf(pointer) is { PointerDepth: 2, RecordTag: "page" or "folio" } type && !type.IsArray ? "*" + pointer : null;

    /// <summary>
    /// The slot an argument passes: <c>&amp;folio</c> passes the local <c>folio</c>, <c>foliop</c> (a pointer to a
    /// folio pointer) passes <c>*foliop</c>. Null when the argument is not the address of a page or folio pointer.
    /// </summary>
    public string? SlotPassed(Expr argument)
    {
        while (argument is CastExpr cast)
            argument = cast.Operand;
        return argument switch
        {
            UnaryExpr { Operator: UnaryOperator.AddressOf, IsPostfix: false, Operand: NameExpr local } when TypeOf(local.Identifier) is { PointerDepth: 1, RecordTag: "page" or "folio" } type && !type.IsArray => local.Identifier,
            NameExpr pointer => SlotOf(pointer.Identifier),
            _ => null,
        };
    }

    /// <summary>The declared type of a name; a slot <c>*p</c> has the type p points to.</summary>
    private TypeRef? TypeOf(string name)
    {
        if (name.Length > 1 && name[0] == '*')
            return _scope.TypeOf(name.Substring(1)) is { PointerDepth: > 0 } pointer ? pointer with { PointerDepth = pointer.PointerDepth - 1 } : null;
        return _scope.TypeOf(name);
    }

    /// <summary>The page or folio an expression denotes, or null when it is not one we can follow.</summary>
    public PageRef? Page(Expr expression) => Page(expression, 0, followLocals: true);

    /// <summary>Like <see cref="Page(Expr)"/> but a local stays itself (for tracking what this function allocated).</summary>
    public PageRef? PageNoAlias(Expr expression) => Page(expression, 0, followLocals: false);

    private PageRef? Page(Expr expression, int depth, bool followLocals)
    {
        if (depth > 16)
            return null;
        switch (expression)
        {
            case NameExpr name:
                if (followLocals && ParameterIndex(name.Identifier) < 0 && _scope.SingleAssignment(name.Identifier) is { } source)
                {
                    var through = Page(source, depth + 1, followLocals);
                    if (through is not null)
                        return through;
                }
                return IsPageOrFolio(name.Identifier) || ParameterIndex(name.Identifier) >= 0 || _scope.IsAssigned(name.Identifier)
                    ? new PageRef(name.Identifier, PagePosition.Self)
                    : null;
            case CastExpr cast:
                return Page(cast.Operand, depth + 1, followLocals);
            case UnaryExpr { Operator: UnaryOperator.AddressOf } address:
                return address.Operand switch
                {
                    MemberExpr { Member: "page" } member => Page(member.Target, depth + 1, followLocals),
                    IndexExpr index => Page(index.Target, depth + 1, followLocals)?.Then(PositionOf(index.Index)),
                    _ => Page(address.Operand, depth + 1, followLocals),
                };
            case IndexExpr index:
                return Page(index.Target, depth + 1, followLocals)?.Then(PositionOf(index.Index));
            case MemberExpr { Member: "page" } member:
                return Page(member.Target, depth + 1, followLocals);
            case BinaryExpr { Operator: BinaryOperator.Add } sum:
                return Page(sum.Left, depth + 1, followLocals)?.Then(PositionOf(sum.Right));
            case StatementExpr statementExpr:
                return LastValue(statementExpr.Body) is { } value ? Page(value, depth + 1, followLocals) : null;
            case UnaryExpr { Operator: UnaryOperator.Dereference, IsPostfix: false, Operand: NameExpr pointer } when SlotOf(pointer.Identifier) is { } slot:
                return new PageRef(slot, PagePosition.Self);
            case CallExpr { CalleeName: { } callee } call when call.Arguments.Length > 0:
                if (_vocabulary.HeadOf.Contains(callee) || _vocabulary.PolicyHead.Contains(callee))
                    return Page(call.Arguments[0], depth + 1, followLocals)?.Then(PagePosition.Head);
                if (_vocabulary.PolicySecond.Contains(callee))
                    return Page(call.Arguments[0], depth + 1, followLocals)?.Then(PagePosition.Second);
                if (_vocabulary.PolicyAny.Contains(callee) || _vocabulary.SamePage.Contains(callee))
                    return Page(call.Arguments[0], depth + 1, followLocals);
                if (_vocabulary.PageOf.Contains(callee) && call.Arguments.Length > 1)
                    return Page(call.Arguments[0], depth + 1, followLocals)?.Then(PositionOf(call.Arguments[1]));
                return null;
            default:
                return null;
        }
    }

    /// <summary>The word a pointer expression (a bit operation's address argument) points to.</summary>
    public PageRef? WordPointer(Expr expression)
    {
        switch (expression)
        {
            case UnaryExpr { Operator: UnaryOperator.AddressOf } address:
                return WordLvalue(address.Operand);
            case CastExpr cast:
                return WordPointer(cast.Operand);
            case StatementExpr statementExpr:
                return LastValue(statementExpr.Body) is { } value ? WordPointer(value) : null;
            case CallExpr { CalleeName: { } callee } call when _wordReturning(callee) is { } returned && returned.Parameter < call.Arguments.Length:
                var page = Page(call.Arguments[returned.Parameter]);
                if (page is null)
                    return null;
                var position = returned.IndexParameter >= 0 && returned.IndexParameter < call.Arguments.Length
                    ? PositionOf(call.Arguments[returned.IndexParameter])
                    : returned.Position;
                return page.Then(position);
            default:
                return null;
        }
    }

    /// <summary>The word an lvalue (<c>page-&gt;flags</c>, <c>page[1].flags</c>, <c>folio-&gt;flags.f</c>) is.</summary>
    public PageRef? WordLvalue(Expr expression)
    {
        if (expression is MemberExpr { Member: "f", IsArrow: false } memdesc && memdesc.Target is MemberExpr inner && _vocabulary.FlagsFields.Contains(inner.Member))
            expression = inner;
        if (expression is MemberExpr member && _vocabulary.FlagsFields.Contains(member.Member))
        {
            var page = Page(member.Target);
            // flags of other structures (per_cpu_pages, vm_area_struct) are not page flags
            if (page is not null && (IsPageOrFolio(page.Root) || (TypeOf(page.Root) is null && member.Target is not NameExpr)))
                return page;
        }
        return null;
    }

    /// <summary>The word pointer a function returns, in terms of its parameters (<c>return &amp;page[n].flags;</c>).</summary>
    public WordReturn? ReturnedWord()
    {
        var returns = ModelWalker.DescendantsOfType<ReturnStmt>(Function.Body).Where(r => r.Value is not null).ToList();
        if (returns.Count != 1)
            return null;
        var value = returns[0].Value!;
        while (value is CastExpr cast)
            value = cast.Operand;
        if (value is not UnaryExpr { Operator: UnaryOperator.AddressOf, Operand: MemberExpr member } || !_vocabulary.FlagsFields.Contains(member.Member))
            return null;
        // &page[n].flags with n a parameter: the page index comes from the caller
        var target = member.Target;
        var indexParameter = -1;
        PageRef? page;
        if (target is IndexExpr { Index: NameExpr indexName } indexed && ParameterIndex(indexName.Identifier) >= 0)
        {
            indexParameter = ParameterIndex(indexName.Identifier);
            page = Page(indexed.Target);
        }
        else
        {
            page = Page(member.Target);
        }
        if (page is null || ParameterIndex(page.Root) < 0)
            return null;
        return new WordReturn(ParameterIndex(page.Root), indexParameter, page.Position);
    }

    /// <summary>The flags a bit number or mask names: <c>PG_dirty</c>, <c>1UL &lt;&lt; PG_lru | 1UL &lt;&lt; PG_active</c>.</summary>
    public IReadOnlyList<string> FlagNames(Expr expression) =>
        ModelWalker.DescendantsAndSelf(expression)
            .OfType<NameExpr>()
            .Select(n => n.Identifier)
            .Where(n => n.StartsWith(_vocabulary.FlagPrefix, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    public static PagePosition PositionOf(Expr index) => index switch
    {
        LiteralExpr { Text: "0" } => PagePosition.Self,
        LiteralExpr { Text: "1" } => PagePosition.Second,
        CastExpr cast => PositionOf(cast.Operand),
        _ => PagePosition.OtherPage,
    };

    internal static Expr? LastValue(BlockStmt block)
    {
        for (var i = block.Statements.Length - 1; i >= 0; i--)
        {
            if (block.Statements[i] is ExprStmt last)
                return last.Expression;
            if (block.Statements[i] is not DeclStmt)
                return null;
        }
        return null;
    }
}
