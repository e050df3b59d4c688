using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Folint.Analyzer.Rules.Knowledge;

namespace Folint.Analyzer.Rules.Layout;

/// <summary>Size and alignment of a type, in bytes.</summary>
public readonly record struct TypeSize(long Size, long Align);

/// <summary>
/// What the layout check assumes about the kernel it lays out (rules/kernel/layout.yaml): the configuration
/// (which CONFIG_ symbols are set: x86-64, defconfig-like), the LP64 sizes of scalar types and of the kernel
/// types struct page and struct folio use without defining them, and which members are the placeholders the
/// tree reserves over the tail pages' refcounts.
/// </summary>
internal sealed class LayoutKnowledge
{
    public const string File = "rules/kernel/layout.yaml";

    private LayoutKnowledge(
        ImmutableDictionary<string, long> defined,
        ImmutableDictionary<string, TypeSize> sizes,
        ImmutableArray<string> placeholderPrefixes,
        string pageRecord,
        string refcountField,
        ImmutableArray<string> overlayRecords,
        string pageHeader)
    {
        Defined = defined;
        Sizes = sizes;
        PlaceholderPrefixes = placeholderPrefixes;
        PageRecord = pageRecord;
        RefcountField = refcountField;
        OverlayRecords = overlayRecords;
        PageHeader = pageHeader;
    }

    /// <summary>Macros defined in the assumed configuration, with their values.</summary>
    public ImmutableDictionary<string, long> Defined { get; }

    /// <summary>Types by their spelling with qualifiers dropped and whitespace collapsed (<c>unsigned long</c>, <c>struct list_head</c>).</summary>
    public ImmutableDictionary<string, TypeSize> Sizes { get; }

    /// <summary>Member name prefixes of the slots reserved over a tail page's refcount (<c>_refcount</c> matches <c>_refcount_1</c>).</summary>
    public ImmutableArray<string> PlaceholderPrefixes { get; }

    /// <summary>The record whose array the overlay records lie over (<c>page</c>).</summary>
    public string PageRecord { get; }

    /// <summary>The refcount member of that record (<c>_refcount</c>).</summary>
    public string RefcountField { get; }

    /// <summary>Records laid over consecutive struct pages, the first being the head (<c>folio</c>).</summary>
    public ImmutableArray<string> OverlayRecords { get; }

    /// <summary>The tree header that defines the page record when the checked unit does not (<c>include/linux/mm_types.h</c>).</summary>
    public string PageHeader { get; }

    /// <summary>The section of layout.yaml, with the size table keyed by <see cref="TypeName"/>.</summary>
    public static LayoutKnowledge From(LayoutSection layout) => new(
        layout.Config,
        layout.Sizes.ToImmutableDictionary(entry => TypeName(entry.Key), entry => entry.Value, StringComparer.Ordinal),
        layout.PlaceholderPrefixes,
        layout.PageRecord,
        layout.RefcountField,
        layout.OverlayRecords,
        layout.PageHeader);

    /// <summary>A type's spelling as the size table keys it: qualifiers dropped, <c>unsigned</c> alone read as <c>unsigned int</c>.</summary>
    public static string TypeName(string spelling)
    {
        var words = new List<string>();
        foreach (var word in spelling.Split(new[] { ' ', '\t', '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries))
        {
            if (word is "const" or "volatile" or "__rcu")
                continue;
            words.Add(word);
        }
        var name = string.Join(" ", words);
        return name switch
        {
            "unsigned" => "unsigned int",
            "signed" or "signed int" => "int",
            "long int" or "signed long" => "long",
            "unsigned long int" => "unsigned long",
            "short int" or "signed short" => "short",
            "unsigned short int" => "unsigned short",
            _ => name,
        };
    }
}
