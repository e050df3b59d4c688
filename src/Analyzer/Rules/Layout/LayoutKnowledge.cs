using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;

namespace Folint.Analyzer.Rules.Layout;

/// <summary>Size and alignment of a type, in bytes.</summary>
public readonly record struct TypeSize(long Size, long Align);

/// <summary>An entry of rules/kernel/layout.yaml that cannot be read; names the file, the list and the entry.</summary>
public sealed class LayoutKnowledgeException : Exception
{
    public LayoutKnowledgeException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// What the layout check assumes about the kernel it lays out (rules/kernel/layout.yaml): the configuration
/// (which CONFIG_ symbols are set: x86-64, defconfig-like), the LP64 sizes of scalar types and of the kernel
/// types struct page and struct folio use without defining them, and which members are the placeholders the
/// tree reserves over the tail pages' refcounts.
/// </summary>
public sealed class LayoutKnowledge
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

    public static LayoutKnowledge From(KernelKnowledge knowledge)
    {
        var defined = ImmutableDictionary.CreateBuilder<string, long>(StringComparer.Ordinal);
        foreach (var entry in knowledge.List("layout.config"))
        {
            var parts = entry.Split(new[] { '=' }, 2);
            var name = parts[0].Trim();
            if (name.Length == 0)
                throw Bad("config", entry, "a macro name, optionally '=value'");
            long value = 1;
            if (parts.Length == 2 && !long.TryParse(parts[1].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value))
                throw Bad("config", entry, "NAME or NAME=integer");
            defined[name] = value;
        }

        var sizes = ImmutableDictionary.CreateBuilder<string, TypeSize>(StringComparer.Ordinal);
        foreach (var entry in knowledge.List("layout.sizes"))
        {
            // "<type> <size> <align>": the type may have spaces (unsigned long, struct list_head).
            var words = entry.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 3
                || !long.TryParse(words[words.Length - 2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var size)
                || !long.TryParse(words[words.Length - 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var align)
                || size <= 0 || align <= 0)
            {
                throw Bad("sizes", entry, "'<type> <size> <align>' with positive sizes, e.g. 'atomic_t 4 4'");
            }
            sizes[TypeName(string.Join(" ", words, 0, words.Length - 2))] = new TypeSize(size, align);
        }
        if (sizes.Count == 0)
            throw new LayoutKnowledgeException($"{File}: the 'sizes' list is missing or empty; the layout check needs the sizes of the scalar types");

        return new LayoutKnowledge(
            defined.ToImmutable(),
            sizes.ToImmutable(),
            knowledge.List("layout.placeholder_prefixes"),
            Single(knowledge, "page_record", "page"),
            Single(knowledge, "refcount_field", "_refcount"),
            OverlayRecordNames(knowledge),
            Single(knowledge, "page_header", "include/linux/mm_types.h"));
    }

    /// <summary>The records laid over consecutive struct pages (<c>folio</c> unless layout.yaml says otherwise).</summary>
    public static ImmutableArray<string> OverlayRecordNames(KernelKnowledge knowledge)
    {
        var names = knowledge.List("layout.overlay_records");
        return names.IsDefaultOrEmpty ? ImmutableArray.Create("folio") : names;
    }

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

    private static string Single(KernelKnowledge knowledge, string key, string fallback)
    {
        var list = knowledge.List("layout." + key);
        if (list.IsDefaultOrEmpty)
            return fallback;
        if (list.Length != 1)
            throw new LayoutKnowledgeException($"{File}: '{key}' must hold exactly one name, found {list.Length}");
        return list[0];
    }

    private static LayoutKnowledgeException Bad(string list, string entry, string expected) =>
        new($"{File}: entry '{entry}' of '{list}' is not {expected}");
}
