using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using Folint.Analyzer.Model;
using Folint.CSource.Interop;

namespace Folint.CSource.Lowering;

/// <summary>
/// Lowers one tree-sitter C tree into the language-neutral model: top-level definitions
/// (functions, structs/unions, enums, macros, file-scope macro uses) and function bodies.
/// Nothing is dropped silently: constructs the model has no record for become Opaque nodes
/// that keep their lowered children, so calls inside them are still seen.
/// </summary>
internal sealed partial class CLowering
{
    private readonly SyntaxTree _tree;
    private readonly byte[] _original;
    private readonly IReadOnlyDictionary<int, string> _iteratorLoops;
    private readonly IReadOnlyDictionary<int, PpExpr> _conditions;
    private readonly CancellationToken _cancellationToken;
    private readonly List<ParseProblem> _problems = new();
    private readonly List<FunctionDef> _functions = new();
    private readonly List<EnumDef> _enums = new();
    private readonly List<RecordDef> _records = new();
    private readonly List<MacroDef> _macros = new();
    private readonly List<MacroUse> _macroUses = new();
    private readonly string _path;
    private int _depth;

    /// <summary>
    /// Statements and expressions nested deeper than this stop the lowering of the file: no kernel C comes near
    /// (the deepest in linux-source-6.12 is far below), while a generated or hostile file nested tens of
    /// thousands deep would overflow the stack of the lowering and of every rule walking the model after it.
    /// </summary>
    public const int MaxNesting = 1000;

    /// <param name="tree">The tree of the normalized text.</param>
    /// <param name="original">The file's bytes before normalization (same length): headers are read from it.</param>
    /// <param name="iteratorLoops">Start offsets of loops the normalizer made from iterator macros, with the macro's name.</param>
    /// <param name="conditions">The <c>#if</c> conditions read when the file was lexed, by the offset of the directive's <c>#</c>.</param>
    private CLowering(
        string path,
        SyntaxTree tree,
        byte[] original,
        IReadOnlyDictionary<int, string> iteratorLoops,
        IReadOnlyDictionary<int, PpExpr> conditions,
        CancellationToken cancellationToken)
    {
        _path = path;
        _tree = tree;
        _original = original;
        _iteratorLoops = iteratorLoops;
        _conditions = conditions;
        _cancellationToken = cancellationToken;
    }

    public static SourceUnit Lower(
        string path,
        SyntaxTree tree,
        byte[] original,
        IReadOnlyDictionary<int, string> iteratorLoops,
        IReadOnlyDictionary<int, PpExpr> conditions,
        CancellationToken cancellationToken = default)
    {
        var lowering = new CLowering(path, tree, original, iteratorLoops, conditions, cancellationToken);
        lowering.TopLevel(tree.Root, condition: null);
        return new SourceUnit(
            path,
            LineMap.FromBytes(original),
            lowering._functions.ToImmutableArray(),
            lowering._enums.ToImmutableArray(),
            lowering._records.ToImmutableArray(),
            lowering._macros.ToImmutableArray(),
            lowering._macroUses.ToImmutableArray(),
            lowering._problems.ToImmutableArray());
    }


    // ---------------------------------------------------------------- text

    private static string TypeText(SyntaxNode type)
    {
        if (type.IsNull)
            return "?";
        if ((type.Kind == NodeKinds.StructSpecifier || type.Kind == NodeKinds.UnionSpecifier || type.Kind == NodeKinds.EnumSpecifier))
        {
            var keyword = type.Kind.Substring(0, type.Kind.IndexOf('_'));
            var name = type.ChildByField("name");
            return name.IsNull ? keyword : keyword + " " + name.Text;
        }
        return CollapseWhitespace(type.Text);
    }

    private static string CollapseWhitespace(string text)
    {
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var ch in text)
        {
            if (char.IsWhiteSpace(ch))
            {
                space = sb.Length > 0;
                continue;
            }
            if (space)
                sb.Append(' ');
            space = false;
            sb.Append(ch);
        }
        return sb.ToString();
    }

    private string OriginalText(int start, int end) =>
        Encoding.UTF8.GetString(_original, start, Math.Max(0, Math.Min(end, _original.Length) - start));

    private static TextSpan Span(SyntaxNode node) => new(node.StartByte, node.EndByte);
}
