using System.Collections.Immutable;

namespace Folint.Analyzer.Model;

public sealed record Parameter(TextSpan Span, string? Name, TypeRef Type);

[System.Flags]
public enum StorageClass
{
    None = 0,
    Static = 1,
    Inline = 2,
    Extern = 4,
    /// <summary><c>__always_inline</c> and friends: the body is part of every caller.</summary>
    AlwaysInline = 8,
}

/// <summary>A function definition with its lowered body.</summary>
public sealed record FunctionDef(
    string Name,
    TextSpan Span,
    TextSpan NameSpan,
    TypeRef ReturnType,
    ImmutableArray<Parameter> Parameters,
    StorageClass Storage,
    ImmutableArray<string> Annotations,
    BlockStmt Body,
    bool HasParseErrors)
{
    public bool IsInline => (Storage & (StorageClass.Inline | StorageClass.AlwaysInline)) != 0;

    public bool IsStatic => (Storage & StorageClass.Static) != 0;
}

public sealed record EnumMember(TextSpan Span, string Name, Expr? Value, string? ValueText);

public sealed record EnumDef(TextSpan Span, string? Name, ImmutableArray<EnumMember> Members);

public enum RecordKind { Struct, Union }

/// <summary>
/// A struct or union member. Anonymous members carry their nested definition in <see cref="Nested"/>
/// and have no name; named members of an inline struct type carry both. <see cref="Condition"/> is the
/// preprocessor condition the member sits under, nested conditions joined with &amp;&amp; (<c>defined(CONFIG_MEMCG)</c>,
/// <c>!CONFIG_64BIT</c>; an <c>#elif</c>/<c>#else</c> branch carries the negation of the branches before it:
/// <c>!defined(CONFIG_MEMCG) &amp;&amp; defined(CONFIG_SLAB_OBJ_EXT)</c>), or null.
/// </summary>
public sealed record FieldDef(TextSpan Span, string? Name, TypeRef Type, string? BitWidth, RecordDef? Nested, PpExpr? Condition = null);

public sealed record RecordDef(TextSpan Span, RecordKind Kind, string? Name, ImmutableArray<FieldDef> Fields);

/// <summary>A <c>#define</c>. Parameters is default for object-like macros; Body has continuations joined.</summary>
public sealed record MacroDef(
    TextSpan Span,
    string Name,
    ImmutableArray<string> Parameters,
    bool IsVariadic,
    string Body)
{
    public bool IsFunctionLike => !Parameters.IsDefault;
}

/// <summary>A macro invoked at file scope, such as <c>FOLIO_FLAG(large_rmappable, FOLIO_SECOND_PAGE)</c>.</summary>
public sealed record MacroUse(TextSpan Span, string Name, ImmutableArray<string> Arguments);

/// <summary>A parse problem the frontend noticed in a file (kept, counted and reported, never fatal).</summary>
public sealed record ParseProblem(TextSpan Span, string Message);

/// <summary>Everything the C frontend knows about one file, with paths relative to the tree root.</summary>
public sealed record SourceUnit(
    string Path,
    LineMap Lines,
    ImmutableArray<FunctionDef> Functions,
    ImmutableArray<EnumDef> Enums,
    ImmutableArray<RecordDef> Records,
    ImmutableArray<MacroDef> Macros,
    ImmutableArray<MacroUse> MacroUses,
    ImmutableArray<ParseProblem> Problems)
{
    public LinePosition Position(int offset) => Lines.GetPosition(offset);
}
