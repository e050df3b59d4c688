using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Model;
using Folint.Analyzer.Rules.Knowledge;
using Folint.Analyzer.Rules.Refcount;

namespace Folint.Analyzer.Rules.Layout;

/// <summary>
/// FOL002, layout variant: a struct folio member stored over the _refcount of one of the tail pages the folio lies
/// over (seed 001). Runs on the unit that defines struct folio (include/linux/mm_types.h in a kernel tree, so once
/// per run), taking struct page from the same unit or from the tree's mm_types.h, and reports at the member.
/// </summary>
internal sealed class FolioTailRefcountLayoutRule : StatelessSourceRule, IPrefilteredRule
{
    private readonly LayoutKnowledge _knowledge;

    public FolioTailRefcountLayoutRule(KernelKnowledge knowledge)
    {
        _knowledge = LayoutKnowledge.From(knowledge.Layout);
    }

    public override string Id => TailPageRefcountWriteRule.RuleId;

    public IEnumerable<string> ScanPrefixes => FileTriggers.NoPrefixes;


    /// <summary>Only the unit that defines an overlay record (struct folio) is read.</summary>
    public override IEnumerable<FileTrigger> Triggers(CancellationToken cancellationToken) =>
        _knowledge.OverlayRecords.Select(name => new FileTrigger(FileFactKind.RecordDefinition, name));

    public override void Analyze(SourceRuleContext context)
    {
        var knowledge = _knowledge;
        var overlays = context.Unit.Records
            .Where(r => r.Kind == RecordKind.Struct && r.Name is { } name && knowledge.OverlayRecords.Contains(name) && r.Fields.Length > 0)
            .ToList();
        if (overlays.Count == 0)
            return;

        var units = new List<SourceUnit> { context.Unit };
        var page = Find(context.Unit, knowledge.PageRecord);
        if (page is null && context.Program.UnitAt(knowledge.PageHeader, context.CancellationToken) is { } header)
        {
            units.Add(header);
            page = Find(header, knowledge.PageRecord);
        }
        // A tree without mm_types.h (a partial copy, a header written for a proposal): the layout cannot be computed,
        // which is a fact about the tree, not a failure of folint.
        if (page is null)
        {
            throw new UncheckableUnitException(
                $"it defines struct {overlays[0].Name}, but neither it nor {knowledge.PageHeader} defines struct {knowledge.PageRecord}, which struct {overlays[0].Name} lies over, so the layout cannot be computed");
        }
        var pageUnit = units.First(u => u.Records.Contains(page));

        var layout = new RecordLayout(knowledge, tag => units.Select(u => Find(u, tag)).FirstOrDefault(r => r is not null), units.SelectMany(u => u.Macros));
        var pageLayout = layout.Of(page);
        var refcount = pageLayout.Member(knowledge.RefcountField);
        foreach (var overlay in overlays)
        {
            foreach (var overlap in TailRefcountOverlay.Find(overlay, page, layout, knowledge))
            {
                var member = overlap.Member;
                var evidence = refcount is null
                    ? null
                    : new[]
                    {
                        new RawEvidence(
                            pageUnit.Path,
                            refcount.Field.Span,
                            $"struct {page.Name} is {pageLayout.Size} bytes with {knowledge.RefcountField} at offset {refcount.Offset}, so tail page {overlap.TailPage}'s {knowledge.RefcountField} is bytes {overlap.SlotOffset}-{overlap.SlotOffset + overlap.SlotSize - 1} of struct {overlay.Name}; {member.Path} is bytes {member.Offset}-{member.Offset + member.Size - 1}",
                            null),
                    };
                context.Report(
                    TailPageRefcountWriteRule.RuleId,
                    member.Field.Span,
                    function: null,
                    key: $"layout {overlay.Name}.{member.Path}",
                    messageArguments: new object?[] { member.Path, overlap.TailPage },
                    evidence: evidence,
                    fixHint: $"move {member.Path} to a slot that no tail page's {knowledge.RefcountField} occupies, and keep the slot reserved with a placeholder named for it ({knowledge.RefcountField}_{overlap.TailPage})",
                    messageVariant: "layout");
            }
        }
    }

    private static RecordDef? Find(SourceUnit unit, string tag) =>
        unit.Records.FirstOrDefault(r => r.Name == tag && r.Fields.Length > 0);
}
