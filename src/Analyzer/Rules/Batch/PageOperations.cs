using System;
using System.Collections.Immutable;
using System.Linq;
using Folint.Analyzer.Model;
using Folint.Analyzer.Rules.Kernel;
using Folint.Analyzer.Rules.Knowledge;
using Folint.Analyzer.Rules.Refcount;

namespace Folint.Analyzer.Rules.Batch;

/// <summary>
/// Calls that change page metadata: a page flag (an accessor such as ClearPageAnonExclusive(), or a bit
/// operation on a page's flags word), a refcount (page_ref_*(), folio_ref_*(), atomic ops on _refcount), or a
/// mapcount (atomic ops on _mapcount and its kin). Reads and tests are not changes.
/// </summary>
internal sealed class PageOperations
{
    private readonly ImmutableArray<string> _flagPrefixes;
    private readonly ImmutableHashSet<string> _countUpdates;
    private readonly ImmutableHashSet<string> _bitUpdates;
    private readonly ImmutableHashSet<string> _mapcountFields;
    private readonly ImmutableHashSet<string> _mapcountReads;
    private readonly RefcountKnowledge _refcount;
    private readonly PageObjects _pages;

    public PageOperations(KernelKnowledge knowledge)
    {
        _flagPrefixes = knowledge.Batch.FlagUpdatePrefixes;
        _countUpdates = knowledge.Batch.CountUpdates;
        _bitUpdates = knowledge.Batch.BitUpdates.Union(knowledge.Pages.NonatomicBitops);
        _mapcountFields = knowledge.Mapcount.Fields;
        _mapcountReads = knowledge.Mapcount.ReadFunctions;
        _refcount = new RefcountKnowledge(knowledge);
        _pages = new PageObjects(knowledge.Pages);
    }

    public bool Changes(CallExpr call, FunctionScope scope)
    {
        if (call.CalleeName is not { } name)
            return false;
        if (_countUpdates.Contains(name) || _flagPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
            return true;
        if (_refcount.WriteOf(call, _pages, scope) is not null)
            return true;
        if (_bitUpdates.Contains(name) && call.Arguments.Length >= 2 && call.Arguments[1] is UnaryExpr { Operator: UnaryOperator.AddressOf } word && _pages.IsFlagsWord(word.Operand, scope, out _, out _))
            return true;
        return name.StartsWith("atomic_", StringComparison.Ordinal) && !_mapcountReads.Contains(name) && call.Arguments.Any(IsMapcountAddress);
    }

    private bool IsMapcountAddress(Expr e) =>
        e is UnaryExpr { Operator: UnaryOperator.AddressOf, IsPostfix: false, Operand: MemberExpr member } && _mapcountFields.Contains(member.Member);
}
