using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Model;
using Folint.Analyzer.Rules.Knowledge;
using Folint.Analyzer.Shapes;

namespace Folint.Analyzer.Rules.Mapcount;

/// <summary>
/// FOL003: mapcount reads that lose underflow detection (seed 004). _mapcount is stored offset by -1 and shares
/// its storage with the page type; a reader that turns every negative value into 0 also turns an underflow into
/// 0, and the checks in zap_present_folio_ptes() and zap_huge_pmd() never fire. Reports (1) clamps of a
/// mapcount-derived value to 0 that the page-type test does not guard, at the clamp, naming the read; (2) raw
/// reads of the mapcount fields outside the accessors the tree defines, unless the read only compares the stored
/// value with its reset value, sits in a debug assertion, or goes through the page-type test itself.
/// </summary>
internal sealed class MapcountUnderflowRule : IPrefilteredRule
{
    public const string RuleId = "FOL003";

    private readonly KernelKnowledge _knowledge;

    public MapcountUnderflowRule(KernelKnowledge knowledge)
    {
        _knowledge = knowledge;
    }

    public string Id => RuleId;

    public IEnumerable<string> ScanPrefixes => FileTriggers.NoPrefixes;

    /// <summary>The type tests, accessors and domain helpers come from the tree's headers: derived once per run.</summary>
    public SourceRuleAnalyzer Start(SourceRun run, CancellationToken cancellationToken)
    {
        var knowledge = MapcountKnowledge.Derive(_knowledge, run.Program, cancellationToken);
        return new Analyzer(knowledge, MapcountDomains.Derive(knowledge, _knowledge.Mapcount, run.Program, cancellationToken), _knowledge.Mapcount);
    }

    private sealed class Analyzer(MapcountKnowledge knowledge, MapcountDomains domains, MapcountSection section) : SourceRuleAnalyzer
    {
        /// <summary>
        /// A clamp or a raw read needs a mapcount field or a call of a mapcount accessor (<see cref="MapcountKnowledge.IsMapcountValue"/>);
        /// a domain misuse, a call of a domain helper or a type marker (<see cref="MapcountDomains"/>).
        /// </summary>
        public override IEnumerable<FileTrigger> Triggers(CancellationToken cancellationToken) =>
            FileTriggers.Identifiers(section.Fields.Concat(section.TypeMarkers).OrderBy(n => n, StringComparer.Ordinal))
                .Concat(knowledge.Accessors.Where(MapcountKnowledge.IsMapcountAccessorName).OrderBy(n => n, StringComparer.Ordinal).Select(FileTrigger.Identifier))
                .Concat(domains.Helpers.Keys.OrderBy(n => n, StringComparer.Ordinal).Select(FileTrigger.Identifier));

        public override void Analyze(SourceRuleContext context) => Report(context, knowledge, domains);
    }

    private static void Report(SourceRuleContext context, MapcountKnowledge knowledge, MapcountDomains domains)
    {
        foreach (var function in context.Unit.Functions)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            Clamps(context, function, knowledge);
            Domains(context, function, domains);
            if (!knowledge.Accessors.Contains(function.Name))
                RawReads(context, function, knowledge);
        }
    }

    private static void Clamps(SourceRuleContext context, FunctionDef function, MapcountKnowledge knowledge)
    {
        var matches = ZeroClamp.Find(function.Body, knowledge.IsMapcountValue);
        if (matches.IsEmpty)
            return;
        var guards = TypeGuardedRegions(function, knowledge);
        foreach (var match in matches)
        {
            if (guards.Any(region => region.Contains(match.Clamp.Span)))
                continue;
            var clamp = Describe(match);
            var read = ExprPrinter.Print(match.MapcountRead);
            context.Report(
                RuleId,
                match.Clamp.Span,
                function.Name,
                key: $"clamp {match.Variable ?? ExprPrinter.Print(match.Clamped)} {read}",
                messageArguments: new object?[] { clamp, read },
                evidence: new[] { new RawEvidence(context.Unit.Path, match.MapcountRead.Span, $"the clamped value {ExprPrinter.Print(match.Clamped)} comes from {read}", function.Name) },
                fixHint: "read 0 only for the page-type range: mapcount = page_mapcount_is_type(mapcount) ? 0 : mapcount; (raw: page_type_has_type(raw) ? 0 : raw + 1), so that an underflow stays negative and the zap paths see it");
        }
    }

    /// <summary>
    /// Values of the wrong domain (seed 004's class beyond the clamp): the raw word passed to a helper that takes
    /// <c>_mapcount + 1</c>, a mapcount passed where the raw word is taken or compared with the type range, the offset
    /// added twice. The helper's own definition is the evidence.
    /// </summary>
    private static void Domains(SourceRuleContext context, FunctionDef function, MapcountDomains domains)
    {
        foreach (var misuse in domains.Check(function))
        {
            var value = ExprPrinter.Print(misuse.Value);
            var evidence = new List<RawEvidence>();
            string where, takes, fix, key;
            if (misuse.Helper is { } helper && misuse.Call is { } call)
            {
                where = $"{ExprPrinter.Print(call)} passes {value}, {Domain(misuse.Offset)},";
                takes = $"{helper.Helper}() takes {Domain(helper.Offset)} as its {helper.Name}";
                evidence.Add(new RawEvidence(helper.File, helper.Evidence.Span, HelperEvidence(helper), helper.Function));
                fix = helper.Offset == MapcountDomains.Count
                    ? $"pass the mapcount ({value} + {MapcountDomains.Count - misuse.Offset} when {value} is the raw word), or test the raw word with the helper that takes it (page_type_has_type())"
                    : $"pass the raw word (atomic_read(&page->_mapcount) or page->page_type), or test a mapcount with page_mapcount_is_type()";
                key = $"domain {helper.Helper} {value}";
            }
            else
            {
                where = $"'{ExprPrinter.Print(misuse.At)}' compares {value}, {Domain(misuse.Offset)}, with the page-type range,";
                takes = $"that bound is in {Domain(misuse.Expected)} (the range is defined on the raw _mapcount/page_type word)";
                fix = "compare values of one domain (move the bound: PAGE_MAPCOUNT_RESERVE + 1 for a mapcount), or use the tree's page-type test (page_mapcount_is_type() for a mapcount)";
                key = $"domain range {value}";
            }
            context.Report(
                RuleId,
                misuse.At.Span,
                function.Name,
                key: key,
                messageArguments: new object?[] { where, takes },
                evidence: evidence,
                fixHint: fix,
                messageVariant: "domain");
        }
    }

    private static string Domain(int offset) => offset switch
    {
        MapcountDomains.Raw => "the raw _mapcount/page_type word",
        MapcountDomains.Count => "the mapcount (_mapcount + 1)",
        > MapcountDomains.Count => $"_mapcount + {offset} (the +1 offset added {offset} times)",
        _ => $"_mapcount - {-offset} (the offset taken off the raw word)",
    };

    private static string HelperEvidence(DomainParameter helper) => helper.Evidence switch
    {
        CallExpr call => $"{helper.Helper}() passes {string.Join(", ", call.Arguments.Select(ExprPrinter.Print))} to {call.CalleeName}(), so {helper.Name} is {Domain(helper.Offset)}",
        _ => $"{helper.Helper}() compares {helper.Name} with the page-type range: {helper.Name} is {Domain(helper.Offset)}",
    };

    /// <summary>Where the page-type test is known to have said "typed": the then-branch of <c>if (page_mapcount_is_type(x))</c> and its kin.</summary>
    private static List<TextSpan> TypeGuardedRegions(FunctionDef function, MapcountKnowledge knowledge)
    {
        var regions = new List<TextSpan>();
        foreach (var node in ModelWalker.DescendantsAndSelf(function.Body))
        {
            switch (node)
            {
                case IfStmt { IsPreprocessor: false } ifStmt when SaysTyped(ifStmt.Condition, knowledge):
                    regions.Add(ifStmt.Then.Span);
                    break;
                case ConditionalExpr conditional when SaysTyped(conditional.Condition, knowledge):
                    regions.Add(conditional.WhenTrue.Span);
                    break;
            }
        }
        return regions;
    }

    /// <summary>Whether a condition, when true, says the value is a page type (not under a negation).</summary>
    private static bool SaysTyped(Expr condition, MapcountKnowledge knowledge) => condition switch
    {
        BinaryExpr { Operator: BinaryOperator.LogicalAnd } both => SaysTyped(both.Left, knowledge) || SaysTyped(both.Right, knowledge),
        CallExpr { CalleeName: "likely" or "unlikely", Arguments.Length: 1 } hint => SaysTyped(hint.Arguments[0], knowledge),
        CallExpr { CalleeName: { } name } => knowledge.TypeTests.Contains(name),
        BinaryExpr { Operator: BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual } comparison => MentionsMarker(comparison, knowledge),
        _ => false,
    };

    private static bool MentionsMarker(Expr e, MapcountKnowledge knowledge) =>
        ModelWalker.DescendantsAndSelf(e).Any(n => n is NameExpr name && knowledge.TypeMarkers.Contains(name.Identifier));

    private static string Describe(ZeroClampMatch match) => match.Clamp switch
    {
        IfStmt ifStmt when match.Form == ZeroClampForm.ReturnZeroWhenNegative => $"'if ({ExprPrinter.Print(ifStmt.Condition)}) return 0'",
        IfStmt ifStmt => $"'if ({ExprPrinter.Print(ifStmt.Condition)}) {match.Variable} = 0'",
        Expr e => "'" + ExprPrinter.Print(e) + "'",
        _ => "a clamp",
    };

    private static void RawReads(SourceRuleContext context, FunctionDef function, MapcountKnowledge knowledge)
    {
        List<RawMapcountRead>? reads = null;
        foreach (var node in ModelWalker.DescendantsAndSelf(function.Body))
        {
            if (node is Expr e && knowledge.RawRead(e) is { } read)
                (reads ??= new List<RawMapcountRead>()).Add(read);
        }
        if (reads is null)
            return;

        var parents = Parents.Build(function.Body);
        var typeTested = TypeTestedVariables(function, knowledge);
        foreach (var read in reads)
        {
            if (IsStateCheck(read, parents, knowledge) || InAssertion(read.Read, parents, knowledge) || FeedsTypeTest(read.Read, parents, typeTested, knowledge) || IsStore(read.Read, parents))
                continue;
            var member = ExprPrinter.Print(read.Member);
            context.Report(
                RuleId,
                read.Read.Span,
                function.Name,
                key: $"raw {member}",
                messageArguments: new object?[] { member, Accessors(read.Field, knowledge) },
                fixHint: "read the mapcount through the tree's accessor; if this code needs the raw value, test the page-type range (page_mapcount_is_type()) before treating a negative value as anything",
                messageVariant: "raw");
        }
    }

    private static string Accessors(string field, MapcountKnowledge knowledge)
    {
        if (knowledge.AccessorsByField.TryGetValue(field, out var names) && !names.IsDefaultOrEmpty)
            return string.Join(", ", names.Take(4).Select(n => n + "()"));
        return "none found in " + string.Join(", ", knowledge.AccessorHeaders);
    }

    /// <summary>
    /// Comparing the stored value with the value a field holds when nothing maps the page (<c>!= -1</c> for
    /// _mapcount, a zero test for _nr_pages_mapped) checks the stored state itself, as the free-path and split
    /// sanity checks do: nothing is interpreted, so no underflow can hide.
    /// </summary>
    private static bool IsStateCheck(RawMapcountRead read, Parents parents, MapcountKnowledge knowledge)
    {
        var reset = knowledge.ResetValue(read.Field);
        var parent = parents.Of(read.Read);
        while (parent is CastExpr)
            parent = parents.Of(parent);
        switch (parent)
        {
            case BinaryExpr { Operator: BinaryOperator.Equal or BinaryOperator.NotEqual } comparison:
                var other = ReferenceEquals(comparison.Left, read.Read) ? comparison.Right : comparison.Left;
                return Comparisons.IntegerValue(other) == reset;
            case UnaryExpr { Operator: UnaryOperator.Not, IsPostfix: false }:
                return reset == 0;
            case CallExpr { CalleeName: "likely" or "unlikely" } hint:
                return reset == 0 && IsConditionOf(hint, parents);
            default:
                return reset == 0 && IsConditionOf(read.Read, parents);
        }
    }

    private static bool IsConditionOf(Expr e, Parents parents) => parents.Of(e) switch
    {
        IfStmt ifStmt => ReferenceEquals(ifStmt.Condition, e),
        LoopStmt loop => ReferenceEquals(loop.Condition, e),
        BinaryExpr { Operator: BinaryOperator.LogicalAnd or BinaryOperator.LogicalOr } logical => IsConditionOf(logical, parents),
        _ => false,
    };

    private static bool InAssertion(Expr read, Parents parents, MapcountKnowledge knowledge)
    {
        for (var node = parents.Of(read); node is not null and not Stmt; node = parents.Of(node))
        {
            if (node is CallExpr { CalleeName: { } name } && knowledge.Assertions.Contains(name))
                return true;
        }
        return false;
    }

    /// <summary>Variables passed to a page-type test somewhere in the function.</summary>
    private static HashSet<string> TypeTestedVariables(FunctionDef function, MapcountKnowledge knowledge)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var call in ModelWalker.Calls(function))
        {
            if (call.CalleeName is { } name && knowledge.TypeTests.Contains(name))
            {
                foreach (var argument in call.Arguments)
                {
                    foreach (var n in ModelWalker.DescendantsAndSelf(argument).OfType<NameExpr>())
                        names.Add(n.Identifier);
                }
            }
        }
        return names;
    }

    /// <summary>
    /// The read goes straight into the page-type test, or into a variable the test then looks at: a type-aware read
    /// written out by hand (__dump_folio(): <c>mapcount = page_mapcount_is_type(mapcount) ? 0 : mapcount + 1</c>).
    /// </summary>
    private static bool FeedsTypeTest(Expr read, Parents parents, HashSet<string> typeTested, MapcountKnowledge knowledge)
    {
        for (var node = parents.Of(read); node is not null; node = parents.Of(node))
        {
            switch (node)
            {
                case CallExpr { CalleeName: { } name } when knowledge.TypeTests.Contains(name):
                    return true;
                case LocalDecl local:
                    return typeTested.Contains(local.Name);
                case AssignExpr { Target: NameExpr target }:
                    return typeTested.Contains(target.Identifier);
                case Stmt:
                    return false;
            }
        }
        return false;
    }

    /// <summary><c>x->_mapcount.counter = v</c> writes.</summary>
    private static bool IsStore(Expr read, Parents parents) =>
        parents.Of(read) is AssignExpr assign && ReferenceEquals(assign.Target, read);

    /// <summary>Parent links of one function body, by reference (model records compare by value).</summary>
    private sealed class Parents
    {
        private readonly Dictionary<Node, Node> _parent = new(NodeIdentity.Instance);

        public static Parents Build(Node root)
        {
            var parents = new Parents();
            var stack = new Stack<Node>();
            stack.Push(root);
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                foreach (var child in ModelWalker.Children(node))
                {
                    parents._parent[child] = node;
                    stack.Push(child);
                }
            }
            return parents;
        }

        public Node? Of(Node node) => _parent.TryGetValue(node, out var parent) ? parent : null;
    }

}
