using System.Collections.Generic;
using System.Threading;
using System.Linq;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Model;
using Folint.Analyzer.Rules.Kernel;
using Folint.Analyzer.Rules.Knowledge;

namespace Folint.Analyzer.Rules.Refcount;

/// <summary>
/// FOL002: a write to the refcount of a page that may be a tail page (seed 001). PFN walkers and GUP-fast take
/// speculative references on what they believe is a head page; the folio may have been freed and its memory
/// reused, so the "head" may be a tail by then. Tail refcounts staying 0 is what makes that speculative get fail
/// safely. Storing 0 keeps the invariant and is not reported; so is a write after the compound head was cleared.
/// </summary>
internal sealed class TailPageRefcountWriteRule : StatelessSourceRule, IPrefilteredRule
{
    public const string RuleId = "FOL002";

    private readonly RefcountSection _section;
    private readonly RefcountKnowledge _refcount;
    private readonly PageObjects _pages;

    public TailPageRefcountWriteRule(KernelKnowledge knowledge)
    {
        _section = knowledge.Refcount;
        _refcount = new RefcountKnowledge(knowledge);
        _pages = new PageObjects(knowledge.Pages);
    }

    public override string Id => RuleId;

    public IEnumerable<string> ScanPrefixes => FileTriggers.NoPrefixes;


    /// <summary>A refcount write is a call of a listed writer or an atomic operation on a refcount field.</summary>
    public override IEnumerable<FileTrigger> Triggers(CancellationToken cancellationToken) =>
        FileTriggers.Identifiers(_section.PageRefcountWrites.Order(System.StringComparer.Ordinal), _section.RefcountFields.Order(System.StringComparer.Ordinal));

    public override void Analyze(SourceRuleContext context)
    {
        var knowledge = _refcount;
        var pages = _pages;
        foreach (var function in context.Unit.Functions)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            foreach (var match in TailPageOrigins.Find(function, knowledge, pages, context.Program.IsWholeTree))
            {
                var write = match.Write;
                var page = ExprPrinter.Print(write.Page);
                context.Report(
                    RuleId,
                    write.Call.Span,
                    function.Name,
                    key: write.Operation + " " + page,
                    messageArguments: new object?[] { write.Operation, page },
                    evidence: new[] { new RawEvidence(context.Unit.Path, match.Origin.Source.Span, match.Origin.Reason, function.Name) },
                    fixHint: "take and drop references on the folio (folio_get(), folio_ref_add(), folio_put()), never on a subpage; a page that must get its own count first stops being a tail: clear_compound_head() under a frozen refcount, then page_ref_unfreeze()",
                    confidence: match.Origin.ByName ? Folint.Analyzer.Findings.FindingConfidence.Medium : Folint.Analyzer.Findings.FindingConfidence.High);
            }
        }
    }
}
