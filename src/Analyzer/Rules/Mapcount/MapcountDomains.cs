using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Folint.Analyzer.Flow;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Model;
using Folint.Analyzer.Rules.Knowledge;
using Folint.Analyzer.Shapes;

namespace Folint.Analyzer.Rules.Mapcount;

/// <summary>
/// Which domain a parameter of a page-type helper takes, and where the tree says so. A value derived from the
/// <c>_mapcount</c>/<c>page_type</c> word is the stored word plus an offset: 0 for the raw word
/// (<c>atomic_read(&amp;page-&gt;_mapcount)</c>, <c>page-&gt;page_type</c>), 1 for the mapcount
/// (<c>_mapcount + 1</c>, what the mapcount accessors return).
/// </summary>
/// <param name="Offset">The offset from the stored word the parameter expects: 0 raw, 1 mapcount.</param>
/// <param name="File">The header defining the helper, for the evidence.</param>
/// <param name="Evidence">The expression of the helper's body that fixes the domain (a comparison with the type range, a call passing <c>p - 1</c>).</param>
internal sealed record DomainParameter(string Helper, int Index, string Name, int Offset, string File, Expr Evidence, string Function);

/// <summary>
/// The value domains of the shared <c>_mapcount</c>/<c>page_type</c> storage (seed 004's class): the helpers' domains
/// derived from the tree's own page-flags.h/mm.h, and the check of every value passed to one of them or compared with
/// the page-type range. 6.12's <c>page_type_has_type(int page_type)</c> compares the raw word with
/// <c>PGTY_mapcount_underflow &lt;&lt; 24</c>, and <c>page_mapcount_is_type(unsigned int mapcount)</c> passes
/// <c>mapcount - 1</c> to it, so it takes <c>_mapcount + 1</c> (its comment: "This takes a mapcount which is one more
/// than page-&gt;_mapcount"). 6.1 has neither helper: its <c>page_has_type()</c> compares the raw word with
/// <c>PAGE_MAPCOUNT_RESERVE</c> itself, and the domain check there is the comparison with the marker.
/// </summary>
internal sealed class MapcountDomains
{
    public const int Raw = 0;
    public const int Count = 1;

    private readonly MapcountKnowledge _knowledge;

    private MapcountDomains(MapcountKnowledge knowledge, ImmutableDictionary<string, ImmutableArray<DomainParameter>> helpers)
    {
        _knowledge = knowledge;
        Helpers = helpers;
    }

    /// <summary>The domain parameters of each helper, by helper name.</summary>
    public ImmutableDictionary<string, ImmutableArray<DomainParameter>> Helpers { get; }

    /// <summary>
    /// A parameter compared, as it is, with the type range (a type marker of mapcount.yaml) takes the raw word; one
    /// passed as <c>p - k</c> (or <c>p + k</c>) to a helper of known domain takes that domain plus (minus) k; repeated
    /// until nothing changes, so a tree's new helpers built on these are found too.
    /// </summary>
    public static MapcountDomains Derive(MapcountKnowledge knowledge, MapcountSection section, IProgramIndex program, CancellationToken cancellationToken)
    {
        var functions = new List<(FunctionDef Function, string File)>();
        foreach (var header in section.TypeTestHeaders)
        {
            if (program.UnitAt(header, cancellationToken) is { } unit)
                functions.AddRange(unit.Functions.Select(f => (f, unit.Path)));
        }
        var found = new Dictionary<(string, int), DomainParameter>();
        foreach (var (function, file) in functions)
        {
            foreach (var (parameter, index) in ValueParameters(function))
            {
                foreach (var node in ModelWalker.DescendantsAndSelf(function.Body))
                {
                    if (node is BinaryExpr { Operator: BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual } comparison
                        && (IsParameter(comparison.Left, parameter) && MentionsMarker(comparison.Right, knowledge) || IsParameter(comparison.Right, parameter) && MentionsMarker(comparison.Left, knowledge)))
                    {
                        found[(function.Name, index)] = new DomainParameter(function.Name, index, parameter, Raw, file, comparison, function.Name);
                        break;
                    }
                }
            }
        }
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (function, file) in functions)
            {
                foreach (var (parameter, index) in ValueParameters(function))
                {
                    if (found.ContainsKey((function.Name, index)))
                        continue;
                    foreach (var node in ModelWalker.DescendantsAndSelf(function.Body))
                    {
                        if (node is not CallExpr { CalleeName: { } callee } call)
                            continue;
                        for (var a = 0; a < call.Arguments.Length; a++)
                        {
                            if (!found.TryGetValue((callee, a), out var target) || ParameterOffset(call.Arguments[a], parameter) is not { } shift)
                                continue;
                            // the argument p + shift must be in the target's domain: p is in target - shift
                            found[(function.Name, index)] = new DomainParameter(function.Name, index, parameter, target.Offset - shift, file, call, function.Name);
                            changed = true;
                            goto next;
                        }
                    }
                next:;
                }
            }
        }
        var helpers = found.Values.GroupBy(p => p.Helper, StringComparer.Ordinal)
            .ToImmutableDictionary(g => g.Key, g => g.OrderBy(p => p.Index).ToImmutableArray(), StringComparer.Ordinal);
        return new MapcountDomains(knowledge, helpers);
    }

    /// <summary>A value that passes through a call or cast unchanged (<c>data_race()</c>, <c>READ_ONCE()</c>).</summary>
    private static readonly ImmutableHashSet<string> Transparent = ImmutableHashSet.Create(StringComparer.Ordinal, "data_race", "READ_ONCE", "likely", "unlikely");

    private static IEnumerable<(string Name, int Index)> ValueParameters(FunctionDef function)
    {
        for (var i = 0; i < function.Parameters.Length; i++)
        {
            var p = function.Parameters[i];
            if (p.Name is { } name && !p.Type.IsPointer)
                yield return (name, i);
        }
    }

    private static bool IsParameter(Expr e, string name) => Unwrap(e) is NameExpr n && n.Identifier == name;

    /// <summary>k when <paramref name="e"/> is the parameter plus the literal k (<c>p</c>, <c>p - 1</c>, <c>p + 1</c>).</summary>
    private static int? ParameterOffset(Expr e, string name)
    {
        e = Unwrap(e);
        if (e is NameExpr n)
            return n.Identifier == name ? 0 : null;
        if (e is BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract } b && Comparisons.IntegerValue(b.Right) is { } k && ParameterOffset(b.Left, name) is { } inner)
            return inner + (int)(b.Operator == BinaryOperator.Add ? k : -k);
        return null;
    }

    private static Expr Unwrap(Expr e) => e switch
    {
        CastExpr cast => Unwrap(cast.Operand),
        CallExpr { CalleeName: { } name, Arguments.Length: 1 } call when Transparent.Contains(name) => Unwrap(call.Arguments[0]),
        _ => e,
    };

    private static bool MentionsMarker(Expr e, MapcountKnowledge knowledge) =>
        ModelWalker.DescendantsAndSelf(e).Any(n => n is NameExpr name && knowledge.TypeMarkers.Contains(name.Identifier));

    /// <summary>A value of the wrong domain at a place that fixes one: a helper's argument, or a comparison with the type range.</summary>
    public sealed record Misuse(Expr At, Expr Value, int Offset, int Expected, DomainParameter? Helper, CallExpr? Call);

    /// <summary>
    /// Every misuse in <paramref name="function"/>: the offset of each value is followed through locals and arithmetic
    /// with the one dataflow framework; a value whose offset is not known (a parameter, a call) is never reported. The
    /// parameters of a domain helper itself start in the domain the helper takes.
    /// </summary>
    public ImmutableArray<Misuse> Check(FunctionDef function)
    {
        var sinks = new List<Expr>();
        foreach (var node in ModelWalker.DescendantsAndSelf(function.Body))
        {
            if (node is CallExpr { CalleeName: { } name } call && Helpers.ContainsKey(name) || node is BinaryExpr { Operator: BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual } b && (MentionsMarker(b.Left, _knowledge) || MentionsMarker(b.Right, _knowledge)))
                sinks.Add((Expr)node);
        }
        if (sinks.Count == 0)
            return ImmutableArray<Misuse>.Empty;

        var entry = ImmutableDictionary<string, int>.Empty.WithComparers(StringComparer.Ordinal);
        if (Helpers.TryGetValue(function.Name, out var own))
        {
            foreach (var parameter in own)
                entry = entry.SetItem(parameter.Name, parameter.Offset);
        }
        var analysis = new OffsetAnalysis(this, sinks);
        var result = ForwardFlow<Offsets>.Run(function.Body, new Offsets(entry), analysis);

        var misuses = ImmutableArray.CreateBuilder<Misuse>();
        foreach (var sink in sinks)
        {
            if (result.StateBefore(sink) is not { } state)
                continue;
            switch (sink)
            {
                case CallExpr call:
                    foreach (var parameter in Helpers[call.CalleeName!])
                    {
                        if (parameter.Index >= call.Arguments.Length)
                            continue;
                        var argument = call.Arguments[parameter.Index];
                        if (OffsetOf(argument, state.Values) is { } offset && offset != parameter.Offset)
                            misuses.Add(new Misuse(call, argument, offset, parameter.Offset, parameter, call));
                    }
                    break;
                case BinaryExpr comparison:
                    var markerOnRight = MentionsMarker(comparison.Right, _knowledge);
                    var value = markerOnRight ? comparison.Left : comparison.Right;
                    // PAGE_MAPCOUNT_RESERVE + 1 is the bound moved into the mapcount's domain
                    var bound = MarkerOffset(markerOnRight ? comparison.Right : comparison.Left);
                    if (OffsetOf(value, state.Values) is { } valueOffset && valueOffset != bound)
                        misuses.Add(new Misuse(comparison, value, valueOffset, bound, null, null));
                    break;
            }
        }
        return misuses.ToImmutable();
    }

    /// <summary>The domain a bound built on a type marker is in: the marker's (raw), moved by literal + or -.</summary>
    private static int MarkerOffset(Expr e)
    {
        e = Unwrap(e);
        if (e is BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract } b && Comparisons.IntegerValue(b.Right) is { } k && k is >= -2 and <= 2)
            return MarkerOffset(b.Left) + (int)(b.Operator == BinaryOperator.Add ? k : -k);
        return Raw;
    }

    /// <summary>
    /// The offset of <paramref name="e"/> from the stored word: 0 for a raw read of an offset field or page_type, 1 for
    /// what a mapcount accessor returns, a local's tracked offset, plus or minus literal arithmetic; null when unknown.
    /// </summary>
    public int? OffsetOf(Expr e, ImmutableDictionary<string, int> locals)
    {
        e = Unwrap(e);
        switch (e)
        {
            case NameExpr name:
                return locals.TryGetValue(name.Identifier, out var k) ? k : null;
            case BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract } b when Comparisons.IntegerValue(b.Right) is { } literal && literal is >= -2 and <= 2:
                return OffsetOf(b.Left, locals) is { } left ? left + (int)(b.Operator == BinaryOperator.Add ? literal : -literal) : null;
            case BinaryExpr { Operator: BinaryOperator.Add } b when Comparisons.IntegerValue(b.Left) is { } literal && literal is >= -2 and <= 2:
                return OffsetOf(b.Right, locals) is { } right ? right + (int)literal : null;
            case MemberExpr { Member: "page_type" }:
                return Raw;
            case CallExpr { CalleeName: { } callee } call when !Helpers.ContainsKey(callee):
                if (_knowledge.RawRead(call) is { } read)
                    return _knowledge.ResetValue(read.Field) == -1 ? Raw : null;
                return _knowledge.Accessors.Contains(callee) && MapcountKnowledge.IsMapcountAccessorName(callee) ? Count : null;
            case MemberExpr when _knowledge.RawRead(e) is { } counter:
                return _knowledge.ResetValue(counter.Field) == -1 ? Raw : null;
            default:
                return null;
        }
    }

    /// <summary>The tracked offsets of locals (absent: unknown). Immutable, as the flow requires.</summary>
    private sealed class Offsets(ImmutableDictionary<string, int> values)
    {
        public ImmutableDictionary<string, int> Values { get; } = values;
    }

    /// <summary>Offsets of locals, in the framework's terms: an assignment sets a local's offset, paths that disagree forget it.</summary>
    private sealed class OffsetAnalysis(MapcountDomains domains, List<Expr> sinks) : ForwardAnalysis<Offsets>
    {
        private readonly HashSet<Expr> _sinks = new(sinks, ReferenceEqualityComparer.Instance);

        public override Offsets Join(Offsets left, Offsets right)
        {
            var joined = left.Values;
            foreach (var pair in left.Values)
            {
                if (!right.Values.TryGetValue(pair.Key, out var other) || other != pair.Value)
                    joined = joined.Remove(pair.Key);
            }
            return joined.Count == left.Values.Count ? left : new Offsets(joined);
        }

        // Join only forgets: a state includes another when everything it knows, the other knows alike.
        public override bool Includes(Offsets state, Offsets other) =>
            state.Values.All(pair => other.Values.TryGetValue(pair.Key, out var v) && v == pair.Value);

        public override bool Observes(Expr node) => _sinks.Contains(node);

        public override bool IsConditionWrapper(CallExpr call) => call.CalleeName is "likely" or "unlikely";

        public override Offsets Declare(LocalDecl local, Offsets state) => Set(state, local.Name, local.Initializer);

        public override Offsets Transfer(Expr node, Offsets state, ForwardFlow<Offsets> flow)
        {
            switch (node)
            {
                case AssignExpr { Operator: AssignOperator.Assign, Target: NameExpr target } assign:
                    return Set(state, target.Identifier, assign.Value);
                case AssignExpr { Operator: AssignOperator.Add or AssignOperator.Subtract, Target: NameExpr target } compound:
                    if (state.Values.TryGetValue(target.Identifier, out var k) && Comparisons.IntegerValue(compound.Value) is { } literal && literal is >= -2 and <= 2)
                        return new Offsets(state.Values.SetItem(target.Identifier, k + (int)(compound.Operator == AssignOperator.Add ? literal : -literal)));
                    return new Offsets(state.Values.Remove(target.Identifier));
                case AssignExpr { Target: NameExpr other }:
                    return new Offsets(state.Values.Remove(other.Identifier));
                case UnaryExpr { Operator: UnaryOperator.Increment or UnaryOperator.Decrement, Operand: NameExpr stepped }:
                    return new Offsets(state.Values.Remove(stepped.Identifier));
                default:
                    return state;
            }
        }

        private Offsets Set(Offsets state, string name, Expr? value)
        {
            if (value is not null && ValueOffset(value, state) is { } offset)
                return new Offsets(state.Values.SetItem(name, offset));
            return state.Values.ContainsKey(name) ? new Offsets(state.Values.Remove(name)) : state;
        }

        /// <summary>A conditional's offset when both arms agree, or one arm is a literal (<c>is_type ? 0 : mapcount + 1</c>).</summary>
        private int? ValueOffset(Expr value, Offsets state)
        {
            if (value is ConditionalExpr conditional)
            {
                var whenTrue = Comparisons.IntegerValue(conditional.WhenTrue) is not null ? null : ValueOffset(conditional.WhenTrue, state);
                var whenFalse = Comparisons.IntegerValue(conditional.WhenFalse) is not null ? null : ValueOffset(conditional.WhenFalse, state);
                return whenTrue is null ? whenFalse : whenFalse is null || whenFalse == whenTrue ? whenTrue : null;
            }
            return domains.OffsetOf(value, state.Values);
        }
    }
}
