using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Folint.Analyzer.Model;
using Folint.Analyzer.Rules.Kernel;
using Folint.Analyzer.Shapes;

namespace Folint.Analyzer.Rules.Refcount;

/// <summary>A call that writes a page's refcount, with the page it writes and the value it stores when it is a store.</summary>
public sealed record RefcountWrite(CallExpr Call, string Operation, Expr Page, Expr? StoredValue);

/// <summary>The lists of rules/kernel/refcount.yaml and assertions.yaml, read once per rule run.</summary>
public sealed class RefcountKnowledge
{
    private readonly HashSet<string> _writes;
    private readonly HashSet<string> _stores;
    private readonly HashSet<string> _atomicNonWrites;
    private readonly ImmutableArray<string> _atomicPrefixes;
    private readonly HashSet<string> _atomicStores;
    private readonly HashSet<string> _refcountFields;

    public RefcountKnowledge(KernelKnowledge knowledge)
    {
        _writes = Set(knowledge, "refcount.page_refcount_writes");
        _stores = Set(knowledge, "refcount.page_refcount_stores");
        _atomicNonWrites = Set(knowledge, "refcount.atomic_nonwrites");
        _atomicPrefixes = knowledge.List("refcount.atomic_operation_prefixes");
        _atomicStores = Set(knowledge, "refcount.atomic_stores");
        _refcountFields = Set(knowledge, "refcount.refcount_fields");
        PfnLookups = knowledge.List("refcount.pfn_lookups").ToImmutableHashSet(StringComparer.Ordinal);
        IndexedPageLookups = knowledge.List("refcount.indexed_page_lookups").ToImmutableHashSet(StringComparer.Ordinal);
        TailClearing = knowledge.List("refcount.tail_clearing").ToImmutableHashSet(StringComparer.Ordinal);
        CompoundTests = knowledge.List("refcount.compound_tests").ToImmutableHashSet(StringComparer.Ordinal);
        PageIsolation = knowledge.List("refcount.page_isolation").ToImmutableHashSet(StringComparer.Ordinal);
        Assertions = knowledge.List("assertions.debug_assertions").ToImmutableHashSet(StringComparer.Ordinal);
    }

    public ImmutableHashSet<string> PfnLookups { get; }

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
        if (address is not UnaryExpr { Operator: "&", IsPostfix: false } addressOf || addressOf.Operand is not MemberExpr member || !_refcountFields.Contains(member.Member))
            return null;
        return pages.Classify(member.Target, scope) == PageObject.Page ? member.Target : null;
    }

    /// <summary>Whether a stored value is the constant 0, which keeps the invariant.</summary>
    public static bool StoresZero(RefcountWrite write) => write.StoredValue is { } value && Comparisons.IsZero(value);

    private static HashSet<string> Set(KernelKnowledge knowledge, string name) => new(knowledge.List(name), StringComparer.Ordinal);
}
