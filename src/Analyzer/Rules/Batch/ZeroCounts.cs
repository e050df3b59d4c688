using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Folint.Analyzer.Flow;
using Folint.Analyzer.Model;
using Folint.Analyzer.Shapes;

namespace Folint.Analyzer.Rules.Batch;

/// <summary>
/// The arguments of a function's calls that are 0 on every path reaching the call: the literal, a local assigned 0 and
/// not changed since, a count inside the branch where a test said it is 0 (<c>if (!nr) helper(page, nr);</c>). The
/// caller side of FOL004: such an argument handed to a helper whose count-down loop wraps on 0 runs it 4 billion
/// times. Locals are followed with the one dataflow framework; paths that disagree forget a local.
/// </summary>
internal static class ZeroCounts
{
    /// <summary>Each call of <paramref name="function"/> with the indexes of its arguments that are certainly 0.</summary>
    public static IEnumerable<(CallExpr Call, int Argument)> Find(FunctionDef function)
    {
        var calls = new List<CallExpr>();
        foreach (var node in ModelWalker.DescendantsAndSelf(function.Body))
        {
            if (node is CallExpr { CalleeName: not null } call && call.Arguments.Any(a => Comparisons.IsZero(a) || a is NameExpr))
                calls.Add(call);
        }
        if (calls.Count == 0)
            yield break;
        var result = ForwardFlow<Zeros>.Run(function.Body, Zeros.None, new ZeroAnalysis(calls));
        foreach (var call in calls)
        {
            var state = result.StateBefore(call);
            for (var i = 0; i < call.Arguments.Length; i++)
            {
                var argument = call.Arguments[i];
                if (Comparisons.IsZero(argument) || argument is NameExpr name && state is not null && state.Names.Contains(name.Identifier))
                    yield return (call, i);
            }
        }
    }

    /// <summary>Locals known to hold 0.</summary>
    private sealed class Zeros(ImmutableHashSet<string> names)
    {
        public static readonly Zeros None = new(ImmutableHashSet.Create<string>(StringComparer.Ordinal));

        public ImmutableHashSet<string> Names { get; } = names;

        public Zeros With(string name, bool zero) =>
            zero ? Names.Contains(name) ? this : new Zeros(Names.Add(name)) : Names.Contains(name) ? new Zeros(Names.Remove(name)) : this;
    }

    private sealed class ZeroAnalysis(List<CallExpr> calls) : ForwardAnalysis<Zeros>
    {
        private readonly HashSet<Expr> _calls = new(calls, ReferenceEqualityComparer.Instance);

        public override Zeros Join(Zeros left, Zeros right) =>
            left.Names.SetEquals(right.Names) ? left : new Zeros(left.Names.Intersect(right.Names));

        public override bool Includes(Zeros state, Zeros other) => state.Names.IsSubsetOf(other.Names);

        public override bool Observes(Expr node) => _calls.Contains(node);

        public override bool IsConditionWrapper(CallExpr call) => call.CalleeName is "likely" or "unlikely";

        public override Zeros Declare(LocalDecl local, Zeros state) =>
            state.With(local.Name, local.Initializer is not null && Comparisons.IsZero(local.Initializer));

        /// <summary>The flow hands over the leaf of <c>!nr</c> / <c>nr == 0</c>: <c>nr</c>, true when it is not 0.</summary>
        public override (Zeros? WhenTrue, Zeros? WhenFalse) Branch(Expr condition, Zeros state, ForwardFlow<Zeros> flow)
        {
            var after = flow.Evaluate(condition, state);
            if (after is null || condition is not NameExpr name)
                return (after, after);
            return (after.With(name.Identifier, zero: false), after.With(name.Identifier, zero: true));
        }

        public override Zeros Transfer(Expr node, Zeros state, ForwardFlow<Zeros> flow) => node switch
        {
            AssignExpr { Operator: AssignOperator.Assign, Target: NameExpr target, Value: var value } => state.With(target.Identifier, Comparisons.IsZero(value)),
            AssignExpr { Target: NameExpr target } => state.With(target.Identifier, zero: false),
            UnaryExpr { Operator: UnaryOperator.Increment or UnaryOperator.Decrement, Operand: NameExpr stepped } => state.With(stepped.Identifier, zero: false),
            UnaryExpr { Operator: UnaryOperator.AddressOf, Operand: NameExpr escaped } => state.With(escaped.Identifier, zero: false),
            _ => state,
        };
    }
}
