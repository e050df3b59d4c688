using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Model;

namespace Folint.Analyzer.Rules.Flags;

/// <summary>What one function knows about a page or folio at a point of its body.</summary>
public enum ObjectState
{
    /// <summary>Nothing known: a parameter, or a folio found in a list or a page table.</summary>
    Unknown,

    /// <summary>Obtained from an allocator here and not yet published: nobody else can see it.</summary>
    Fresh,

    /// <summary>Added to the page cache, swap cache or LRU, rmapped, mapped, unfrozen, or handed to code that may do so.</summary>
    Published,

    /// <summary>Refcount frozen by this function (<c>folio_ref_freeze()</c> succeeded) and not unfrozen yet.</summary>
    Frozen,

    /// <summary>This function dropped the last reference (<c>folio_put_testzero()</c> was true): the object is being freed.</summary>
    RefcountZero,

    /// <summary>The variable holds NULL here (assigned, or tested): there is no object, so it joins as nothing.</summary>
    Null,
}

public static class ObjectStates
{
    public static bool IsExclusive(ObjectState state) => state is ObjectState.Fresh or ObjectState.Frozen or ObjectState.RefcountZero or ObjectState.Null;

    public static ObjectState Join(ObjectState a, ObjectState b)
    {
        if (a == b || b == ObjectState.Null)
            return a;
        if (a == ObjectState.Null)
            return b;
        if (IsExclusive(a) && IsExclusive(b))
            return a == ObjectState.Frozen || b == ObjectState.Frozen ? ObjectState.Frozen : ObjectState.RefcountZero;
        return a == ObjectState.Published || b == ObjectState.Published ? ObjectState.Published : ObjectState.Unknown;
    }
}

/// <summary>The facts at one point: variables to the objects they hold, object states, pending tests, locks held.</summary>
public sealed record FlowState(
    ImmutableDictionary<string, string> Alias,
    ImmutableDictionary<string, ObjectState> Objects,
    ImmutableDictionary<string, (string Object, ObjectState IfNonZero, ObjectState IfZero)> Facts,
    ImmutableDictionary<string, LockHeld> Locks)
{
    public static readonly FlowState Entry = new(
        ImmutableDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableDictionary<string, ObjectState>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableDictionary<string, (string, ObjectState, ObjectState)>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableDictionary<string, LockHeld>.Empty.WithComparers(StringComparer.Ordinal));

    public string ObjectOf(string variable) => Alias.TryGetValue(variable, out var id) ? id : variable;

    public ObjectState StateOf(string variable) => Objects.TryGetValue(ObjectOf(variable), out var state) ? state : ObjectState.Unknown;

    public FlowState With(string @object, ObjectState state) => this with { Objects = Objects.SetItem(@object, state) };

    public static FlowState? Join(FlowState? a, FlowState? b)
    {
        if (a is null)
            return b;
        if (b is null || ReferenceEquals(a, b))
            return a;
        var alias = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var objects = ImmutableDictionary.CreateBuilder<string, ObjectState>(StringComparer.Ordinal);
        foreach (var key in a.Objects.Keys.Union(b.Objects.Keys))
        {
            var joined = ObjectStates.Join(a.Objects.TryGetValue(key, out var x) ? x : ObjectState.Unknown, b.Objects.TryGetValue(key, out var y) ? y : ObjectState.Unknown);
            if (joined != ObjectState.Unknown)
                objects[key] = joined;
        }
        foreach (var variable in a.Alias.Keys.Union(b.Alias.Keys))
        {
            var left = a.ObjectOf(variable);
            var right = b.ObjectOf(variable);
            if (left == right)
            {
                alias[variable] = left;
                continue;
            }
            // the variable holds different objects on the two paths (allocated at two sites): one merged object
            var merged = variable + "@join";
            alias[variable] = merged;
            var state = ObjectStates.Join(a.StateOf(variable), b.StateOf(variable));
            if (state == ObjectState.Unknown)
                objects.Remove(merged);
            else
                objects[merged] = state;
        }
        var facts = a.Facts.Where(p => b.Facts.TryGetValue(p.Key, out var other) && other.Equals(p.Value)).ToImmutableDictionary(StringComparer.Ordinal);
        var locks = a.Locks.Where(p => b.Locks.ContainsKey(p.Key)).ToImmutableDictionary(StringComparer.Ordinal);
        return new FlowState(alias.ToImmutable(), objects.ToImmutable(), facts, locks);
    }
}

/// <summary>A lock held at a point: how to name it, and where it was taken.</summary>
public sealed record LockHeld(string Text, TextSpan TakenAt);

/// <summary>How the flow treats calls it meets (the rule answers from phases.yaml and the program index).</summary>
public interface IFlowCalls
{
    /// <summary>The callee returns an object nobody else can see yet (an allocator).</summary>
    bool ReturnsFresh(string callee);

    /// <summary>The callee stores a fresh object through its pointer parameter with this index, or -1.</summary>
    int FreshOutParameter(string callee);

    /// <summary>Passing an object as argument <paramref name="argument"/> may make it visible to other CPUs.</summary>
    bool MayPublish(string callee, int argument);

    /// <summary>Every caller of <paramref name="function"/> hands over, through this parameter, an object it holds exclusively.</summary>
    bool ParameterHoldsExclusive(FunctionDef function, int parameter);
}

/// <summary>
/// A forward walk of one function body that tracks, for every page or folio variable, whether this function holds
/// it exclusively: allocated and not yet published, refcount frozen, or refcount dropped to zero. It also tracks the
/// locks held. Branches join conservatively (exclusive only when exclusive on every path), loops are walked until
/// their head is stable (twice), gotos carry their state to their label (the body is walked twice for backward ones).
/// </summary>
public sealed class ObjectFlow
{
    private readonly FlagVocabulary _vocabulary;
    private readonly PageExpressions _context;
    private readonly IFlowCalls _calls;
    private readonly Dictionary<Node, FlowState> _sites = new(NodeIdentity.Instance);
    private readonly Dictionary<string, FlowState> _labels = new(StringComparer.Ordinal);
    private readonly Stack<List<FlowState>> _breaks = new();
    private readonly Stack<List<FlowState>> _continues = new();
    private readonly List<FlowState> _returns = new();

    public ObjectFlow(FlagVocabulary vocabulary, PageExpressions context, IFlowCalls calls)
    {
        _vocabulary = vocabulary;
        _context = context;
        _calls = calls;
    }

    /// <summary>The state before each call and each assignment of the body (after its operands were evaluated).</summary>
    public IReadOnlyDictionary<Node, FlowState> Run()
    {
        for (var pass = 0; pass < 2; pass++)
        {
            _sites.Clear();
            _returns.Clear();
            _returnValues.Clear();
            Exec(_context.Function.Body, FlowState.Entry);
        }
        return _sites;
    }

    /// <summary>States at the function's returns, with the value returned (for "returns a fresh object").</summary>
    public IReadOnlyList<FlowState> Returns => _returns;

    private readonly List<(ReturnStmt Statement, FlowState State)> _returnValues = new();

    public IReadOnlyList<(ReturnStmt Statement, FlowState State)> ReturnValues => _returnValues;

    private FlowState? Exec(Stmt? statement, FlowState? state)
    {
        // a label is reached by its gotos even when the code before it cannot fall through
        if (statement is LabelStmt labelStmt)
            return Exec(labelStmt.Statement, FlowState.Join(state, _labels.TryGetValue(labelStmt.Label, out var atLabel) ? atLabel : null));
        if (statement is BlockStmt || statement is CaseStmt)
        {
            var statements = statement is BlockStmt b ? b.Statements : ((CaseStmt)statement).Statements;
            foreach (var s in statements)
                state = Exec(s, state);
            return state;
        }
        if (statement is null || state is null)
            return state;
        switch (statement)
        {
            case ExprStmt e:
                return Eval(e.Expression, state);
            case DeclStmt declaration:
                foreach (var local in declaration.Locals)
                {
                    if (local.Initializer is not null)
                    {
                        state = Eval(local.Initializer, state);
                        state = Assign(local.Name, local.Initializer, local.Initializer.Span, state);
                    }
                    else
                    {
                        state = Forget(local.Name, local.Span, state);
                    }
                }
                return state;
            case IfStmt ifStmt:
            {
                var (whenTrue, whenFalse) = Cond(ifStmt.Condition, state);
                var thenOut = Exec(ifStmt.Then, whenTrue);
                var elseOut = ifStmt.Else is null ? whenFalse : Exec(ifStmt.Else, whenFalse);
                return FlowState.Join(thenOut, elseOut);
            }
            case LoopStmt loop:
                return Loop(loop, state);
            case SwitchStmt switchStmt:
            {
                var entry = Eval(switchStmt.Value, state);
                _breaks.Push(new List<FlowState>());
                FlowState? fallthrough = null;
                var hasDefault = false;
                var cases = switchStmt.Body is BlockStmt body ? body.Statements : ImmutableArray.Create(switchStmt.Body);
                foreach (var item in cases)
                {
                    if (item is CaseStmt caseStmt)
                    {
                        hasDefault |= caseStmt.Value is null;
                        var current = FlowState.Join(entry, fallthrough);
                        foreach (var s in caseStmt.Statements)
                            current = Exec(s, current);
                        fallthrough = current;
                    }
                    else
                    {
                        fallthrough = Exec(item, fallthrough);
                    }
                }
                var exit = fallthrough;
                foreach (var b in _breaks.Pop())
                    exit = FlowState.Join(exit, b);
                return hasDefault ? exit : FlowState.Join(exit, entry);
            }
            case ReturnStmt returnStmt:
            {
                var after = returnStmt.Value is null ? state : Eval(returnStmt.Value, state);
                if (after is not null)
                {
                    _returns.Add(after);
                    _returnValues.Add((returnStmt, after));
                }
                return null;
            }
            case JumpStmt { Kind: JumpKind.Goto, Label: { } label }:
                _labels[label] = FlowState.Join(_labels.TryGetValue(label, out var known) ? known : null, state)!;
                return null;
            case JumpStmt { Kind: JumpKind.Break }:
                if (_breaks.Count > 0)
                    _breaks.Peek().Add(state);
                return null;
            case JumpStmt { Kind: JumpKind.Continue }:
                if (_continues.Count > 0)
                    _continues.Peek().Add(state);
                return null;
            case OpaqueStmt opaque:
                foreach (var child in opaque.Children)
                {
                    state = child switch
                    {
                        Expr e when state is not null => Eval(e, state),
                        Stmt s => Exec(s, state),
                        _ => state,
                    };
                }
                return state;
            default:
                return state;
        }
    }

    private FlowState? Loop(LoopStmt loop, FlowState state)
    {
        FlowState? current = Exec(loop.Initializer, state);
        foreach (var argument in loop.IteratorArguments.IsDefault ? ImmutableArray<Expr>.Empty : loop.IteratorArguments)
            current = current is null ? null : Eval(argument, current);
        if (current is null)
            return null;
        FlowState? head = current;
        FlowState? exit = null;
        for (var iteration = 0; iteration < 2 && head is not null; iteration++)
        {
            _breaks.Push(new List<FlowState>());
            _continues.Push(new List<FlowState>());
            FlowState? enter;
            FlowState? leave;
            if (loop.Kind == LoopKind.DoWhile)
            {
                enter = head;
                leave = null;
            }
            else if (loop.Condition is null)
            {
                enter = head;
                // iterator macros end when the list does; `for (;;)` only through break
                leave = loop.Kind == LoopKind.IteratorMacro ? head : null;
            }
            else
            {
                (enter, leave) = Cond(loop.Condition, head);
            }
            var bodyOut = Exec(loop.Body, enter);
            foreach (var c in _continues.Pop())
                bodyOut = FlowState.Join(bodyOut, c);
            if (loop.Kind == LoopKind.DoWhile && loop.Condition is not null && bodyOut is not null)
            {
                var (again, done) = Cond(loop.Condition, bodyOut);
                leave = done;
                bodyOut = again;
            }
            if (loop.Update is not null && bodyOut is not null)
                bodyOut = Eval(loop.Update, bodyOut);
            exit = leave;
            foreach (var b in _breaks.Pop())
                exit = FlowState.Join(exit, b);
            head = FlowState.Join(current, bodyOut);
        }
        return exit;
    }

    /// <summary>The states when a condition is true and when it is false.</summary>
    private (FlowState? True, FlowState? False) Cond(Expr condition, FlowState state)
    {
        switch (condition)
        {
            case UnaryExpr { Operator: UnaryOperator.Not } not:
            {
                var (t, f) = Cond(not.Operand, state);
                return (f, t);
            }
            case BinaryExpr { Operator: BinaryOperator.LogicalAnd } and:
            {
                var (lt, lf) = Cond(and.Left, state);
                if (lt is null)
                    return (null, lf);
                var (rt, rf) = Cond(and.Right, lt);
                return (rt, FlowState.Join(lf, rf));
            }
            case BinaryExpr { Operator: BinaryOperator.LogicalOr } or:
            {
                var (lt, lf) = Cond(or.Left, state);
                if (lf is null)
                    return (lt, null);
                var (rt, rf) = Cond(or.Right, lf);
                return (FlowState.Join(lt, rt), rf);
            }
            case BinaryExpr { Operator: BinaryOperator.NotEqual or BinaryOperator.Less or BinaryOperator.Greater } compare when IsZero(compare.Right):
                return Cond(compare.Left, state);
            case BinaryExpr { Operator: BinaryOperator.Equal } equals when IsZero(equals.Right):
            {
                var (t, f) = Cond(equals.Left, state);
                return (f, t);
            }
            case CallExpr { CalleeName: { } wrapper } call when _vocabulary.ConditionWrappers.Contains(wrapper) && call.Arguments.Length == 1:
                return Cond(call.Arguments[0], state);
            case CallExpr { CalleeName: { } callee } call when call.Arguments.Length > 0 && TestedObject(callee, call, state) is { } tested:
            {
                var after = EvalArguments(call, state);
                Record(call, after);
                var before = after.StateOf(tested.Variable);
                var @object = after.ObjectOf(tested.Variable);
                return (after.With(@object, tested.IfNonZero ?? before), after.With(@object, tested.IfZero ?? before));
            }
            case NameExpr name when state.Facts.TryGetValue(name.Identifier, out var fact):
                return (state.With(fact.Object, fact.IfNonZero), state.With(fact.Object, fact.IfZero));
            case NameExpr name when _context.IsPageOrFolio(name.Identifier):
                // `if (!folio)`: on the false side there is no object at all
                return (state, state.With(state.ObjectOf(name.Identifier), ObjectState.Null));
            default:
            {
                var after = Eval(condition, state);
                return (after, after);
            }
        }
    }

    /// <summary>
    /// A call whose result says something about an object: a refcount freeze (true: frozen), a put that drops the
    /// last reference (true: being freed), a publication that returns an error (non-zero: not published).
    /// </summary>
    private (string Variable, ObjectState? IfNonZero, ObjectState? IfZero)? TestedObject(string callee, CallExpr call, FlowState state)
    {
        if (_context.PageNoAlias(call.Arguments[0]) is not { } page)
            return null;
        if (_vocabulary.RefcountFreeze.Contains(callee))
            return (page.Root, ObjectState.Frozen, null);
        if (_vocabulary.RefcountDropsToZero.Contains(callee))
            return (page.Root, ObjectState.RefcountZero, null);
        if (_vocabulary.PublicationPoints.Contains(callee))
        {
            foreach (var argument in call.Arguments)
            {
                if (_context.PageNoAlias(argument) is { } published && ObjectStates.IsExclusive(state.StateOf(published.Root)))
                    return (published.Root, null, ObjectState.Published);
            }
        }
        return null;
    }

    private static string? BaseVariable(Expr target) => target switch
    {
        NameExpr name => name.Identifier,
        MemberExpr member => BaseVariable(member.Target),
        IndexExpr index => BaseVariable(index.Target),
        UnaryExpr { Operator: UnaryOperator.Dereference } deref => BaseVariable(deref.Operand),
        _ => null,
    };

    private static bool IsZero(Expr expression) => expression is LiteralExpr { Text: "0" } or NameExpr { Identifier: "NULL" };

    private FlowState EvalArguments(CallExpr call, FlowState state)
    {
        foreach (var argument in call.Arguments)
            state = Eval(argument, state);
        return state;
    }

    private FlowState Eval(Expr expression, FlowState state)
    {
        switch (expression)
        {
            case CallExpr call:
            {
                state = EvalArguments(call, state);
                if (call.CalleeName is null)
                    state = Eval(call.Callee, state);
                Record(call, state);
                return call.CalleeName is { } callee ? Call(callee, call, state) : EscapeArguments(null, call, state);
            }
            case AssignExpr assign:
            {
                state = Eval(assign.Value, state);
                if (assign.Target is not NameExpr)
                    state = Eval(assign.Target, state);
                Record(assign, state);
                if (assign.Target is NameExpr { Identifier: var name } && assign.Operator == AssignOperator.Assign)
                    return Assign(name, assign.Value, assign.Span, state);
                // storing a fresh object anywhere but a local (or an operation's private context) makes it reachable
                if (assign.Operator == AssignOperator.Assign && _context.PageNoAlias(assign.Value) is { } stored && state.StateOf(stored.Root) == ObjectState.Fresh
                    && !(BaseVariable(assign.Target) is { } holder && _context.RecordTagOf(holder) is { } tag && _vocabulary.PrivateStructTypes.Contains(tag)))
                    return state.With(state.ObjectOf(stored.Root), ObjectState.Published);
                return state;
            }
            case ConditionalExpr conditional:
            {
                var (t, f) = Cond(conditional.Condition, state);
                var whenTrue = t is null || ReferenceEquals(conditional.WhenTrue, conditional.Condition) ? t : Eval(conditional.WhenTrue, t);
                var whenFalse = f is null ? null : Eval(conditional.WhenFalse, f);
                return FlowState.Join(whenTrue, whenFalse) ?? state;
            }
            case BinaryExpr { Operator: BinaryOperator.LogicalAnd or BinaryOperator.LogicalOr }:
            {
                var (t, f) = Cond(expression, state);
                return FlowState.Join(t, f) ?? state;
            }
            case StatementExpr statementExpr:
                return Exec(statementExpr.Body, state) ?? state;
            default:
                foreach (var child in ModelWalker.Children(expression))
                {
                    if (child is Expr e)
                        state = Eval(e, state);
                }
                return state;
        }
    }

    private FlowState Call(string callee, CallExpr call, FlowState state)
    {
        if (_vocabulary.LockAcquire.Contains(callee) && call.Arguments.Length > 0)
        {
            var key = LockKey(call.Arguments[0]);
            return state with { Locks = state.Locks.SetItem(key, new LockHeld(LockText(callee, call.Arguments[0]), call.Span)) };
        }
        if (_vocabulary.LockRelease.Contains(callee) && call.Arguments.Length > 0)
            return state with { Locks = state.Locks.Remove(LockKey(call.Arguments[0])) };
        if (_vocabulary.RefcountUnfreeze.Contains(callee) && call.Arguments.Length > 0 && _context.PageNoAlias(call.Arguments[0]) is { } unfrozen)
            return state.With(state.ObjectOf(unfrozen.Root), ObjectState.Published);
        if (_vocabulary.PublicationPoints.Contains(callee))
        {
            foreach (var argument in call.Arguments)
            {
                if (_context.PageNoAlias(argument) is { } page && state.Objects.ContainsKey(state.ObjectOf(page.Root)))
                    state = state.With(state.ObjectOf(page.Root), ObjectState.Published);
            }
            return state;
        }
        var outParameter = _calls.FreshOutParameter(callee);
        if (outParameter >= 0 && outParameter < call.Arguments.Length && call.Arguments[outParameter] is UnaryExpr { Operator: UnaryOperator.AddressOf, Operand: NameExpr target })
            state = Fresh(target.Identifier, call.Span, state);
        return EscapeArguments(callee, call, state);
    }

    /// <summary>Arguments that are fresh objects and go to a callee that may publish them are published.</summary>
    private FlowState EscapeArguments(string? callee, CallExpr call, FlowState state)
    {
        for (var i = 0; i < call.Arguments.Length; i++)
        {
            if (_context.PageNoAlias(call.Arguments[i]) is not { } page)
                continue;
            if (state.StateOf(page.Root) != ObjectState.Fresh)
                continue;
            if (callee is null || _calls.MayPublish(callee, i))
                state = state.With(state.ObjectOf(page.Root), ObjectState.Published);
        }
        return state;
    }

    private FlowState Assign(string variable, Expr value, TextSpan at, FlowState state)
    {
        var stripped = value;
        while (stripped is CastExpr cast)
            stripped = cast.Operand;
        state = state with { Facts = state.Facts.Remove(variable) };
        if (stripped is CallExpr { CalleeName: { } callee } call)
        {
            if (_calls.ReturnsFresh(callee))
                return Fresh(variable, at, state);
            if (call.Arguments.Length > 0 && TestedObject(callee, call, state) is { } tested)
            {
                var @object = state.ObjectOf(tested.Variable);
                var before = state.StateOf(tested.Variable);
                var fact = (@object, tested.IfNonZero ?? before, tested.IfZero ?? before);
                // untested, the call is taken to have succeeded: published, or (for a freeze) not known to be frozen
                var assumed = tested.IfZero == ObjectState.Published ? ObjectState.Published : before;
                state = state.With(@object, assumed);
                return state with
                {
                    Facts = state.Facts.SetItem(variable, fact),
                    Alias = state.Alias.Remove(variable),
                };
            }
        }
        if (!_context.IsPageOrFolio(variable) && !state.Alias.ContainsKey(variable))
            return state;
        // `folio = *foliop` with foliop a parameter through which every caller hands over an object it holds exclusively
        if (stripped is UnaryExpr { Operator: UnaryOperator.Dereference, Operand: NameExpr pointer }
            && _context.ParameterIndex(pointer.Identifier) is var pointerIndex && pointerIndex >= 0
            && _calls.ParameterHoldsExclusive(_context.Function, pointerIndex))
            return Fresh(variable, at, state);
        if (stripped is NameExpr { Identifier: "NULL" } || stripped is LiteralExpr { Text: "0" })
        {
            var id = variable + "@" + at.Start.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return state with { Alias = state.Alias.SetItem(variable, id), Objects = state.Objects.SetItem(id, ObjectState.Null) };
        }
        // folio = page_folio(page), page = &folio->page, head = compound_head(page): one object, one refcount
        if (_context.PageNoAlias(stripped) is { } page && page.Root != variable && stripped is not NameExpr { Identifier: "NULL" })
            return state with { Alias = state.Alias.SetItem(variable, state.ObjectOf(page.Root)) };
        return Forget(variable, at, state);
    }

    private static FlowState Fresh(string variable, TextSpan at, FlowState state)
    {
        var id = variable + "@" + at.Start.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return state with { Alias = state.Alias.SetItem(variable, id), Objects = state.Objects.SetItem(id, ObjectState.Fresh) };
    }

    private static FlowState Forget(string variable, TextSpan at, FlowState state) =>
        state.Alias.ContainsKey(variable) || state.Objects.ContainsKey(variable)
            ? state with { Alias = state.Alias.SetItem(variable, variable + "@" + at.Start.ToString(System.Globalization.CultureInfo.InvariantCulture)) }
            : state;

    private void Record(Node node, FlowState state) =>
        _sites[node] = _sites.TryGetValue(node, out var known) ? FlowState.Join(known, state)! : state;

    private static string LockKey(Expr argument) => ExprPrinter.Print(argument is UnaryExpr { Operator: UnaryOperator.AddressOf } address ? address.Operand : argument);

    private static string LockText(string callee, Expr argument) =>
        argument is UnaryExpr { Operator: UnaryOperator.AddressOf } address ? ExprPrinter.Print(address.Operand) : callee + "(" + ExprPrinter.Print(argument) + ")";

}
