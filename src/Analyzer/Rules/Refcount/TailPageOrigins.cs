using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Flow;
using Folint.Analyzer.Model;
using Folint.Analyzer.Rules.Kernel;
using Folint.Analyzer.Shapes;

namespace Folint.Analyzer.Rules.Refcount;

/// <summary>
/// Why a page expression may denote a tail page: the expression that made it so, and the reason in words.
/// <paramref name="ByName"/> when only the variable's name says so (no tree, its value not shown).
/// </summary>
internal sealed record TailOrigin(Expr Source, string Reason, bool ByName = false);

/// <summary>A refcount write on a page that may be a tail page.</summary>
internal sealed record TailPageRefcountWriteMatch(RefcountWrite Write, TailOrigin Origin);

/// <summary>
/// What one point of a function knows about its page variables: which may denote a tail page (and why), which are
/// proven not to be tails (taken off the free lists, compound head cleared), and which are proven not compound.
/// Immutable: the flow keeps one per path.
/// </summary>
internal sealed record TailState(
    ImmutableDictionary<string, TailOrigin> MayBeTail,
    ImmutableHashSet<string> NotTail,
    ImmutableHashSet<string> NonCompound)
{
    public static readonly TailState Entry = new(
        ImmutableDictionary<string, TailOrigin>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableHashSet<string>.Empty.WithComparer(StringComparer.Ordinal),
        ImmutableHashSet<string>.Empty.WithComparer(StringComparer.Ordinal));

    public TailState Forget(string name) =>
        MayBeTail.ContainsKey(name) || NotTail.Contains(name) || NonCompound.Contains(name)
            ? new TailState(MayBeTail.Remove(name), NotTail.Remove(name), NonCompound.Remove(name))
            : this;

    public TailState NoLongerTail(string page) => this with { MayBeTail = MayBeTail.Remove(page), NotTail = NotTail.Add(page) };
}

/// <summary>
/// Follows, through one function, which page variables may denote a tail page: pages taken at a non-zero index of a
/// folio (<c>folio_page(folio, i)</c>, <c>nth_page(page, i)</c>, <c>page + i</c>, <c>&amp;page[i]</c>), pages advanced
/// through consecutive struct pages in a loop, and pages looked up by PFN. A page stops being a possible tail when it
/// is reassigned from something else, when its compound head is cleared (<c>clear_compound_head()</c>, the documented
/// split order) or it was taken off the free lists as a page of its own; the pages after a page that a test or
/// assertion says is not compound are not tails either. A forward dataflow analysis (<see cref="ForwardFlow{TState}"/>):
/// where paths meet, a page that may be a tail on either path may be one after, and a proof must hold on every path.
/// </summary>
internal sealed class TailPageOrigins : ForwardAnalysis<TailState>
{
    private readonly RefcountKnowledge _knowledge;
    private readonly PageObjects _pages;
    private readonly FunctionScope _scope;
    private readonly bool _byName;

    private TailPageOrigins(RefcountKnowledge knowledge, PageObjects pages, FunctionScope scope, bool byName)
    {
        _knowledge = knowledge;
        _pages = pages;
        _scope = scope;
        _byName = byName;
    }

    /// <summary>Refcount writes in <paramref name="function"/> on pages that may be tail pages, in source order.</summary>
    /// <param name="wholeTree">
    /// False without a tree (a patch's hunks): a page variable named as a tail page (refcount.yaml tail_page_names)
    /// whose value the function does not show is then taken to be one, by its name.
    /// </param>
    public static ImmutableArray<TailPageRefcountWriteMatch> Find(FunctionDef function, RefcountKnowledge knowledge, PageObjects pages, bool wholeTree = true)
    {
        var scope = FunctionScope.Of(function);
        var analysis = new TailPageOrigins(knowledge, pages, scope, byName: !wholeTree);
        var flow = ForwardFlow<TailState>.Run(function.Body, TailState.Entry, analysis);
        var matches = ImmutableArray.CreateBuilder<TailPageRefcountWriteMatch>();
        foreach (var call in ModelWalker.DescendantsOfType<CallExpr>(function.Body))
        {
            if (flow.StateBefore(call) is not { } state)
                continue; // unreachable
            if (knowledge.WriteOf(call, pages, scope) is not { } write || RefcountKnowledge.StoresZero(write))
                continue;
            if (analysis.Origin(write.Page, state) is { } origin)
                matches.Add(new TailPageRefcountWriteMatch(write, origin));
        }
        return matches.ToImmutable();
    }

    // ------------------------------------------------------------------ lattice

    /// <summary>After two paths meet: a possible tail on either path stays one (the first path's reason kept); a proof must hold on both.</summary>
    public override TailState Join(TailState left, TailState right)
    {
        var mayBeTail = left.MayBeTail;
        foreach (var pair in right.MayBeTail)
        {
            if (!mayBeTail.ContainsKey(pair.Key))
                mayBeTail = mayBeTail.Add(pair.Key, pair.Value);
        }
        return new TailState(mayBeTail, left.NotTail.Intersect(right.NotTail), left.NonCompound.Intersect(right.NonCompound));
    }

    public override bool Includes(TailState state, TailState other) =>
        other.MayBeTail.Keys.All(state.MayBeTail.ContainsKey) && state.NotTail.IsSubsetOf(other.NotTail) && state.NonCompound.IsSubsetOf(other.NonCompound);

    // ------------------------------------------------------------------ transfer

    public override bool Observes(Expr node) => node is CallExpr;

    public override bool IsConditionWrapper(CallExpr call) => call.CalleeName is "likely" or "unlikely";

    public override TailState Declare(LocalDecl local, TailState state) =>
        local.Initializer is null ? state.Forget(local.Name) : Assign(local.Name, local.Initializer, state);

    public override TailState Transfer(Expr node, TailState state, ForwardFlow<TailState> flow)
    {
        switch (node)
        {
            case AssignExpr { Target: NameExpr target } assign:
                if (assign.Operator == AssignOperator.Assign)
                    return Assign(target.Identifier, assign.Value, state);
                if (assign.Operator is AssignOperator.Add or AssignOperator.Subtract && !Comparisons.IsZero(assign.Value))
                    return Step(target.Identifier, assign, state);
                return state;
            case UnaryExpr { Operator: UnaryOperator.Increment or UnaryOperator.Decrement, Operand: NameExpr operand } step:
                return Step(operand.Identifier, step, state);
            case CallExpr { CalleeName: { } callee } call when _knowledge.TailClearing.Contains(callee) && call.Arguments.Length > 0 && Root(call.Arguments[0]) is { } cleared:
                return state.NoLongerTail(cleared);
            case CallExpr { CalleeName: { } assertion } call when _knowledge.Assertions.Contains(assertion) && call.Arguments.Length > 0:
                // VM_BUG_ON_PAGE(PageCompound(page), page): past the assertion, its condition is false
                return Learn(call.Arguments[0], whenTrue: false, state);
            default:
                return state;
        }
    }

    public override (TailState? WhenTrue, TailState? WhenFalse) Branch(Expr condition, TailState state, ForwardFlow<TailState> flow)
    {
        var after = flow.Evaluate(condition, state);
        return after is null ? (null, null) : (Learn(condition, whenTrue: true, after), Learn(condition, whenTrue: false, after));
    }

    public override TailState EnterLoop(LoopStmt loop, TailState state)
    {
        // A page pointer stepped inside the loop denotes the head, if anything, on the first iteration only.
        foreach (var (name, step) in SteppedPages(loop))
        {
            if (!state.NonCompound.Contains(name))
                state = state with
                {
                    MayBeTail = state.MayBeTail.SetItem(name, new TailOrigin(step, $"{name} steps through consecutive struct pages in this loop ({ExprPrinter.Print(step)}): after the first, they are the tail pages of a compound page")),
                    NotTail = state.NotTail.Remove(name),
                };
        }
        return state;
    }

    public override TailState LoopHead(LoopStmt loop, TailState state) =>
        // list_for_each_entry(page, ...) and its kin assign their first argument on every iteration.
        loop.Kind == LoopKind.IteratorMacro && !loop.IteratorArguments.IsDefaultOrEmpty && loop.IteratorArguments[0] is NameExpr cursor
            ? state.Forget(cursor.Identifier)
            : state;

    /// <summary>Page pointer variables the loop steps by pointer arithmetic: <c>p++</c>, <c>p += n</c>, <c>p = p + n</c>, <c>p = nth_page(p, n)</c>.</summary>
    private IEnumerable<(string Name, Expr Step)> SteppedPages(LoopStmt loop)
    {
        var parts = new List<Node> { loop.Body };
        if (loop.Condition is not null)
            parts.Add(loop.Condition);
        if (loop.Update is not null)
            parts.Add(loop.Update);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            foreach (var node in ModelWalker.DescendantsAndSelf(part))
            {
                var stepped = node switch
                {
                    UnaryExpr { Operator: UnaryOperator.Increment or UnaryOperator.Decrement, Operand: NameExpr name } => name.Identifier,
                    AssignExpr { Operator: AssignOperator.Add or AssignOperator.Subtract, Target: NameExpr name } => name.Identifier,
                    AssignExpr { Operator: AssignOperator.Assign, Target: NameExpr name, Value: var value } when StepsItself(name.Identifier, value) => name.Identifier,
                    _ => null,
                };
                if (stepped is not null && IsPagePointer(stepped) && seen.Add(stepped))
                    yield return (stepped, (Expr)node);
            }
        }
    }

    private bool StepsItself(string name, Expr value) => value switch
    {
        BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract, Left: NameExpr left } => left.Identifier == name,
        CallExpr { CalleeName: { } callee, Arguments: { Length: >= 2 } arguments } when _knowledge.IndexedPageLookups.Contains(callee) =>
            arguments[0] is NameExpr first && first.Identifier == name,
        _ => false,
    };

    private TailState Assign(string name, Expr value, TailState state)
    {
        // What the value says is judged before the old value goes: p = p + 1 reads p.
        var origin = Origin(value, state);
        var nonCompound = IsNonCompound(value, state);
        var notTail = origin is null && value is NameExpr source && state.NotTail.Contains(source.Identifier);
        state = state.Forget(name);
        if (origin is not null)
            state = state with { MayBeTail = state.MayBeTail.SetItem(name, origin) };
        if (nonCompound)
            state = state with { NonCompound = state.NonCompound.Add(name) };
        if (notTail)
            state = state with { NotTail = state.NotTail.Add(name) };
        return state;
    }

    private TailState Step(string name, Expr step, TailState state)
    {
        if (!IsPagePointer(name) || state.NonCompound.Contains(name))
            return state;
        return state with
        {
            NotTail = state.NotTail.Remove(name),
            MayBeTail = state.MayBeTail.SetItem(name, new TailOrigin(step, $"{ExprPrinter.Print(step)} moves {name} to another struct page, which may be a tail page")),
        };
    }

    /// <summary>Why <paramref name="page"/> may denote a tail page; null when nothing says it may.</summary>
    private TailOrigin? Origin(Expr page, TailState state)
    {
        switch (page)
        {
            case CastExpr cast:
                return Origin(cast.Operand, state);
            case NameExpr name:
                if (state.NotTail.Contains(name.Identifier))
                    return null;
                if (state.MayBeTail.TryGetValue(name.Identifier, out var known))
                    return known;
                // without a tree, page_tail = head + tail may lie above the hunk
                if (_byName && _knowledge.TailPageNames.Contains(name.Identifier) && !_scope.IsAssigned(name.Identifier) && IsPagePointer(name.Identifier))
                    return new TailOrigin(name, $"{name.Identifier} is taken to be a tail page by its name: the hunks do not show where its value comes from", ByName: true);
                return null;
            case CallExpr { CalleeName: { } callee } call when _knowledge.IndexedPageLookups.Contains(callee) && call.Arguments.Length >= 2:
            {
                var index = call.Arguments[1];
                if (Comparisons.IsZero(index))
                    return callee == "nth_page" ? Origin(call.Arguments[0], state) : null;
                if (IsNonCompound(call.Arguments[0], state))
                    return null;
                return new TailOrigin(call, $"{ExprPrinter.Print(call)} is page {ExprPrinter.Print(index)} of {ExprPrinter.Print(call.Arguments[0])}: a tail page unless {ExprPrinter.Print(index)} is 0");
            }
            case CallExpr { CalleeName: { } callee } call when _knowledge.PfnLookups.Contains(callee):
                return new TailOrigin(call, $"{ExprPrinter.Print(call)} is whatever struct page backs a PFN: a tail page of a compound page unless compound_head() or page_folio() is taken");
            case BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract } offset when !Comparisons.IsZero(offset.Right) && IsPageExpression(offset.Left, state):
                return Offset(page, offset.Left, offset.Right, state);
            case UnaryExpr { Operator: UnaryOperator.AddressOf, IsPostfix: false, Operand: IndexExpr index }:
                return Origin(index, state);
            case IndexExpr index when IsPageExpression(index.Target, state):
                return Comparisons.IsZero(index.Index) ? Origin(index.Target, state) : Offset(page, index.Target, index.Index, state);
            case ConditionalExpr conditional:
                return Origin(conditional.WhenTrue, state) ?? Origin(conditional.WhenFalse, state);
            default:
                return null;
        }
    }

    private TailOrigin? Offset(Expr page, Expr from, Expr by, TailState state)
    {
        if (IsNonCompound(from, state))
            return null;
        return Origin(from, state) ?? new TailOrigin(page, $"{ExprPrinter.Print(page)} is offset from {ExprPrinter.Print(from)} by {ExprPrinter.Print(by)} struct pages: a tail page when {ExprPrinter.Print(from)} belongs to a compound page");
    }

    /// <summary>What a condition being <paramref name="whenTrue"/> proves about pages.</summary>
    private TailState Learn(Expr condition, bool whenTrue, TailState state)
    {
        switch (condition)
        {
            case UnaryExpr { Operator: UnaryOperator.Not, IsPostfix: false } not:
                return Learn(not.Operand, !whenTrue, state);
            case CastExpr cast:
                return Learn(cast.Operand, whenTrue, state);
            case BinaryExpr { Operator: BinaryOperator.LogicalAnd or BinaryOperator.LogicalOr } both when (both.Operator == BinaryOperator.LogicalAnd) == whenTrue:
                return Learn(both.Right, whenTrue, Learn(both.Left, whenTrue, state));
            case CallExpr { Arguments.Length: 1 } hint when IsConditionWrapper(hint):
                return Learn(hint.Arguments[0], whenTrue, state);
            case CallExpr { CalleeName: { } isolation, Arguments.Length: >= 1 } call when whenTrue && _knowledge.PageIsolation.Contains(isolation) && Root(call.Arguments[0]) is { } taken:
                return state.NoLongerTail(taken);
            case BinaryExpr { Operator: BinaryOperator.Greater or BinaryOperator.NotEqual } positive when whenTrue && Comparisons.IsZero(positive.Right) && positive.Left is CallExpr:
                return Learn(positive.Left, whenTrue, state);
            case CallExpr { CalleeName: { } test, Arguments.Length: >= 1 } call when !whenTrue && _knowledge.CompoundTests.Contains(test) && Root(call.Arguments[0]) is { } page:
                return state with { NonCompound = state.NonCompound.Add(page) };
            case NameExpr index when !whenTrue:
                // `if (i != 0) ...; else` / `if (!i)`: a page taken at index i is the head itself here
                return state with { MayBeTail = state.MayBeTail.RemoveRange(state.MayBeTail.Where(p => IndexOf(p.Value.Source) is NameExpr { } taken && taken.Identifier == index.Identifier).Select(p => p.Key).ToList()) };
            default:
                return state;
        }
    }

    /// <summary>The index a page was taken at: <c>i</c> of <c>nth_page(page, i)</c>, <c>page + i</c>, <c>&amp;page[i]</c>.</summary>
    private Expr? IndexOf(Expr source) => source switch
    {
        CallExpr { CalleeName: { } callee, Arguments: { Length: >= 2 } arguments } when _knowledge.IndexedPageLookups.Contains(callee) => arguments[1],
        BinaryExpr { Operator: BinaryOperator.Add } offset => offset.Right,
        IndexExpr index => index.Index,
        UnaryExpr { Operator: UnaryOperator.AddressOf, Operand: IndexExpr index } => index.Index,
        _ => null,
    };

    private static bool IsNonCompound(Expr e, TailState state) => Root(e) is { } name && state.NonCompound.Contains(name);

    /// <summary>The variable an expression is a page of: <c>page</c> for <c>page</c>, <c>page + i</c>, <c>&amp;page[i]</c>, <c>(struct page *)page</c>.</summary>
    private static string? Root(Expr e) => e switch
    {
        NameExpr name => name.Identifier,
        CastExpr cast => Root(cast.Operand),
        BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract } offset => Root(offset.Left),
        UnaryExpr { Operator: UnaryOperator.AddressOf, IsPostfix: false } address => Root(address.Operand),
        IndexExpr index => Root(index.Target),
        _ => null,
    };

    /// <summary>
    /// Whether stepping from <paramref name="e"/> by an offset moves through struct pages: a <c>struct page *</c>
    /// (not an array of page pointers such as GUP's <c>pages[i]</c>, whose elements are unrelated pages).
    /// </summary>
    private bool IsPageExpression(Expr e, TailState state)
    {
        if (e is NameExpr name)
        {
            if (state.MayBeTail.ContainsKey(name.Identifier))
                return true;
            return _scope.TypeOf(name.Identifier) is { RecordTag: "page" } type
                && (type.PointerDepth == 1 && !type.IsArray || type.PointerDepth == 0 && type.IsArray);
        }
        return _pages.Classify(e, _scope) == PageObject.Page;
    }

    private bool IsPagePointer(string name) =>
        _scope.TypeOf(name) is { PointerDepth: 1 } type && type.RecordTag == "page" && !type.IsArray;
}
