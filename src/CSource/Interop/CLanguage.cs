using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace Folint.CSource.Interop;

/// <summary>The tree-sitter C grammar: symbol and field names, looked up once.</summary>
internal static class CLanguage
{
    private static readonly Lazy<Tables> _tables = new(Load);

    internal static IntPtr Handle => _tables.Value.Language;

    public static uint AbiVersion => Native.ts_language_abi_version(Handle);

    public static int SymbolCount => _tables.Value.SymbolNames.Length;

    public static string SymbolName(ushort symbol)
    {
        var names = _tables.Value.SymbolNames;
        return symbol < names.Length ? names[symbol] : "?";
    }

    /// <summary>Every symbol id with this name (tree-sitter may alias several ids to one name).</summary>
    public static IReadOnlyList<ushort> SymbolsNamed(string name) =>
        _tables.Value.SymbolsByName.TryGetValue(name, out var ids) ? ids : Array.Empty<ushort>();

    public static ushort FieldId(string name) =>
        _tables.Value.FieldIds.TryGetValue(name, out var id) ? id : throw new ArgumentException($"the C grammar has no field '{name}'", nameof(name));

    public static string? FieldName(ushort id)
    {
        var names = _tables.Value.FieldNames;
        return id > 0 && id < names.Length ? names[id] : null;
    }

    private sealed record Tables(
        IntPtr Language,
        string[] SymbolNames,
        Dictionary<string, ushort[]> SymbolsByName,
        string[] FieldNames,
        Dictionary<string, ushort> FieldIds);

    private static Tables Load()
    {
        Native.EnsureLoaded();
        var language = Native.tree_sitter_c();
        var symbolCount = (int)Native.ts_language_symbol_count(language);
        var symbols = new string[symbolCount];
        var byName = new Dictionary<string, List<ushort>>(StringComparer.Ordinal);
        for (var i = 0; i < symbolCount; i++)
        {
            var name = Marshal.PtrToStringUTF8(Native.ts_language_symbol_name(language, (ushort)i)) ?? "";
            symbols[i] = name;
            if (!byName.TryGetValue(name, out var list))
                byName[name] = list = new List<ushort>();
            list.Add((ushort)i);
        }
        var fieldCount = (int)Native.ts_language_field_count(language);
        var fields = new string[fieldCount + 1];
        var fieldIds = new Dictionary<string, ushort>(StringComparer.Ordinal);
        for (var i = 1; i <= fieldCount; i++)
        {
            var name = Marshal.PtrToStringUTF8(Native.ts_language_field_name_for_id(language, (ushort)i)) ?? "";
            fields[i] = name;
            fieldIds[name] = (ushort)i;
        }
        var frozen = new Dictionary<string, ushort[]>(StringComparer.Ordinal);
        foreach (var (name, ids) in byName)
            frozen[name] = ids.ToArray();
        return new Tables(language, symbols, frozen, fields, fieldIds);
    }
}
