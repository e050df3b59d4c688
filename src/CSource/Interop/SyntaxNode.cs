using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace Folint.CSource.Interop;

/// <summary>A 0-based row and byte column, as tree-sitter counts them.</summary>
public readonly record struct TreePoint(int Row, int Column);

/// <summary>A node of a <see cref="SyntaxTree"/>; cheap to copy, keeps its tree alive.</summary>
public readonly struct SyntaxNode : IEquatable<SyntaxNode>
{
    internal readonly TSNode Raw;

    internal SyntaxNode(TSNode raw, SyntaxTree tree)
    {
        Raw = raw;
        Tree = tree;
    }

    public SyntaxTree Tree { get; }

    /// <summary>A null node of the same tree (what tree-sitter returns for an absent child).</summary>
    public static SyntaxNode Null(SyntaxNode sameTree) => new(default, sameTree.Tree);

    public bool IsNull => Raw.IsNull;

    public ushort Symbol => Native.ts_node_symbol(Raw);

    /// <summary>The grammar's name for the node type (<c>call_expression</c>, <c>ERROR</c>, <c>;</c>).</summary>
    public string Kind => CLanguage.SymbolName(Symbol);

    public bool IsNamed => Native.ts_node_is_named(Raw);

    public bool IsMissing => Native.ts_node_is_missing(Raw);

    public bool IsError => Native.ts_node_is_error(Raw);

    public bool IsExtra => Native.ts_node_is_extra(Raw);

    /// <summary>True when this node or any descendant is an ERROR or MISSING node.</summary>
    public bool HasError => Native.ts_node_has_error(Raw);

    public int StartByte => (int)Native.ts_node_start_byte(Raw);

    public int EndByte => (int)Native.ts_node_end_byte(Raw);

    public TreePoint StartPoint => ToPoint(Native.ts_node_start_point(Raw));

    public TreePoint EndPoint => ToPoint(Native.ts_node_end_point(Raw));

    public int ChildCount => (int)Native.ts_node_child_count(Raw);

    public int NamedChildCount => (int)Native.ts_node_named_child_count(Raw);

    public int DescendantCount => (int)Native.ts_node_descendant_count(Raw);

    public SyntaxNode Parent => Wrap(Native.ts_node_parent(Raw));

    public SyntaxNode NextSibling => Wrap(Native.ts_node_next_sibling(Raw));

    public SyntaxNode NextNamedSibling => Wrap(Native.ts_node_next_named_sibling(Raw));

    public SyntaxNode Child(int index) => Wrap(Native.ts_node_child(Raw, (uint)index));

    public SyntaxNode NamedChild(int index) => Wrap(Native.ts_node_named_child(Raw, (uint)index));

    public SyntaxNode ChildByField(ushort fieldId) => Wrap(Native.ts_node_child_by_field_id(Raw, fieldId));

    public SyntaxNode ChildByField(string field) => ChildByField(CLanguage.FieldId(field));

    public string? FieldNameForChild(int index) => Marshal.PtrToStringUTF8(Native.ts_node_field_name_for_child(Raw, (uint)index));

    public string Text => Tree.Text(StartByte, EndByte);

    public IEnumerable<SyntaxNode> Children
    {
        get
        {
            var count = ChildCount;
            for (var i = 0; i < count; i++)
                yield return Child(i);
        }
    }

    public IEnumerable<SyntaxNode> NamedChildren
    {
        get
        {
            var count = NamedChildCount;
            for (var i = 0; i < count; i++)
                yield return NamedChild(i);
        }
    }

    /// <summary>The S-expression tree-sitter prints for this node (tests and debugging).</summary>
    public string ToSExpression()
    {
        var raw = Native.ts_node_string(Raw);
        try
        {
            return Marshal.PtrToStringUTF8(raw) ?? "";
        }
        finally
        {
            Native.folint_ts_free(raw);
        }
    }

    public TreeCursor Walk() => new(this);

    public bool Equals(SyntaxNode other) => Raw.Id == other.Raw.Id && Raw.Tree == other.Raw.Tree && Raw.Context0 == other.Raw.Context0;

    public override bool Equals(object? obj) => obj is SyntaxNode other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Raw.Id, Raw.Tree, Raw.Context0);

    public override string ToString() => IsNull ? "(null)" : $"{Kind} [{StartByte}..{EndByte})";

    private SyntaxNode Wrap(TSNode raw) => new(raw, Tree);

    private static TreePoint ToPoint(TSPoint p) => new((int)p.Row, (int)p.Column);
}
