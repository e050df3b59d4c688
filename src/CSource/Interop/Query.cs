using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;

namespace Folint.CSource.Interop;

internal sealed class QuerySyntaxException(string message, int offset) : Exception(message)
{
    public int Offset { get; } = offset;
}

internal readonly record struct QueryCapture(string Name, SyntaxNode Node);

internal sealed record QueryMatch(int PatternIndex, ImmutableArray<QueryCapture> Captures);

/// <summary>A compiled tree-sitter query over the C grammar.</summary>
internal sealed unsafe class Query : IDisposable
{
    private readonly QueryHandle _handle;
    private readonly string[] _captureNames;

    public Query(string source)
    {
        var bytes = Encoding.UTF8.GetBytes(source);
        uint errorOffset;
        TSQueryError errorType;
        IntPtr raw;
        fixed (byte* text = bytes)
            raw = Native.ts_query_new(CLanguage.Handle, text, (uint)bytes.Length, &errorOffset, &errorType);
        if (raw == IntPtr.Zero)
            throw new QuerySyntaxException($"invalid tree-sitter query ({errorType}) at byte {errorOffset}", (int)errorOffset);
        _handle = new QueryHandle();
        Marshal.InitHandle(_handle, raw);
        var count = Native.ts_query_capture_count(raw);
        _captureNames = new string[count];
        for (uint i = 0; i < count; i++)
        {
            uint length;
            var name = Native.ts_query_capture_name_for_id(raw, i, &length);
            _captureNames[i] = Marshal.PtrToStringUTF8(name, (int)length);
        }
    }

    public IReadOnlyList<string> CaptureNames => _captureNames;

    /// <summary>All matches under <paramref name="node"/>, materialized so no native cursor outlives the call.</summary>
    public IReadOnlyList<QueryMatch> Matches(SyntaxNode node)
    {
        node.Tree.ThrowIfDisposed();
        var results = new List<QueryMatch>();
        using var cursor = new QueryCursorHandle();
        Marshal.InitHandle(cursor, Native.ts_query_cursor_new());
        var rawCursor = cursor.DangerousGetHandle();
        Native.ts_query_cursor_exec(rawCursor, _handle.DangerousGetHandle(), node.Raw);
        TSQueryMatch match;
        while (Native.ts_query_cursor_next_match(rawCursor, &match))
        {
            var captures = ImmutableArray.CreateBuilder<QueryCapture>(match.CaptureCount);
            for (var i = 0; i < match.CaptureCount; i++)
            {
                var capture = match.Captures[i];
                captures.Add(new QueryCapture(_captureNames[capture.Index], new SyntaxNode(capture.Node, node.Tree)));
            }
            results.Add(new QueryMatch(match.PatternIndex, captures.MoveToImmutable()));
        }
        GC.KeepAlive(node.Tree);
        return results;
    }

    public void Dispose() => _handle.Dispose();
}
