using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Folint.CSource.Interop;

// The tree-sitter C API, under its own names. Only this folder P/Invokes; nothing here is public.
// Every C bool is marshalled as one byte; TSNode travels by value.

[StructLayout(LayoutKind.Sequential)]
internal struct TSNode
{
    public uint Context0;
    public uint Context1;
    public uint Context2;
    public uint Context3;
    public IntPtr Id;
    public IntPtr Tree;

    public readonly bool IsNull => Id == IntPtr.Zero;
}

[StructLayout(LayoutKind.Sequential)]
internal struct TSPoint
{
    public uint Row;
    public uint Column;
}

[StructLayout(LayoutKind.Sequential)]
internal struct TSTreeCursor
{
    public IntPtr Tree;
    public IntPtr Id;
    public uint Context0;
    public uint Context1;
    public uint Context2;
}

[StructLayout(LayoutKind.Sequential)]
internal struct TSQueryCapture
{
    public TSNode Node;
    public uint Index;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct TSQueryMatch
{
    public uint Id;
    public ushort PatternIndex;
    public ushort CaptureCount;
    public TSQueryCapture* Captures;
}

internal enum TSQueryError : uint
{
    None = 0,
    Syntax,
    NodeType,
    Field,
    Capture,
    Structure,
    Language,
}

internal static unsafe partial class Native
{
    internal const string Library = "folint-treesitter";

    static Native()
    {
        NativeLibrary.SetDllImportResolver(typeof(Native).Assembly, Resolve);
    }

    /// <summary>Forces the resolver to be registered before the first call through any wrapper.</summary>
    internal static void EnsureLoaded() { }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Library)
            return IntPtr.Zero;
        var file = "lib" + Library + ".so";
        foreach (var dir in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(assembly.Location) })
        {
            if (string.IsNullOrEmpty(dir))
                continue;
            var candidate = Path.Combine(dir, file);
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle))
                return handle;
        }
        throw new DllNotFoundException(
            $"{file} was not found beside {assembly.GetName().Name}.dll; it is built from pinned sources by 'dotnet build' of src/CSource (native/build-native.sh)");
    }

    [LibraryImport(Library)] internal static partial IntPtr tree_sitter_c();
    [LibraryImport(Library)] internal static partial void folint_ts_free(IntPtr pointer);

    [LibraryImport(Library)] internal static partial IntPtr ts_parser_new();
    [LibraryImport(Library)] internal static partial void ts_parser_delete(IntPtr parser);
    [LibraryImport(Library)] [return: MarshalAs(UnmanagedType.U1)] internal static partial bool ts_parser_set_language(IntPtr parser, IntPtr language);
    [LibraryImport(Library)] internal static partial IntPtr ts_parser_parse_string(IntPtr parser, IntPtr oldTree, byte* source, uint length);
    [LibraryImport(Library)] internal static partial void ts_parser_set_timeout_micros(IntPtr parser, ulong timeout);
    [LibraryImport(Library)] internal static partial void ts_parser_reset(IntPtr parser);

    [LibraryImport(Library)] internal static partial void ts_tree_delete(IntPtr tree);
    [LibraryImport(Library)] internal static partial TSNode ts_tree_root_node(IntPtr tree);

    [LibraryImport(Library)] internal static partial IntPtr ts_node_type(TSNode node);
    [LibraryImport(Library)] internal static partial ushort ts_node_symbol(TSNode node);
    [LibraryImport(Library)] internal static partial uint ts_node_start_byte(TSNode node);
    [LibraryImport(Library)] internal static partial uint ts_node_end_byte(TSNode node);
    [LibraryImport(Library)] internal static partial TSPoint ts_node_start_point(TSNode node);
    [LibraryImport(Library)] internal static partial TSPoint ts_node_end_point(TSNode node);
    [LibraryImport(Library)] internal static partial IntPtr ts_node_string(TSNode node);
    [LibraryImport(Library)] [return: MarshalAs(UnmanagedType.U1)] internal static partial bool ts_node_is_named(TSNode node);
    [LibraryImport(Library)] [return: MarshalAs(UnmanagedType.U1)] internal static partial bool ts_node_is_missing(TSNode node);
    [LibraryImport(Library)] [return: MarshalAs(UnmanagedType.U1)] internal static partial bool ts_node_is_extra(TSNode node);
    [LibraryImport(Library)] [return: MarshalAs(UnmanagedType.U1)] internal static partial bool ts_node_has_error(TSNode node);
    [LibraryImport(Library)] [return: MarshalAs(UnmanagedType.U1)] internal static partial bool ts_node_is_error(TSNode node);
    [LibraryImport(Library)] internal static partial TSNode ts_node_parent(TSNode node);
    [LibraryImport(Library)] internal static partial TSNode ts_node_child(TSNode node, uint index);
    [LibraryImport(Library)] internal static partial uint ts_node_child_count(TSNode node);
    [LibraryImport(Library)] internal static partial TSNode ts_node_named_child(TSNode node, uint index);
    [LibraryImport(Library)] internal static partial uint ts_node_named_child_count(TSNode node);
    [LibraryImport(Library)] internal static partial TSNode ts_node_child_by_field_id(TSNode node, ushort fieldId);
    [LibraryImport(Library)] internal static partial IntPtr ts_node_field_name_for_child(TSNode node, uint index);
    [LibraryImport(Library)] internal static partial TSNode ts_node_next_sibling(TSNode node);
    [LibraryImport(Library)] internal static partial TSNode ts_node_next_named_sibling(TSNode node);
    [LibraryImport(Library)] internal static partial uint ts_node_descendant_count(TSNode node);

    [LibraryImport(Library)] internal static partial TSTreeCursor ts_tree_cursor_new(TSNode node);
    [LibraryImport(Library)] internal static partial void ts_tree_cursor_delete(TSTreeCursor* cursor);
    [LibraryImport(Library)] internal static partial void ts_tree_cursor_reset(TSTreeCursor* cursor, TSNode node);
    [LibraryImport(Library)] internal static partial TSNode ts_tree_cursor_current_node(TSTreeCursor* cursor);
    [LibraryImport(Library)] internal static partial ushort ts_tree_cursor_current_field_id(TSTreeCursor* cursor);
    [LibraryImport(Library)] [return: MarshalAs(UnmanagedType.U1)] internal static partial bool ts_tree_cursor_goto_first_child(TSTreeCursor* cursor);
    [LibraryImport(Library)] [return: MarshalAs(UnmanagedType.U1)] internal static partial bool ts_tree_cursor_goto_next_sibling(TSTreeCursor* cursor);
    [LibraryImport(Library)] [return: MarshalAs(UnmanagedType.U1)] internal static partial bool ts_tree_cursor_goto_parent(TSTreeCursor* cursor);

    [LibraryImport(Library)] internal static partial uint ts_language_symbol_count(IntPtr language);
    [LibraryImport(Library)] internal static partial IntPtr ts_language_symbol_name(IntPtr language, ushort symbol);
    [LibraryImport(Library)] internal static partial uint ts_language_symbol_type(IntPtr language, ushort symbol);
    [LibraryImport(Library)] internal static partial uint ts_language_field_count(IntPtr language);
    [LibraryImport(Library)] internal static partial IntPtr ts_language_field_name_for_id(IntPtr language, ushort id);
    [LibraryImport(Library)] internal static partial uint ts_language_abi_version(IntPtr language);

    [LibraryImport(Library)] internal static partial IntPtr ts_query_new(IntPtr language, byte* source, uint length, uint* errorOffset, TSQueryError* errorType);
    [LibraryImport(Library)] internal static partial void ts_query_delete(IntPtr query);
    [LibraryImport(Library)] internal static partial uint ts_query_capture_count(IntPtr query);
    [LibraryImport(Library)] internal static partial IntPtr ts_query_capture_name_for_id(IntPtr query, uint index, uint* length);
    [LibraryImport(Library)] internal static partial IntPtr ts_query_cursor_new();
    [LibraryImport(Library)] internal static partial void ts_query_cursor_delete(IntPtr cursor);
    [LibraryImport(Library)] internal static partial void ts_query_cursor_exec(IntPtr cursor, IntPtr query, TSNode node);
    [LibraryImport(Library)] [return: MarshalAs(UnmanagedType.U1)] internal static partial bool ts_query_cursor_next_match(IntPtr cursor, TSQueryMatch* match);
}
