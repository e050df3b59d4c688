using System;
using System.Collections.Generic;
using System.Linq;
using Folint.Analyzer.Model;
using Folint.Analyzer.Contracts;

namespace Folint.Tests.Doubles;

/// <summary>
/// Reports every call to <paramref name="callee"/> under <paramref name="ruleId"/> (FOL000's message takes the
/// operation and the flags word); the key is the callee and its first argument, as a real rule would key on
/// accessor and flag.
/// </summary>
public sealed class CallRule : StatelessSourceRule
{
    private readonly string _callee;
    private readonly int _repeat;

    public CallRule(string ruleId, string callee, int repeat = 1)
    {
        Id = ruleId;
        _callee = callee;
        _repeat = repeat;
    }

    public override string Id { get; }

    /// <summary>Evidence to attach: for a call, the definition of this function found through the index.</summary>
    public string? EvidenceFunction { get; init; }

    /// <summary>Evidence from a tree file asked for with UnitAt (a header not among the checked files).</summary>
    public string? EvidenceUnit { get; init; }

    public string? FixHint { get; init; }

    public Folint.Analyzer.Findings.FindingConfidence Confidence { get; init; } = Folint.Analyzer.Findings.FindingConfidence.High;

    public override void Analyze(SourceRuleContext context)
    {
        foreach (var function in context.Unit.Functions)
        {
            foreach (var call in ModelWalker.Calls(function).Where(c => c.CalleeName == _callee))
            {
                var flag = call.Arguments.Length > 0 ? ((NameExpr)call.Arguments[0]).Identifier : "";
                var word = call.Arguments.Length > 1 ? ((NameExpr)call.Arguments[1]).Identifier : "";
                var evidence = new List<RawEvidence>();
                if (EvidenceFunction is not null)
                {
                    foreach (var symbol in context.Program.FunctionsNamed(EvidenceFunction, context.CancellationToken))
                        evidence.Add(new RawEvidence(symbol.File, symbol.Definition.NameSpan, "defined here", symbol.Definition.Name));
                }
                if (EvidenceUnit is not null && context.Program.UnitAt(EvidenceUnit, context.CancellationToken) is { } unit && unit.Functions.Length > 0)
                    evidence.Add(new RawEvidence(unit.Path, unit.Functions[0].NameSpan, "the accessor the tree defines", unit.Functions[0].Name));
                for (var i = 0; i < _repeat; i++)
                    context.Report(Id, call.Span, function.Name, _callee + "(" + flag + ")", new object?[] { _callee + "()", word }, evidence, FixHint, confidence: Confidence);
            }
        }
    }
}

/// <summary>Reports one finding per function, then throws: its findings must be dropped and the failure reported.</summary>
public sealed class ThrowingRule : StatelessSourceRule
{
    public ThrowingRule(string ruleId)
    {
        Id = ruleId;
    }

    public override string Id { get; }

    public override void Analyze(SourceRuleContext context)
    {
        foreach (var function in context.Unit.Functions)
            context.Report(Id, function.NameSpan, function.Name, "k", new object?[] { "x", "y" });
        if (context.Unit.Functions.Length > 0)
            throw new InvalidOperationException("rule bug");
    }
}
