using System;
using System.Runtime.InteropServices;

namespace Folint.CSource.Interop;

internal sealed class ParserHandle : SafeHandle
{
    public ParserHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Native.ts_parser_delete(handle);
        return true;
    }
}

internal sealed class TreeHandle : SafeHandle
{
    public TreeHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Native.ts_tree_delete(handle);
        return true;
    }
}

internal sealed class QueryHandle : SafeHandle
{
    public QueryHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Native.ts_query_delete(handle);
        return true;
    }
}

internal sealed class QueryCursorHandle : SafeHandle
{
    public QueryCursorHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Native.ts_query_cursor_delete(handle);
        return true;
    }
}
