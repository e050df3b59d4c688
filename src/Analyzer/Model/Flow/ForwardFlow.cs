using System.Collections.Generic;
using System.Collections.Immutable;
using Folint.Analyzer.Model;
using Folint.Analyzer.Shapes;

namespace Folint.Analyzer.Flow;

/// <summary>What a forward flow found: the states it kept before observed nodes, at each return, and at the end of the body.</summary>
public sealed class FlowResult<TState>
    where TState : class
{
    internal FlowResult(IReadOnlyDictionary<Node, TState> before, ImmutableArray<(Stmt Statement, TState State)> exits, TState? fallsOff, int passes)
    {
        Before = before;
        Exits = exits;
        FallsOff = fallsOff;
        Passes = passes;
    }

    /// <summary>The state before each node the analysis observes (after its operands), joined over every time the node was reached.</summary>
    public IReadOnlyDictionary<Node, TState> Before { get; }

    /// <summary>Each <c>return</c> (or C# <c>throw</c>) reached, with the state after its value was evaluated.</summary>
    public ImmutableArray<(Stmt Statement, TState State)> Exits { get; }

    /// <summary>The state where control runs off the end of the body; null when it cannot.</summary>
    public TState? FallsOff { get; }

    /// <summary>How many times the whole body was walked before every label settled (1 without backward gotos).</summary>
    public int Passes { get; }

    public TState? StateBefore(Node node) => Before.TryGetValue(node, out var state) ? state : null;
}

/// <summary>
/// The one forward traversal of a lowered body for every dataflow analysis (<see cref="ForwardAnalysis{TState}"/>).
/// Statements in order; an <c>if</c> splits the state by its condition and joins both branches; a loop is walked
/// until the state at its head includes what its back edges bring (joined; widened after <see cref="WidenAfter"/>
/// rounds), with <c>break</c> states joined at its exit and <c>continue</c> states at its latch; a <c>switch</c>
/// enters every case from the value and from the case before it (fallthrough), and leaves through its breaks, the
/// end of the last case and, without a default, the value itself; a <c>goto</c> carries its state to its label,
/// where it is joined with the code falling into it, and the whole body is walked again until every label settled
/// (backward gotos: retry loops). <c>&amp;&amp;</c>, <c>||</c> and <c>?:</c> are control flow too, in conditions and
/// in values. A <c>return</c> ends its path.
/// </summary>
public sealed class ForwardFlow<TState>
    where TState : class
{
    /// <summary>Rounds at a loop head (or passes over the body) that join before the analysis widens.</summary>
    public const int WidenAfter = 3;

    /// <summary>Rounds after which the flow stops at whatever it has (a safety net; finite lattices settle long before).</summary>
    public const int MaxRounds = 12;

    private readonly ForwardAnalysis<TState> _analysis;
    private readonly Dictionary<Node, TState> _before = new(NodeIdentity.Instance);
    private readonly Dictionary<string, TState> _labels = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, TState?> _labelsUsed = new(System.StringComparer.Ordinal);
    private readonly Dictionary<Stmt, bool> _holdsLabel = new(NodeIdentity.Instance);
    private readonly Stack<List<TState>> _breaks = new();
    private readonly Stack<List<TState>> _continues = new();
    private readonly ImmutableArray<(Stmt, TState)>.Builder _exits = ImmutableArray.CreateBuilder<(Stmt, TState)>();
    private int _passes;

    private ForwardFlow(ForwardAnalysis<TState> analysis)
    {
        _analysis = analysis;
    }

    /// <summary>Runs <paramref name="analysis"/> over <paramref name="body"/> from <paramref name="entry"/>.</summary>
    public static FlowResult<TState> Run(BlockStmt body, TState entry, ForwardAnalysis<TState> analysis)
    {
        var flow = new ForwardFlow<TState>(analysis);
        TState? fallsOff;
        while (true)
        {
            flow._passes++;
            flow._before.Clear();
            flow._exits.Clear();
            flow._labelsUsed.Clear();
            fallsOff = flow.Execute(body, entry);
            if (flow.LabelsSettled() || flow._passes >= MaxRounds)
                break;
        }
        return new FlowResult<TState>(flow._before, flow._exits.ToImmutable(), fallsOff, flow._passes);
    }

    /// <summary>Every label was entered with everything its gotos carry (a backward goto added nothing after the label was walked).</summary>
    private bool LabelsSettled()
    {
        foreach (var pair in _labels)
        {
            if (!_labelsUsed.TryGetValue(pair.Key, out var used))
                continue; // a label the walk never reached (its goto is in dead code or it does not exist)
            if (used is null || !_analysis.Includes(used, pair.Value))
                return false;
        }
        return true;
    }

    private static TState? Join(ForwardAnalysis<TState> analysis, TState? left, TState? right)
    {
        if (left is null)
            return right;
        if (right is null || ReferenceEquals(left, right))
            return left;
        return analysis.Join(left, right);
    }

    /// <summary>The join of two possibly unreachable states.</summary>
    public TState? Join(TState? left, TState? right) => Join(_analysis, left, right);

    // ------------------------------------------------------------------ statements

    /// <summary>The state after <paramref name="statement"/>; null when control cannot continue after it.</summary>
    public TState? Execute(Stmt? statement, TState? state)
    {
        if (statement is null)
            return state;
        // Unreachable code is walked only for the labels in it, which gotos reach.
        if (state is null && !HoldsLabel(statement))
            return null;
        switch (statement)
        {
            case BlockStmt block:
                foreach (var s in block.Statements)
                    state = Execute(s, state);
                return state;
            case CaseStmt caseStmt:
                // a case label outside a switch's own list (Duff's device): its statements in order
                foreach (var s in caseStmt.Statements)
                    state = Execute(s, state);
                return state;
            case LabelStmt label:
            {
                _labels.TryGetValue(label.Label, out var carried);
                _labelsUsed[label.Label] = carried;
                return Execute(label.Statement, Join(state, carried));
            }
            case ExprStmt expression:
                return Evaluate(expression.Expression, state);
            case DeclStmt declaration:
                foreach (var local in declaration.Locals)
                {
                    if (local.Initializer is not null)
                        state = Evaluate(local.Initializer, state);
                    state = state is null ? null : _analysis.Declare(local, state);
                }
                return state;
            case IfStmt ifStmt:
            {
                TState? whenTrue, whenFalse;
                if (ifStmt.IsPreprocessor)
                {
                    // #if/#ifdef: either branch may be the one compiled; the condition says nothing about values
                    whenTrue = whenFalse = Evaluate(ifStmt.Condition, state);
                }
                else
                {
                    (whenTrue, whenFalse) = Condition(ifStmt.Condition, state);
                }
                var thenOut = Execute(ifStmt.Then, whenTrue);
                var elseOut = ifStmt.Else is null ? whenFalse : Execute(ifStmt.Else, whenFalse);
                return Join(thenOut, elseOut);
            }
            case LoopStmt loop:
                return Loop(loop, state);
            case SwitchStmt switchStmt:
                return Switch(switchStmt, state);
            case ReturnStmt returnStmt:
            {
                var after = returnStmt.Value is null ? state : Evaluate(returnStmt.Value, state);
                if (after is not null)
                    _exits.Add((returnStmt, after));
                return null;
            }
            case ThrowStmt throwStmt:
            {
                var after = throwStmt.Value is null ? state : Evaluate(throwStmt.Value, state);
                if (after is not null)
                    _exits.Add((throwStmt, after));
                return null;
            }
            case JumpStmt { Kind: JumpKind.Goto, Label: { } target }:
                if (state is not null)
                {
                    _labels.TryGetValue(target, out var known);
                    var joined = Join(known, state)!;
                    _labels[target] = known is not null && _passes > WidenAfter ? _analysis.Widen(known, joined) : joined;
                }
                return null;
            case JumpStmt { Kind: JumpKind.Break }:
                if (state is not null && _breaks.Count > 0)
                    _breaks.Peek().Add(state);
                return null;
            case JumpStmt { Kind: JumpKind.Continue }:
                if (state is not null && _continues.Count > 0)
                    _continues.Peek().Add(state);
                return null;
            case JumpStmt:
                return null;
            case OpaqueStmt opaque:
                foreach (var child in opaque.Children)
                {
                    state = child switch
                    {
                        Expr e => Evaluate(e, state),
                        Stmt s => Execute(s, state),
                        _ => state,
                    };
                }
                return state;
            default:
                return state;
        }
    }

    private TState? Loop(LoopStmt loop, TState? state)
    {
        var entry = Execute(loop.Initializer, state);
        if (!loop.IteratorArguments.IsDefault)
        {
            foreach (var argument in loop.IteratorArguments)
                entry = Evaluate(argument, entry);
        }
        if (entry is null && !HoldsLabel(loop.Body))
            return null;
        if (entry is not null)
            entry = _analysis.EnterLoop(loop, entry);

        var head = entry;
        TState? exit = null;
        for (var round = 1; ; round++)
        {
            var atHead = head is null ? null : _analysis.LoopHead(loop, head);
            TState? enter, leave;
            if (loop.Kind == LoopKind.DoWhile)
            {
                enter = atHead;
                leave = null;
            }
            else if (loop.Condition is null)
            {
                enter = atHead;
                // an iterator macro ends when its list does; for (;;) only through break, return or goto
                leave = loop.Kind == LoopKind.IteratorMacro ? atHead : null;
            }
            else
            {
                (enter, leave) = Condition(loop.Condition, atHead);
            }

            _breaks.Push(new List<TState>());
            _continues.Push(new List<TState>());
            var latch = Execute(loop.Body, enter);
            foreach (var continued in _continues.Pop())
                latch = Join(latch, continued);
            if (loop.Kind == LoopKind.DoWhile && loop.Condition is not null)
            {
                var (again, done) = Condition(loop.Condition, latch);
                leave = done;
                latch = again;
            }
            if (loop.Update is not null)
                latch = Evaluate(loop.Update, latch);
            exit = leave;
            foreach (var broken in _breaks.Pop())
                exit = Join(exit, broken);

            // the head of the next round: the entry and what comes back
            if (latch is null || head is not null && _analysis.Includes(head, latch))
                return exit;
            if (round >= MaxRounds)
                return exit;
            var next = Join(head, latch)!;
            head = head is not null && round >= WidenAfter ? _analysis.Widen(head, next) : next;
        }
    }

    private TState? Switch(SwitchStmt switchStmt, TState? state)
    {
        var entry = Evaluate(switchStmt.Value, state);
        _breaks.Push(new List<TState>());
        TState? fallthrough = null;
        var hasDefault = false;
        var items = switchStmt.Body is BlockStmt body ? body.Statements : ImmutableArray.Create(switchStmt.Body);
        foreach (var item in items)
        {
            if (item is CaseStmt caseStmt)
            {
                hasDefault |= caseStmt.Value is null;
                // a case is entered from the switch value and from the case before it falling through
                var current = Join(entry, fallthrough);
                if (caseStmt.Value is not null && current is not null)
                    current = Evaluate(caseStmt.Value, current);
                foreach (var s in caseStmt.Statements)
                    current = Execute(s, current);
                fallthrough = current;
            }
            else
            {
                // code before the first case runs only through a label in it
                fallthrough = Execute(item, fallthrough);
            }
        }
        var exit = fallthrough;
        foreach (var broken in _breaks.Pop())
            exit = Join(exit, broken);
        return hasDefault ? exit : Join(exit, entry);
    }

    private bool HoldsLabel(Stmt statement)
    {
        if (statement is LabelStmt)
            return true;
        if (statement is ExprStmt or DeclStmt or JumpStmt or ReturnStmt or ThrowStmt)
            return false;
        if (_holdsLabel.TryGetValue(statement, out var known))
            return known;
        var found = false;
        foreach (var node in ModelWalker.Descendants(statement))
        {
            if (node is LabelStmt)
            {
                found = true;
                break;
            }
        }
        _holdsLabel[statement] = found;
        return found;
    }

    // ------------------------------------------------------------------ expressions

    /// <summary>
    /// The state after evaluating <paramref name="expression"/>: its operands in order (a call's arguments before its
    /// callee, an assignment's value before its target), then the analysis's transfer of the node itself.
    /// </summary>
    public TState? Evaluate(Expr expression, TState? state)
    {
        if (state is null)
            return null;
        switch (expression)
        {
            case BinaryExpr { Operator: BinaryOperator.LogicalAnd or BinaryOperator.LogicalOr }:
            {
                var (whenTrue, whenFalse) = Condition(expression, state);
                return Join(whenTrue, whenFalse);
            }
            case ConditionalExpr conditional:
            {
                var (whenTrue, whenFalse) = Condition(conditional.Condition, state);
                // GNU `a ?: b`: the condition is the value when true
                var valueTrue = ReferenceEquals(conditional.WhenTrue, conditional.Condition) ? whenTrue : Evaluate(conditional.WhenTrue, whenTrue);
                return Join(valueTrue, Evaluate(conditional.WhenFalse, whenFalse));
            }
            case StatementExpr statementExpr:
                return Execute(statementExpr.Body, state);
            default:
                return Transfer(expression, EvaluateOperands(expression, state));
        }
    }

    /// <summary>The state after the operands of <paramref name="expression"/>, without the node's own transfer.</summary>
    public TState? EvaluateOperands(Expr expression, TState? state)
    {
        switch (expression)
        {
            case AssignExpr assign:
                state = Evaluate(assign.Value, state);
                // a plain name being assigned is not read
                return assign.Target is NameExpr ? state : Evaluate(assign.Target, state);
            case CallExpr call:
                foreach (var argument in call.Arguments)
                    state = Evaluate(argument, state);
                return call.Callee is NameExpr ? state : Evaluate(call.Callee, state);
            default:
                foreach (var child in ModelWalker.Children(expression))
                {
                    state = child switch
                    {
                        Expr e => Evaluate(e, state),
                        Stmt s => Execute(s, state),
                        _ => state,
                    };
                }
                return state;
        }
    }

    /// <summary>The analysis's transfer of <paramref name="node"/>, its operands already evaluated; the state before it kept when observed.</summary>
    public TState? Transfer(Expr node, TState? state)
    {
        if (state is null)
            return null;
        if (_analysis.Observes(node))
            Record(node, state);
        return _analysis.Transfer(node, state, this);
    }

    /// <summary>Keeps <paramref name="state"/> as (part of) the state before <paramref name="node"/>.</summary>
    public void Record(Node node, TState state) =>
        _before[node] = _before.TryGetValue(node, out var known) ? _analysis.Join(known, state) : state;

    /// <summary>The states when <paramref name="condition"/> is true and when it is false (null: that side cannot happen).</summary>
    public (TState? WhenTrue, TState? WhenFalse) Condition(Expr condition, TState? state)
    {
        if (state is null)
            return (null, null);
        switch (condition)
        {
            case UnaryExpr { Operator: UnaryOperator.Not, IsPostfix: false } not:
            {
                var (whenTrue, whenFalse) = Condition(not.Operand, state);
                return (whenFalse, whenTrue);
            }
            case BinaryExpr { Operator: BinaryOperator.LogicalAnd } and:
            {
                var (leftTrue, leftFalse) = Condition(and.Left, state);
                var (rightTrue, rightFalse) = Condition(and.Right, leftTrue);
                return (rightTrue, Join(leftFalse, rightFalse));
            }
            case BinaryExpr { Operator: BinaryOperator.LogicalOr } or:
            {
                var (leftTrue, leftFalse) = Condition(or.Left, state);
                var (rightTrue, rightFalse) = Condition(or.Right, leftFalse);
                return (Join(leftTrue, rightTrue), rightFalse);
            }
            case BinaryExpr { Operator: BinaryOperator.Equal } equals when IsNull(equals.Right):
            {
                var (whenTrue, whenFalse) = Condition(equals.Left, state);
                return (whenFalse, whenTrue);
            }
            case BinaryExpr { Operator: BinaryOperator.Equal } equals when IsNull(equals.Left):
            {
                var (whenTrue, whenFalse) = Condition(equals.Right, state);
                return (whenFalse, whenTrue);
            }
            case BinaryExpr { Operator: BinaryOperator.NotEqual } unequal when IsNull(unequal.Right):
                return Condition(unequal.Left, state);
            case BinaryExpr { Operator: BinaryOperator.NotEqual } unequal when IsNull(unequal.Left):
                return Condition(unequal.Right, state);
            case CallExpr { Arguments.Length: 1 } call when _analysis.IsConditionWrapper(call):
                return Condition(call.Arguments[0], state);
            default:
                return _analysis.Branch(condition, state, this);
        }
    }

    /// <summary>0 in any spelling, or NULL: what C's truth tests compare against.</summary>
    public static bool IsNull(Expr expression) => expression is NameExpr { Identifier: "NULL" } || Comparisons.IsZero(expression);
}
