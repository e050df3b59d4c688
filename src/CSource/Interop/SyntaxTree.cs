using System;
using System.Runtime.InteropServices;
using System.Text;

namespace Folint.CSource.Interop;

/// <summary>A tree-sitter parser for C. Not thread-safe: use one per thread.</summary>
public sealed unsafe class CParser : IDisposable
{
    private readonly ParserHandle _handle;

    public CParser()
    {
        Native.EnsureLoaded();
        var language = CLanguage.Handle;
        var raw = Native.ts_parser_new();
        if (raw == IntPtr.Zero)
            throw new OutOfMemoryException("tree-sitter could not allocate a parser");
        _handle = new ParserHandle();
        Marshal.InitHandle(_handle, raw);
        if (!Native.ts_parser_set_language(raw, language))
            throw new InvalidOperationException($"the C grammar's ABI version {Native.ts_language_abi_version(language)} is not supported by the tree-sitter runtime");
    }

    /// <summary>
    /// Parses UTF-8 bytes. Returns null when the parse was cut off by <paramref name="timeout"/>;
    /// the parser is reset so the next call starts afresh.
    /// </summary>
    public SyntaxTree? Parse(byte[] source, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var raw = _handle.DangerousGetHandle();
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        Native.ts_parser_set_timeout_micros(raw, timeout is { } t ? (ulong)Math.Max(1, t.Ticks / 10) : 0);
        IntPtr tree;
        fixed (byte* text = source)
            tree = Native.ts_parser_parse_string(raw, IntPtr.Zero, text, (uint)source.Length);
        if (tree == IntPtr.Zero)
        {
            Native.ts_parser_reset(raw);
            return null;
        }
        var handle = new TreeHandle();
        Marshal.InitHandle(handle, tree);
        return new SyntaxTree(handle, source);
    }

    public SyntaxTree? Parse(string source, TimeSpan? timeout = null) => Parse(Encoding.UTF8.GetBytes(source), timeout);

    public void Dispose() => _handle.Dispose();
}

/// <summary>A parsed file. Every <see cref="SyntaxNode"/> holds its tree, so the tree outlives its nodes.</summary>
public sealed class SyntaxTree : IDisposable
{
    private readonly TreeHandle _handle;

    internal SyntaxTree(TreeHandle handle, byte[] source)
    {
        _handle = handle;
        Source = source;
    }

    /// <summary>The bytes that were parsed.</summary>
    public byte[] Source { get; }

    public SyntaxNode Root
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return new SyntaxNode(Native.ts_tree_root_node(_handle.DangerousGetHandle()), this);
        }
    }

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_handle.IsClosed, this);

    public string Text(int start, int end) => Encoding.UTF8.GetString(Source, start, Math.Max(0, Math.Min(end, Source.Length) - start));

    public void Dispose() => _handle.Dispose();
}
