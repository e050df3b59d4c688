using Folint.Analyzer.Model;

namespace Folint.Analyzer.Flow;

/// <summary>
/// One forward dataflow analysis over the body model: a join-semilattice of states and the transfer functions. The
/// traversal (branches, loops to a fixed point, switch fallthrough, break/continue, goto carried to its label,
/// short-circuit conditions) is written once, in <see cref="ForwardFlow{TState}"/>; an analysis supplies only what
/// its states mean, as checkers plug into infer's AbstractInterpreter (absint/AbstractInterpreter.mli).
/// </summary>
/// <typeparam name="TState">
/// An immutable value: the flow keeps states of several paths at once and never copies one. Unreachable code has
/// no state (<c>null</c>), the bottom of the lattice.
/// </typeparam>
public abstract class ForwardAnalysis<TState>
    where TState : class
{
    /// <summary>The state where two paths meet: what holds on either.</summary>
    public abstract TState Join(TState left, TState right);

    /// <summary>True when <paramref name="state"/> already says everything <paramref name="other"/> says (other ⊑ state): a loop head or a label that gains nothing more is at its fixed point.</summary>
    public abstract bool Includes(TState state, TState other);

    /// <summary>
    /// The next loop-head or label state after <see cref="ForwardFlow{TState}.WidenAfter"/> rounds that did not settle; a lattice
    /// of unbounded height must jump here to a state that settles. Finite lattices (every analysis so far) join.
    /// </summary>
    public virtual TState Widen(TState previous, TState next) => Join(previous, next);

    /// <summary>Whether the flow keeps the state before <paramref name="node"/>'s transfer (after its operands) for the analysis to read afterwards.</summary>
    public virtual bool Observes(Expr node) => false;

    /// <summary>
    /// The state after <paramref name="node"/> (a call, an assignment, any expression), given the state after its operands
    /// were evaluated (arguments before the call, the value before the assignment).
    /// </summary>
    public virtual TState Transfer(Expr node, TState state, ForwardFlow<TState> flow) => state;

    /// <summary>The state after a local's declaration (after its initializer, when it has one).</summary>
    public virtual TState Declare(LocalDecl local, TState state) => state;

    /// <summary>
    /// The states when a condition that the flow does not decompose itself (it takes <c>!</c>, <c>&amp;&amp;</c>,
    /// <c>||</c>, comparisons with 0 or NULL and <see cref="IsConditionWrapper"/> apart) is true and when it is false;
    /// null where a side cannot be reached. The default evaluates it and learns nothing.
    /// </summary>
    public virtual (TState? WhenTrue, TState? WhenFalse) Branch(Expr condition, TState state, ForwardFlow<TState> flow)
    {
        var after = flow.Evaluate(condition, state);
        return (after, after);
    }

    /// <summary>A call that stands for its only argument in a condition (the kernel's <c>likely()</c>/<c>unlikely()</c>).</summary>
    public virtual bool IsConditionWrapper(CallExpr call) => false;

    /// <summary>The state entering a loop, once, after its initializer and iterator arguments.</summary>
    public virtual TState EnterLoop(LoopStmt loop, TState state) => state;

    /// <summary>The state at the head of every iteration (the join of the entry and the back edges), before the condition.</summary>
    public virtual TState LoopHead(LoopStmt loop, TState state) => state;
}
