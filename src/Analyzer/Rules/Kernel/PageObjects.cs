using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Folint.Analyzer.Model;
using Folint.Analyzer.Rules.Knowledge;

namespace Folint.Analyzer.Rules.Kernel;

public enum PageObject { Unknown, Page, Folio }

/// <summary>
/// Recognises expressions that denote a struct page or a struct folio (pointer or object), from declared
/// types and from the page/folio-returning functions listed in rules/kernel/pages.yaml.
/// </summary>
internal sealed class PageObjects
{
    private readonly ImmutableHashSet<string> _pageReturning;
    private readonly ImmutableHashSet<string> _folioReturning;
    private readonly ImmutableHashSet<string> _flagsFields;

    public PageObjects(PagesSection pages)
    {
        _pageReturning = pages.PageReturning;
        _folioReturning = pages.FolioReturning;
        _flagsFields = pages.FlagsFields;
    }

    /// <summary>
    /// The identifiers one of which a file must hold for <see cref="Classify"/> to find a page or folio in it: the
    /// struct tags and the page- and folio-returning functions, in name order.
    /// </summary>
    public static IEnumerable<string> Evidence(PagesSection pages) =>
        new[] { "page", "folio" }.Concat(pages.PageReturning).Concat(pages.FolioReturning).Distinct(System.StringComparer.Ordinal).Order(System.StringComparer.Ordinal);

    public PageObject Classify(Expr expression, FunctionScope scope)
    {
        switch (expression)
        {
            case NameExpr name:
                return FromType(scope.TypeOf(name.Identifier));
            case CallExpr call when call.CalleeName is { } callee:
                if (_pageReturning.Contains(callee))
                    return PageObject.Page;
                return _folioReturning.Contains(callee) ? PageObject.Folio : PageObject.Unknown;
            case UnaryExpr { Operator: UnaryOperator.AddressOf } address:
                // &folio->page, &page[i]
                if (address.Operand is MemberExpr { Member: "page" } pageOfFolio && Classify(pageOfFolio.Target, scope) == PageObject.Folio)
                    return PageObject.Page;
                return Classify(address.Operand, scope);
            case IndexExpr index:
                return Classify(index.Target, scope);
            case BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract } arithmetic:
                return Classify(arithmetic.Left, scope);
            case CastExpr cast:
                return FromType(cast.Type);
            case MemberExpr { Member: "page" } member when Classify(member.Target, scope) == PageObject.Folio:
                return PageObject.Page;
            case ConditionalExpr conditional:
                var whenTrue = Classify(conditional.WhenTrue, scope);
                return whenTrue == Classify(conditional.WhenFalse, scope) ? whenTrue : PageObject.Unknown;
            default:
                return PageObject.Unknown;
        }
    }

    /// <summary>
    /// True when <paramref name="expression"/> is the flags word of a page or folio
    /// (<c>page->flags</c>, <c>page[1].flags</c>, <c>folio->flags</c>, <c>folio->flags.f</c>); gives the owner.
    /// </summary>
    public bool IsFlagsWord(Expr expression, FunctionScope scope, out Expr owner, out PageObject kind)
    {
        owner = expression;
        kind = PageObject.Unknown;
        if (expression is MemberExpr { Member: "f", IsArrow: false } memdesc && memdesc.Target is MemberExpr inner && _flagsFields.Contains(inner.Member))
            expression = inner;
        if (expression is not MemberExpr member || !_flagsFields.Contains(member.Member))
            return false;
        kind = Classify(member.Target, scope);
        owner = member.Target;
        return kind != PageObject.Unknown;
    }

    private static PageObject FromType(TypeRef? type) => type?.RecordTag switch
    {
        "page" => PageObject.Page,
        "folio" => PageObject.Folio,
        _ => PageObject.Unknown,
    };
}
