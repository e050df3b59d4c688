using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Model;
using Folint.Analyzer.Rules.Kernel;
using Folint.Analyzer.Shapes;

namespace Folint.Analyzer.Rules.Refcount;

/// <summary>Why a page expression may denote a tail page: the expression that made it so, and the reason in words.</summary>
public sealed record TailOrigin(Expr Source, string Reason);

/// <summary>A refcount write on a page that may be a tail page.</summary>
public sealed record TailPageRefcountWriteMatch(RefcountWrite Write, TailOrigin Origin);

/// <summary>
/// Follows, through one function in statement order, which page variables may denote a tail page: pages taken at
/// a non-zero index of a folio (<c>folio_page(folio, i)</c>, <c>nth_page(page, i)</c>, <c>page + i</c>, <c>&amp;page[i]</c>),
/// pages advanced through consecutive struct pages in a loop, and pages looked up by PFN. A page stops being a
/// possible tail when it is reassigned from something else, when its compound head is cleared
/// (<c>clear_compound_head()</c>, the documented split order) or it was taken off the free lists as a page of its
/// own; the pages after a page that a test or assertion says is not compound are not tails either. Branches are
/// followed separately and joined: a page may be a tail after an if when it may be one after either branch.
/// </summary>
public sealed class TailPageOrigins
{
    private readonly RefcountKnowledge _knowledge;
    private readonly PageObjects _pages;
    private readonly FunctionScope _scope;
    private readonly ImmutableArray<TailPageRefcountWriteMatch>.Builder _matches = ImmutableArray.CreateBuilder<TailPageRefcountWriteMatch>();
    private State _state = new();

    private TailPageOrigins(RefcountKnowledge knowledge, PageObjects pages, FunctionScope scope)
    {
        _knowledge = knowledge;
        _pages = pages;
        _scope = scope;
    }

    /// <summary>Refcount writes in <paramref name="function"/> on pages that may be tail pages, in source order.</summary>
    public static ImmutableArray<TailPageRefcountWriteMatch> Find(FunctionDef function, RefcountKnowledge knowledge, PageObjects pages)
    {
        var walker = new TailPageOrigins(knowledge, pages, new FunctionScope(function));
        walker.Statement(function.Body);
        return walker._matches.ToImmutable();
    }

    private sealed class State
    {
        public Dictionary<string, TailOrigin> MayBeTail { get; private set; } = new(StringComparer.Ordinal);

        public HashSet<string> NotTail { get; private set; } = new(StringComparer.Ordinal);

        public HashSet<string> NonCompound { get; private set; } = new(StringComparer.Ordinal);

        public State Clone() => new()
        {
            MayBeTail = new Dictionary<string, TailOrigin>(MayBeTail, StringComparer.Ordinal),
            NotTail = new HashSet<string>(NotTail, StringComparer.Ordinal),
            NonCompound = new HashSet<string>(NonCompound, StringComparer.Ordinal),
        };

        /// <summary>After two paths meet: a possible tail on either path stays one; a proof must hold on both.</summary>
        public static State Join(State a, State b)
        {
            var joined = a.Clone();
            foreach (var pair in b.MayBeTail)
            {
                if (!joined.MayBeTail.ContainsKey(pair.Key))
                    joined.MayBeTail[pair.Key] = pair.Value;
            }
            joined.NotTail.IntersectWith(b.NotTail);
            joined.NonCompound.IntersectWith(b.NonCompound);
            return joined;
        }
    }

    // ------------------------------------------------------------------ statements

    /// <returns>True when the statement always leaves the code that follows it (return, goto, break, continue).</returns>
    private bool Statement(Stmt statement)
    {
        switch (statement)
        {
            case BlockStmt block:
                foreach (var s in block.Statements)
                {
                    if (Statement(s))
                        return true;
                }
                return false;
            case DeclStmt decl:
                foreach (var local in decl.Locals)
                    Local(local);
                return false;
            case ExprStmt { Expression: var expression }:
                Expression(expression);
                if (expression is CallExpr { CalleeName: { } name } call && _knowledge.Assertions.Contains(name) && call.Arguments.Length > 0)
                    Learn(call.Arguments[0], whenTrue: false, _state);
                return false;
            case IfStmt ifStmt:
                return If(ifStmt);
            case LoopStmt loop:
                Loop(loop);
                return false;
            case SwitchStmt switchStmt:
            {
                Expression(switchStmt.Value);
                var before = _state.Clone();
                Statement(switchStmt.Body);
                _state = State.Join(before, _state);
                return false;
            }
            case CaseStmt caseStmt:
                if (caseStmt.Value is not null)
                    Expression(caseStmt.Value);
                foreach (var s in caseStmt.Statements)
                {
                    if (Statement(s))
                        return true;
                }
                return false;
            case ReturnStmt returnStmt:
                if (returnStmt.Value is not null)
                    Expression(returnStmt.Value);
                return true;
            case ThrowStmt throwStmt:
                if (throwStmt.Value is not null)
                    Expression(throwStmt.Value);
                return true;
            case JumpStmt:
                return true;
            case LabelStmt label:
                // A label is reached from elsewhere too: what was proven on the way in no longer holds.
                _state.NotTail.Clear();
                _state.NonCompound.Clear();
                return label.Statement is not null && Statement(label.Statement);
            default:
                foreach (var child in ModelWalker.Children(statement))
                {
                    if (child is Stmt s)
                        Statement(s);
                    else if (child is Expr e)
                        Expression(e);
                }
                return false;
        }
    }

    private bool If(IfStmt ifStmt)
    {
        Expression(ifStmt.Condition);
        var whenTrue = _state.Clone();
        var whenFalse = _state.Clone();
        if (!ifStmt.IsPreprocessor)
        {
            Learn(ifStmt.Condition, whenTrue: true, whenTrue);
            Learn(ifStmt.Condition, whenTrue: false, whenFalse);
        }

        _state = whenTrue;
        var thenExits = Statement(ifStmt.Then);
        var afterThen = _state;

        _state = whenFalse;
        var elseExits = ifStmt.Else is not null && Statement(ifStmt.Else);
        var afterElse = _state;

        if (thenExits && elseExits)
        {
            _state = State.Join(afterThen, afterElse);
            return true;
        }
        _state = thenExits ? afterElse : elseExits ? afterThen : State.Join(afterThen, afterElse);
        return false;
    }

    private void Loop(LoopStmt loop)
    {
        if (loop.Initializer is not null)
            Statement(loop.Initializer);
        foreach (var argument in loop.IteratorArguments.IsDefault ? ImmutableArray<Expr>.Empty : loop.IteratorArguments)
            Expression(argument);
        // list_for_each_entry(page, ...) and its kin assign their first argument on every iteration.
        if (loop.Kind == LoopKind.IteratorMacro && !loop.IteratorArguments.IsDefaultOrEmpty && loop.IteratorArguments[0] is NameExpr cursor)
            Forget(cursor.Identifier);

        var before = _state.Clone();
        // A page pointer stepped inside the loop denotes the head, if anything, on the first iteration only.
        foreach (var (name, step) in SteppedPages(loop))
        {
            if (!_state.NonCompound.Contains(name))
            {
                _state.MayBeTail[name] = new TailOrigin(step, $"{name} steps through consecutive struct pages in this loop ({ExprPrinter.Print(step)}): after the first, they are the tail pages of a compound page");
                _state.NotTail.Remove(name);
            }
        }
        if (loop.Kind == LoopKind.DoWhile)
        {
            Statement(loop.Body);
            if (loop.Condition is not null)
                Expression(loop.Condition);
        }
        else
        {
            if (loop.Condition is not null)
                Expression(loop.Condition);
            Statement(loop.Body);
            if (loop.Update is not null)
                Expression(loop.Update);
        }
        _state = State.Join(before, _state);
    }

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

    private void Local(LocalDecl local)
    {
        if (local.Initializer is null)
        {
            Forget(local.Name);
            return;
        }
        Expression(local.Initializer);
        Assign(local.Name, local.Initializer);
    }

    // ------------------------------------------------------------------ expressions

    private void Expression(Expr expression)
    {
        foreach (var node in ModelWalker.DescendantsAndSelf(expression))
        {
            switch (node)
            {
                case AssignExpr { Target: NameExpr target } assign:
                    if (assign.Operator == AssignOperator.Assign)
                        Assign(target.Identifier, assign.Value);
                    else if (assign.Operator is AssignOperator.Add or AssignOperator.Subtract && !Comparisons.IsZero(assign.Value))
                        Step(target.Identifier, assign);
                    break;
                case UnaryExpr { Operator: UnaryOperator.Increment or UnaryOperator.Decrement, Operand: NameExpr operand } step:
                    Step(operand.Identifier, step);
                    break;
                case LocalDecl local:
                    Local(local);
                    break;
                case CallExpr call:
                    Call(call);
                    break;
            }
        }
    }

    private void Call(CallExpr call)
    {
        if (call.CalleeName is { } callee && _knowledge.TailClearing.Contains(callee) && call.Arguments.Length > 0 && Root(call.Arguments[0]) is { } cleared)
        {
            NoLongerTail(cleared, _state);
            return;
        }
        if (_knowledge.WriteOf(call, _pages, _scope) is not { } write || RefcountKnowledge.StoresZero(write))
            return;
        if (Origin(write.Page) is { } origin)
            _matches.Add(new TailPageRefcountWriteMatch(write, origin));
    }

    private void Assign(string name, Expr value)
    {
        // What the value says is judged before the old value goes: p = p + 1 reads p.
        var origin = Origin(value);
        var nonCompound = IsNonCompound(value);
        var notTail = origin is null && value is NameExpr source && _state.NotTail.Contains(source.Identifier);
        Forget(name);
        if (origin is not null)
            _state.MayBeTail[name] = origin;
        if (nonCompound)
            _state.NonCompound.Add(name);
        if (notTail)
            _state.NotTail.Add(name);
    }

    private void Step(string name, Expr step)
    {
        if (!IsPagePointer(name) || _state.NonCompound.Contains(name))
            return;
        _state.NotTail.Remove(name);
        _state.MayBeTail[name] = new TailOrigin(step, $"{ExprPrinter.Print(step)} moves {name} to another struct page, which may be a tail page");
    }

    private void Forget(string name)
    {
        _state.MayBeTail.Remove(name);
        _state.NotTail.Remove(name);
        _state.NonCompound.Remove(name);
    }

    /// <summary>Why <paramref name="page"/> may denote a tail page; null when nothing says it may.</summary>
    private TailOrigin? Origin(Expr page)
    {
        switch (page)
        {
            case CastExpr cast:
                return Origin(cast.Operand);
            case NameExpr name:
                return _state.NotTail.Contains(name.Identifier) ? null : _state.MayBeTail.TryGetValue(name.Identifier, out var known) ? known : null;
            case CallExpr { CalleeName: { } callee } call when _knowledge.IndexedPageLookups.Contains(callee) && call.Arguments.Length >= 2:
            {
                var index = call.Arguments[1];
                if (Comparisons.IsZero(index))
                    return callee == "nth_page" ? Origin(call.Arguments[0]) : null;
                if (IsNonCompound(call.Arguments[0]))
                    return null;
                return new TailOrigin(call, $"{ExprPrinter.Print(call)} is page {ExprPrinter.Print(index)} of {ExprPrinter.Print(call.Arguments[0])}: a tail page unless {ExprPrinter.Print(index)} is 0");
            }
            case CallExpr { CalleeName: { } callee } call when _knowledge.PfnLookups.Contains(callee):
                return new TailOrigin(call, $"{ExprPrinter.Print(call)} is whatever struct page backs a PFN: a tail page of a compound page unless compound_head() or page_folio() is taken");
            case BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract } offset when !Comparisons.IsZero(offset.Right) && IsPageExpression(offset.Left):
                return Offset(page, offset.Left, offset.Right);
            case UnaryExpr { Operator: UnaryOperator.AddressOf, IsPostfix: false, Operand: IndexExpr index }:
                return Origin(index);
            case IndexExpr index when IsPageExpression(index.Target):
                return Comparisons.IsZero(index.Index) ? Origin(index.Target) : Offset(page, index.Target, index.Index);
            case ConditionalExpr conditional:
                return Origin(conditional.WhenTrue) ?? Origin(conditional.WhenFalse);
            default:
                return null;
        }
    }

    private TailOrigin? Offset(Expr page, Expr from, Expr by)
    {
        if (IsNonCompound(from))
            return null;
        return Origin(from) ?? new TailOrigin(page, $"{ExprPrinter.Print(page)} is offset from {ExprPrinter.Print(from)} by {ExprPrinter.Print(by)} struct pages: a tail page when {ExprPrinter.Print(from)} belongs to a compound page");
    }

    /// <summary>Learns what a condition being <paramref name="whenTrue"/> proves about pages.</summary>
    private void Learn(Expr condition, bool whenTrue, State into)
    {
        switch (condition)
        {
            case UnaryExpr { Operator: UnaryOperator.Not, IsPostfix: false } not:
                Learn(not.Operand, !whenTrue, into);
                return;
            case CastExpr cast:
                Learn(cast.Operand, whenTrue, into);
                return;
            case BinaryExpr { Operator: BinaryOperator.LogicalAnd or BinaryOperator.LogicalOr } both when (both.Operator == BinaryOperator.LogicalAnd) == whenTrue:
                Learn(both.Left, whenTrue, into);
                Learn(both.Right, whenTrue, into);
                return;
            case CallExpr { CalleeName: "likely" or "unlikely", Arguments.Length: 1 } hint:
                Learn(hint.Arguments[0], whenTrue, into);
                return;
            case CallExpr { CalleeName: { } isolation, Arguments.Length: >= 1 } call when whenTrue && _knowledge.PageIsolation.Contains(isolation) && Root(call.Arguments[0]) is { } taken:
                NoLongerTail(taken, into);
                return;
            case BinaryExpr { Operator: BinaryOperator.Greater or BinaryOperator.NotEqual } positive when whenTrue && Comparisons.IsZero(positive.Right) && positive.Left is CallExpr:
                Learn(positive.Left, whenTrue, into);
                return;
            case CallExpr { CalleeName: { } test, Arguments.Length: >= 1 } call when !whenTrue && _knowledge.CompoundTests.Contains(test) && Root(call.Arguments[0]) is { } page:
                into.NonCompound.Add(page);
                return;
        }
    }

    private static void NoLongerTail(string page, State into)
    {
        into.MayBeTail.Remove(page);
        into.NotTail.Add(page);
    }

    private bool IsNonCompound(Expr e) => Root(e) is { } name && _state.NonCompound.Contains(name);

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
    private bool IsPageExpression(Expr e)
    {
        if (e is NameExpr name)
        {
            if (_state.MayBeTail.ContainsKey(name.Identifier))
                return true;
            return _scope.TypeOf(name.Identifier) is { RecordTag: "page" } type
                && (type.PointerDepth == 1 && !type.IsArray || type.PointerDepth == 0 && type.IsArray);
        }
        return _pages.Classify(e, _scope) == PageObject.Page;
    }

    private bool IsPagePointer(string name) =>
        _scope.TypeOf(name) is { PointerDepth: 1 } type && type.RecordTag == "page" && !type.IsArray;
}
