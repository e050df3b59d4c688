using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Folint.Analyzer.Model;

namespace Folint.Analyzer.Rules.Layout;

/// <summary>A member with its place in the outermost record: <paramref name="Path"/> joins named containers with dots.</summary>
internal sealed record LaidOutMember(string Path, FieldDef Field, long Offset, long Size);

/// <summary>The LP64 layout of a record: its size, alignment and every member that is not an anonymous container.</summary>
internal sealed record RecordLayoutResult(long Size, long Align, ImmutableArray<LaidOutMember> Members)
{
    public LaidOutMember? Member(string path)
    {
        foreach (var member in Members)
        {
            if (member.Path == path)
                return member;
        }
        return null;
    }
}

/// <summary>A record that cannot be laid out with what rules/kernel/layout.yaml knows; the message says what to add.</summary>
internal sealed class LayoutException : Exception
{
    public LayoutException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// Lays out structs and unions as gcc does on x86-64 (System V LP64): members in order, each aligned to its
/// type; bit-fields packed into units of their declared type without straddling one; unions as wide as their
/// widest member; the record rounded up to its strictest alignment. Members whose preprocessor condition is
/// false in the assumed configuration are left out.
/// </summary>
internal sealed class RecordLayout
{
    private const long PointerSize = 8;

    private readonly LayoutKnowledge _knowledge;
    private readonly Func<string, RecordDef?> _recordByTag;
    private readonly IReadOnlyDictionary<string, long> _constants;
    private readonly Dictionary<RecordDef, RecordLayoutResult> _done = new();
    private readonly HashSet<RecordDef> _inProgress = new();

    /// <param name="recordByTag">The definition of <c>struct tag</c>/<c>union tag</c> when the tree has one at hand.</param>
    /// <param name="macros">Object-like macros that array sizes and bit widths may name.</param>
    public RecordLayout(LayoutKnowledge knowledge, Func<string, RecordDef?> recordByTag, IEnumerable<MacroDef> macros)
    {
        _knowledge = knowledge;
        _recordByTag = recordByTag;
        var constants = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var macro in macros)
        {
            if (!macro.IsFunctionLike && PpExpr.Parse(macro.Body)?.Evaluate(knowledge.Defined, strict: true) is { } value)
                constants[macro.Name] = value;
        }
        foreach (var pair in knowledge.Defined)
            constants[pair.Key] = pair.Value;
        _constants = constants;
    }

    public RecordLayoutResult Of(RecordDef record)
    {
        if (_done.TryGetValue(record, out var known))
            return known;
        if (!_inProgress.Add(record))
            throw new LayoutException($"{Describe(record)} contains itself");
        try
        {
            var result = record.Kind == RecordKind.Union ? Union(record) : Struct(record);
            _done[record] = result;
            return result;
        }
        finally
        {
            _inProgress.Remove(record);
        }
    }

    private RecordLayoutResult Struct(RecordDef record)
    {
        var members = ImmutableArray.CreateBuilder<LaidOutMember>();
        long bit = 0;
        long align = 1;
        foreach (var field in record.Fields)
        {
            if (!Included(record, field))
                continue;
            var type = TypeOf(record, field, out var inner);
            if (field.BitWidth is { } widthText)
            {
                var width = Constant(record, field, widthText, "bit-field width");
                var unitBits = type.Size * 8;
                if (width == 0)
                {
                    bit = AlignUp(bit, type.Align * 8);
                    continue;
                }
                if (bit / unitBits != (bit + width - 1) / unitBits)
                    bit = AlignUp(bit, type.Align * 8);
                if (field.Name is not null)
                    members.Add(new LaidOutMember(field.Name, field, bit / 8, (bit % 8 + width + 7) / 8));
                bit += width;
                align = Math.Max(align, type.Align);
                continue;
            }
            bit = AlignUp(AlignUp(bit, 8), type.Align * 8);
            var offset = bit / 8;
            Add(members, field, inner, offset, type.Size);
            bit += type.Size * 8;
            align = Math.Max(align, type.Align);
        }
        var size = AlignUp((bit + 7) / 8, align);
        return new RecordLayoutResult(size, align, members.ToImmutable());
    }

    private RecordLayoutResult Union(RecordDef record)
    {
        var members = ImmutableArray.CreateBuilder<LaidOutMember>();
        long size = 0;
        long align = 1;
        foreach (var field in record.Fields)
        {
            if (!Included(record, field))
                continue;
            var type = TypeOf(record, field, out var inner);
            var memberSize = type.Size;
            if (field.BitWidth is { } widthText)
                memberSize = (Constant(record, field, widthText, "bit-field width") + 7) / 8;
            Add(members, field, field.BitWidth is null ? inner : null, 0, memberSize);
            size = Math.Max(size, memberSize);
            align = Math.Max(align, type.Align);
        }
        return new RecordLayoutResult(AlignUp(size, align), align, members.ToImmutable());
    }

    /// <summary>A named member is itself a member; the members of an anonymous struct or union are the container's.</summary>
    private static void Add(ImmutableArray<LaidOutMember>.Builder members, FieldDef field, RecordLayoutResult? inner, long offset, long size)
    {
        if (field.Name is not null)
            members.Add(new LaidOutMember(field.Name, field, offset, size));
        if (inner is null || field.Type.IsArray)
            return;
        var prefix = field.Name is null ? "" : field.Name + ".";
        foreach (var member in inner.Members)
            members.Add(member with { Path = prefix + member.Path, Offset = offset + member.Offset });
    }

    private bool Included(RecordDef record, FieldDef field)
    {
        if (field.Condition is null)
            return true;
        return field.Condition.Evaluate(_knowledge.Defined) is { } value
            ? value != 0
            : throw new LayoutException($"{Describe(record)}: cannot evaluate the condition '{field.Condition}' of member {field.Name ?? "(anonymous)"}");
    }

    /// <summary>The size and alignment of a member (arrays included); <paramref name="inner"/> is the layout of an inline record.</summary>
    private TypeSize TypeOf(RecordDef record, FieldDef field, out RecordLayoutResult? inner)
    {
        inner = null;
        TypeSize element;
        var type = field.Type;
        if (type.PointerDepth > 0 || type.Base.Contains("(*)"))
        {
            element = new TypeSize(PointerSize, PointerSize);
        }
        else if (field.Nested is not null)
        {
            inner = Of(field.Nested);
            element = new TypeSize(inner.Size, inner.Align);
        }
        else if (_knowledge.Sizes.TryGetValue(LayoutKnowledge.TypeName(type.Base), out var known))
        {
            element = known;
        }
        else if (type.Base.StartsWith("enum ", StringComparison.Ordinal))
        {
            element = new TypeSize(4, 4);
        }
        else if (type.RecordTag is { } tag && _recordByTag(tag) is { } definition)
        {
            // A member of a named record type (struct page __page_1, struct list_head lru) is one member:
            // what lies inside it is that record's business.
            var named = Of(definition);
            element = new TypeSize(named.Size, named.Align);
        }
        else
        {
            throw new LayoutException(
                $"{Describe(record)}: no size for type '{type.Base}' of member {field.Name ?? "(anonymous)"}; add it to 'sizes' in {LayoutKnowledge.File}");
        }

        if (!type.IsArray)
            return element;
        var count = 1L;
        foreach (var dimension in type.ArrayDimensions)
            count *= dimension.Length == 0 ? 0 : Constant(record, field, dimension, "array size");
        return new TypeSize(element.Size * count, element.Align);
    }

    private long Constant(RecordDef record, FieldDef field, string text, string what) =>
        PpExpr.Parse(text)?.Evaluate(_constants, strict: true)
        ?? throw new LayoutException($"{Describe(record)}: cannot evaluate the {what} '{text}' of member {field.Name ?? "(anonymous)"}");

    private static long AlignUp(long value, long align) => align <= 1 ? value : (value + align - 1) / align * align;

    private static string Describe(RecordDef record) =>
        (record.Kind == RecordKind.Union ? "union " : "struct ") + (record.Name ?? "(anonymous)");
}
