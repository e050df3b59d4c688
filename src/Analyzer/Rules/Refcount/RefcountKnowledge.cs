using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Folint.Analyzer.Model;
using Folint.Analyzer.Rules.Kernel;
using Folint.Analyzer.Rules.Knowledge;
using Folint.Analyzer.Shapes;

namespace Folint.Analyzer.Rules.Refcount;

/// <summary>A call that writes a page's refcount, with the page it writes and the value it stores when it is a store.</summary>
internal sealed record RefcountWrite(CallExpr Call, string Operation, Expr Page, Expr? StoredValue);

/// <summary>What FOL002 asks of rules/kernel/refcount.yaml and assertions.yaml: which calls write a page's refcount, and how.</summary>
internal sealed class RefcountKnowledge
{
    private readonly ImmutableHashSet<string> _writes;
    private readonly ImmutableHashSet<string> _stores;
    private readonly ImmutableHashSet<string> _atomicNonWrites;
    private readonly ImmutableArray<string> _atomicPrefixes;
    private readonly ImmutableHashSet<string> _atomicStores;
    private readonly ImmutableHashSet<string> _refcountFields;

    public RefcountKnowledge(KernelKnowledge knowledge)
    {
        var refcount = knowledge.Refcount;
        _writes = refcount.PageRefcountWrites;
        _stores = refcount.PageRefcountStores;
        _atomicNonWrites = refcount.AtomicNonwrites;
        _atomicPrefixes = refcount.AtomicOperationPrefixes;
        _atomicStores = refcount.AtomicStores;
        _refcountFields = refcount.RefcountFields;
        PfnLookups = refcount.PfnLookups;
        IndexedPageLookups = refcount.IndexedPageLookups;
        TailClearing = refcount.TailClearing;
        CompoundTests = refcount.CompoundTests;
        PageIsolation = refcount.PageIsolation;
        TailPageNames = refcount.TailPageNames;
        Assertions = knowledge.Assertions.DebugAssertions;
    }

    public ImmutableHashSet<string> PfnLookups { get; }

    /// <summary>Names mm gives a tail page, read only without a tree (refcount.yaml tail_page_names).</summary>
    public ImmutableHashSet<string> TailPageNames { get; }

    public ImmutableHashSet<string> IndexedPageLookups { get; }

    public ImmutableHashSet<string> TailClearing { get; }

    public ImmutableHashSet<string> CompoundTests { get; }

    /// <summary>Calls that, when they succeed, leave the page passed an order-0 page of its own (taken off the free lists).</summary>
    public ImmutableHashSet<string> PageIsolation { get; }

    public ImmutableHashSet<string> Assertions { get; }

    /// <summary>
    /// The refcount write <paramref name="call"/> makes, if any: <c>set_page_count(p, v)</c>, <c>page_ref_inc(p)</c>,
    /// <c>atomic_add(n, &amp;p->_refcount)</c>. Reads and conditional increments (speculative gets) are not writes.
    /// </summary>
    public RefcountWrite? WriteOf(CallExpr call, PageObjects pages, FunctionScope scope)
    {
        if (call.CalleeName is not { } name || call.Arguments.IsDefaultOrEmpty)
            return null;
        if (_writes.Contains(name))
            return new RefcountWrite(call, name + "()", call.Arguments[0], _stores.Contains(name) && call.Arguments.Length >= 2 ? call.Arguments[1] : null);
        if (_atomicNonWrites.Contains(name) || !_atomicPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
            return null;
        foreach (var argument in call.Arguments)
        {
            if (RefcountOwner(argument, pages, scope) is not { } owner)
                continue;
            Expr? stored = null;
            if (_atomicStores.Contains(name) && call.Arguments.Length >= 2)
                stored = call.Arguments[call.Arguments.Length - 1];
            return new RefcountWrite(call, name + "()", owner, stored);
        }
        return null;
    }

    /// <summary>The page whose refcount <paramref name="address"/> points at: <c>p</c> in <c>&amp;p->_refcount</c>, <c>page[i]</c> in <c>&amp;page[i]._refcount</c>.</summary>
    private Expr? RefcountOwner(Expr address, PageObjects pages, FunctionScope scope)
    {
        while (address is CastExpr cast)
            address = cast.Operand;
        if (address is not UnaryExpr { Operator: UnaryOperator.AddressOf, IsPostfix: false } addressOf || addressOf.Operand is not MemberExpr member || !_refcountFields.Contains(member.Member))
            return null;
        return pages.Classify(member.Target, scope) == PageObject.Page ? member.Target : null;
    }

    /// <summary>Whether a stored value is the constant 0, which keeps the invariant.</summary>
    public static bool StoresZero(RefcountWrite write) => write.StoredValue is { } value && Comparisons.IsZero(value);
}
