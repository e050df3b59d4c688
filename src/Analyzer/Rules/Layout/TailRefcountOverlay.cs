using System;
using System.Collections.Immutable;
using Folint.Analyzer.Model;

namespace Folint.Analyzer.Rules.Layout;

/// <summary>A member of an overlay record (struct folio) that lies over the refcount of tail page <paramref name="TailPage"/>.</summary>
internal sealed record TailRefcountOverlap(LaidOutMember Member, int TailPage, long SlotOffset, long SlotSize);

/// <summary>
/// Seed 001: struct folio lies over its first struct pages, and every page after the first is a tail page whose
/// _refcount must stay 0, because PFN walkers and GUP-fast try speculative references on pages they believe to be
/// heads. A folio member stored over a tail page's _refcount (the total mapcount that was proposed for page 1's
/// slot) is corrupted by every such attempt, or makes it succeed on a tail. The tree reserves those slots with
/// placeholders named for them (_refcount_1); a member of type struct page is the page itself and is not a member
/// stored over it.
/// </summary>
internal static class TailRefcountOverlay
{
    public static ImmutableArray<TailRefcountOverlap> Find(RecordDef overlay, RecordDef page, RecordLayout layout, LayoutKnowledge knowledge)
    {
        var pageLayout = layout.Of(page);
        var refcount = pageLayout.Member(knowledge.RefcountField)
            ?? throw new LayoutException($"struct {page.Name} has no member {knowledge.RefcountField} in the assumed configuration");
        var overlayLayout = layout.Of(overlay);
        var found = ImmutableArray.CreateBuilder<TailRefcountOverlap>();
        foreach (var member in overlayLayout.Members)
        {
            if (IsPage(member.Field, page) || IsPlaceholder(member.Field, knowledge) || member.Field.Nested is not null)
                continue;
            var end = member.Offset + member.Size;
            for (var tail = 1; tail * pageLayout.Size < end; tail++)
            {
                var slot = tail * pageLayout.Size + refcount.Offset;
                if (member.Offset < slot + refcount.Size && slot < end)
                    found.Add(new TailRefcountOverlap(member, tail, slot, refcount.Size));
            }
        }
        return found.ToImmutable();
    }

    private static bool IsPage(FieldDef field, RecordDef page) =>
        field.Type.PointerDepth == 0 && field.Type.RecordTag == page.Name && field.Type.Base.StartsWith("struct ", StringComparison.Ordinal);

    private static bool IsPlaceholder(FieldDef field, LayoutKnowledge knowledge)
    {
        if (field.Name is null)
            return false;
        foreach (var prefix in knowledge.PlaceholderPrefixes)
        {
            if (field.Name.StartsWith(prefix, StringComparison.Ordinal))
                return true;
        }
        return false;
    }
}
