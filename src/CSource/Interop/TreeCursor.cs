using System;
using System.Runtime.InteropServices;

namespace Folint.CSource.Interop;

/// <summary>
/// A tree-sitter cursor: the fast way to walk a whole tree. The native cursor lives in unmanaged
/// memory (tree-sitter keeps pointers into it), is freed by tree-sitter, and keeps the tree alive.
/// </summary>
public sealed unsafe class TreeCursor : IDisposable
{
    private TSTreeCursor* _cursor;
    private readonly SyntaxTree _tree;

    internal TreeCursor(SyntaxNode start)
    {
        start.Tree.ThrowIfDisposed();
        _tree = start.Tree;
        _cursor = (TSTreeCursor*)NativeMemory.Alloc((nuint)sizeof(TSTreeCursor));
        *_cursor = Native.ts_tree_cursor_new(start.Raw);
    }

    public SyntaxNode Current => new(Native.ts_tree_cursor_current_node(Live), _tree);

    /// <summary>The field id under which the current node hangs from its parent (0 for none).</summary>
    public ushort FieldId => Native.ts_tree_cursor_current_field_id(Live);

    public bool GotoFirstChild() => Native.ts_tree_cursor_goto_first_child(Live);

    public bool GotoNextSibling() => Native.ts_tree_cursor_goto_next_sibling(Live);

    public bool GotoParent() => Native.ts_tree_cursor_goto_parent(Live);

    public void Reset(SyntaxNode node) => Native.ts_tree_cursor_reset(Live, node.Raw);

    private TSTreeCursor* Live => _cursor != null ? _cursor : throw new ObjectDisposedException(nameof(TreeCursor));

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    ~TreeCursor() => Release();

    private void Release()
    {
        if (_cursor == null)
            return;
        Native.ts_tree_cursor_delete(_cursor);
        NativeMemory.Free(_cursor);
        _cursor = null;
    }
}
