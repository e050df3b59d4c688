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
internal sealed class CLowering
{
    private readonly SyntaxTree _tree;
    private readonly byte[] _original;
    private readonly IReadOnlyDictionary<int, string> _iteratorLoops;
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
    private CLowering(string path, SyntaxTree tree, byte[] original, IReadOnlyDictionary<int, string> iteratorLoops, CancellationToken cancellationToken)
    {
        _path = path;
        _tree = tree;
        _original = original;
        _iteratorLoops = iteratorLoops;
        _cancellationToken = cancellationToken;
    }

    public static SourceUnit Lower(
        string path,
        SyntaxTree tree,
        byte[] original,
        IReadOnlyDictionary<int, string> iteratorLoops,
        CancellationToken cancellationToken = default)
    {
        var lowering = new CLowering(path, tree, original, iteratorLoops, cancellationToken);
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

    // ---------------------------------------------------------------- file scope

    /// <param name="alternativeCondition">
    /// When <paramref name="node"/> is a preprocessor branch: the condition its <c>#elif</c>/<c>#else</c> alternative
    /// starts from (the outer condition and the negation of this branch's own).
    /// </param>
    private void TopLevel(SyntaxNode node, string? condition, string? alternativeCondition = null)
    {
        foreach (var child in node.Children)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            switch (child.Kind)
            {
                case "function_definition":
                    _functions.Add(Function(child));
                    break;
                case "declaration":
                case "type_definition":
                case "field_declaration":
                    TypeDefinitions(child, condition);
                    break;
                case "struct_specifier":
                case "union_specifier":
                case "enum_specifier":
                    TypeSpecifier(child, condition);
                    break;
                case "preproc_def":
                    ObjectMacro(child);
                    break;
                case "preproc_function_def":
                    FunctionMacro(child);
                    break;
                case "expression_statement":
                    MacroUseAtFileScope(child);
                    break;
                case "preproc_if":
                case "preproc_ifdef":
                case "preproc_elif":
                case "preproc_elifdef":
                case "preproc_else":
                {
                    var (content, alternative) = BranchConditions(child, IsAlternative(child) ? alternativeCondition ?? condition : condition);
                    TopLevel(child, content, alternative);
                    break;
                }
                case "linkage_specification":
                case "declaration_list":
                    TopLevel(child, condition);
                    break;
                case "ERROR":
                    _problems.Add(new ParseProblem(Span(child), "unparsed code at file scope"));
                    TopLevel(child, condition);
                    break;
            }
        }
    }

    private void TypeDefinitions(SyntaxNode declaration, string? condition)
    {
        var type = declaration.ChildByField("type");
        if (!type.IsNull)
            TypeSpecifier(type, condition);
    }

    private void TypeSpecifier(SyntaxNode specifier, string? condition)
    {
        switch (specifier.Kind)
        {
            case "struct_specifier":
            case "union_specifier":
                if (!specifier.ChildByField("body").IsNull)
                    _records.Add(Record(specifier, condition));
                break;
            case "enum_specifier":
                if (!specifier.ChildByField("body").IsNull)
                    _enums.Add(Enum(specifier));
                break;
        }
    }

    private static bool IsAlternative(SyntaxNode node) => node.Kind is "preproc_elif" or "preproc_elifdef" or "preproc_else";

    /// <summary>
    /// The condition under which a preprocessor branch's content is compiled, and the one its alternative starts
    /// from: <c>#ifdef CONFIG_MEMCG ... #elif defined(CONFIG_SLAB_OBJ_EXT) ... #else ... #endif</c> gives
    /// <c>CONFIG_MEMCG</c>, <c>!CONFIG_MEMCG &amp;&amp; defined(CONFIG_SLAB_OBJ_EXT)</c> and
    /// <c>!CONFIG_MEMCG &amp;&amp; !(defined(CONFIG_SLAB_OBJ_EXT))</c>, each joined to <paramref name="outer"/>.
    /// </summary>
    private static (string? Content, string? Alternative) BranchConditions(SyntaxNode node, string? outer)
    {
        string? own = node.Kind switch
        {
            "preproc_ifdef" or "preproc_elifdef" => (node.Child(0).Text.StartsWith("#elifn", StringComparison.Ordinal) || node.Child(0).Text == "#ifndef" ? "!" : "") + node.ChildByField("name").Text,
            "preproc_if" or "preproc_elif" => node.ChildByField("condition").Text.Trim(),
            _ => null,
        };
        if (own is null)
            return (outer, outer);
        return (Join(outer, own), Join(outer, Negate(own)));

        static string Join(string? outer, string own) => outer is null ? own : outer + " && " + own;
    }

    private static string Negate(string condition)
    {
        if (IsIdentifier(condition))
            return "!" + condition;
        if (condition.StartsWith("!", StringComparison.Ordinal) && IsIdentifier(condition.Substring(1)))
            return condition.Substring(1);
        return "!(" + condition + ")";

        static bool IsIdentifier(string text)
        {
            if (text.Length == 0 || !(text[0] == '_' || char.IsAsciiLetter(text[0])))
                return false;
            foreach (var ch in text)
            {
                if (!(ch == '_' || char.IsAsciiLetterOrDigit(ch)))
                    return false;
            }
            return true;
        }
    }

    private RecordDef Record(SyntaxNode specifier, string? condition)
    {
        var kind = specifier.Kind == "union_specifier" ? RecordKind.Union : RecordKind.Struct;
        var name = specifier.ChildByField("name");
        var fields = ImmutableArray.CreateBuilder<FieldDef>();
        RecordFields(specifier.ChildByField("body"), fields, condition);
        return new RecordDef(Span(specifier), kind, name.IsNull ? null : name.Text, fields.ToImmutable());
    }

    private void RecordFields(SyntaxNode list, ImmutableArray<FieldDef>.Builder fields, string? condition, string? alternativeCondition = null)
    {
        foreach (var member in list.NamedChildren)
        {
            switch (member.Kind)
            {
                case "field_declaration":
                    FieldDeclaration(member, fields, condition);
                    break;
                case "preproc_if":
                case "preproc_ifdef":
                case "preproc_elif":
                case "preproc_elifdef":
                case "preproc_else":
                    var (content, alternative) = BranchConditions(member, IsAlternative(member) ? alternativeCondition ?? condition : condition);
                    RecordFields(member, fields, content, alternative);
                    break;
                case "ERROR":
                    _problems.Add(new ParseProblem(Span(member), "unparsed struct member"));
                    break;
            }
        }
    }

    private void FieldDeclaration(SyntaxNode member, ImmutableArray<FieldDef>.Builder fields, string? condition)
    {
        var type = member.ChildByField("type");
        RecordDef? nested = null;
        if (!type.IsNull && (type.Kind == "struct_specifier" || type.Kind == "union_specifier") && !type.ChildByField("body").IsNull)
        {
            nested = Record(type, condition);
            if (nested.Name is not null)
                _records.Add(nested);
        }
        var baseType = nested is { Name: null }
            ? (nested.Kind == RecordKind.Union ? "union" : "struct")
            : TypeText(type);
        string? bitWidth = null;
        var declarators = new List<SyntaxNode>();
        var count = member.ChildCount;
        for (var i = 0; i < count; i++)
        {
            var child = member.Child(i);
            if (member.FieldNameForChild(i) == "declarator")
                declarators.Add(child);
            else if (child.Kind == "bitfield_clause" && child.NamedChildCount > 0)
                bitWidth = child.NamedChild(0).Text;
        }
        if (declarators.Count == 0)
        {
            fields.Add(new FieldDef(Span(member), null, new TypeRef(baseType), bitWidth, nested, condition));
            return;
        }
        foreach (var declarator in declarators)
        {
            var (name, typeRef) = Declarator(declarator, baseType);
            fields.Add(new FieldDef(Span(member), name, typeRef, bitWidth, nested, condition));
        }
    }

    private EnumDef Enum(SyntaxNode specifier)
    {
        var name = specifier.ChildByField("name");
        var members = ImmutableArray.CreateBuilder<EnumMember>();
        Enumerators(specifier.ChildByField("body"), members);
        return new EnumDef(Span(specifier), name.IsNull ? null : name.Text, members.ToImmutable());
    }

    private void Enumerators(SyntaxNode list, ImmutableArray<EnumMember>.Builder members)
    {
        foreach (var child in list.NamedChildren)
        {
            if (child.Kind == "enumerator")
            {
                var value = child.ChildByField("value");
                members.Add(new EnumMember(
                    Span(child),
                    child.ChildByField("name").Text,
                    value.IsNull ? null : Expression(value),
                    value.IsNull ? null : value.Text));
            }
            else if (child.Kind.StartsWith("preproc_", StringComparison.Ordinal))
            {
                Enumerators(child, members);
            }
        }
    }

    private void ObjectMacro(SyntaxNode node)
    {
        var value = node.ChildByField("value");
        var name = node.ChildByField("name").Text;
        var body = value.IsNull ? "" : MacroBody(value);
        // A block comment inside a continued definition (`(0xffUL /* order */ | ...`) can make tree-sitter
        // misplace the name and value fields; the directive's own text is authoritative.
        if (DefineFromText(node.StartByte) is { IsFunctionLike: false } fromText)
            (name, body) = (fromText.Name, fromText.Body);
        _macros.Add(new MacroDef(Span(node), name, default, false, body));
    }

    private void FunctionMacro(SyntaxNode node)
    {
        var parameters = ImmutableArray.CreateBuilder<string>();
        var variadic = false;
        var list = node.ChildByField("parameters");
        foreach (var child in list.Children)
        {
            if (child.Kind == "identifier")
                parameters.Add(child.Text);
            else if (child.Kind == "..." || child.Text == "...")
                variadic = true;
            else if (child.Kind == "ERROR" && child.Text.Contains("...", StringComparison.Ordinal))
                variadic = true; // GNU named variadic parameter: `args...`
        }
        var value = node.ChildByField("value");
        var name = node.ChildByField("name").Text;
        var body = value.IsNull ? "" : MacroBody(value);
        if (DefineFromText(node.StartByte) is { IsFunctionLike: true } fromText && fromText.Name == name)
            body = fromText.Body;
        _macros.Add(new MacroDef(Span(node), name, parameters.ToImmutable(), variadic, body));
    }

    /// <summary>
    /// Name and body of the <c>#define</c> starting at <paramref name="start"/>, read from the original text up to
    /// the end of its logical line (continuations joined); null when the text is not a plain definition.
    /// </summary>
    private (string Name, bool IsFunctionLike, string Body)? DefineFromText(int start)
    {
        var end = start;
        while (end < _original.Length)
        {
            if (_original[end] == '/' && end + 1 < _original.Length && _original[end + 1] == '*')
            {
                var close = _original.AsSpan(end + 2).IndexOf("*/"u8);
                end = close < 0 ? _original.Length : end + 2 + close + 2;
                continue;
            }
            if (_original[end] == '\n' && !(end > start && (_original[end - 1] == '\\' || (_original[end - 1] == '\r' && end - 2 >= start && _original[end - 2] == '\\'))))
                break;
            end++;
        }
        var text = OriginalText(start, end);
        var match = System.Text.RegularExpressions.Regex.Match(text, @"^#\s*define\s+([A-Za-z_][A-Za-z0-9_]*)(\()?");
        if (!match.Success)
            return null;
        var bodyStart = match.Length;
        var functionLike = match.Groups[2].Success;
        if (functionLike)
        {
            var close = text.IndexOf(')', bodyStart);
            if (close < 0)
                return null;
            bodyStart = close + 1;
        }
        var body = text.Substring(bodyStart).Replace("\\\r\n", " ", StringComparison.Ordinal).Replace("\\\n", " ", StringComparison.Ordinal).Trim();
        return (match.Groups[1].Value, functionLike, body);
    }

    private string MacroBody(SyntaxNode value)
    {
        var text = OriginalText(value.StartByte, value.EndByte);
        return text.Replace("\\\r\n", " ", StringComparison.Ordinal).Replace("\\\n", " ", StringComparison.Ordinal).Trim();
    }

    /// <summary>
    /// Generator macros such as <c>FOLIO_FLAG(large_rmappable, FOLIO_SECOND_PAGE)</c> stand alone at file scope;
    /// tree-sitter reads each as a call statement missing its semicolon.
    /// </summary>
    private void MacroUseAtFileScope(SyntaxNode statement)
    {
        if (statement.NamedChildCount == 0)
            return;
        var call = statement.NamedChild(0);
        if (call.Kind != "call_expression")
            return;
        var callee = call.ChildByField("function");
        if (callee.Kind != "identifier")
            return;
        var arguments = ImmutableArray.CreateBuilder<string>();
        foreach (var argument in call.ChildByField("arguments").NamedChildren)
        {
            if (argument.Kind != "comment")
                arguments.Add(OriginalText(argument.StartByte, argument.EndByte).Trim());
        }
        _macroUses.Add(new MacroUse(Span(call), callee.Text, arguments.ToImmutable()));
    }

    // ---------------------------------------------------------------- functions

    private FunctionDef Function(SyntaxNode node)
    {
        var declarator = node.ChildByField("declarator");
        var function = FunctionDeclarator(declarator);
        var nameNode = function.IsNull ? SyntaxNode.Null(node) : InnermostName(function.ChildByField("declarator"));
        var name = nameNode.IsNull ? "?" : nameNode.Text;
        var typeNode = node.ChildByField("type");
        var returnPointers = PointerDepthAbove(declarator, function);
        var returnType = new TypeRef(TypeText(typeNode), returnPointers);

        var parameters = ImmutableArray.CreateBuilder<Parameter>();
        if (!function.IsNull)
        {
            foreach (var p in function.ChildByField("parameters").NamedChildren)
            {
                if (p.Kind == "parameter_declaration")
                {
                    var pType = TypeText(p.ChildByField("type"));
                    var pDeclarator = p.ChildByField("declarator");
                    if (pDeclarator.IsNull)
                    {
                        parameters.Add(new Parameter(Span(p), null, new TypeRef(pType)));
                    }
                    else
                    {
                        var (pName, pRef) = Declarator(pDeclarator, pType);
                        parameters.Add(new Parameter(Span(p), pName, pRef));
                    }
                }
                else if (p.Kind == "variadic_parameter")
                {
                    parameters.Add(new Parameter(Span(p), "...", new TypeRef("...")));
                }
            }
        }

        var (storage, annotations) = Header(node.StartByte, declarator.IsNull ? node.StartByte : declarator.StartByte);
        var bodyNode = node.ChildByField("body");
        var body = bodyNode.IsNull ? new BlockStmt(Span(node), ImmutableArray<Stmt>.Empty) : Block(bodyNode);
        var hasErrors = !bodyNode.IsNull && bodyNode.HasError;
        return new FunctionDef(
            name,
            Span(node),
            nameNode.IsNull ? Span(node) : Span(nameNode),
            returnType,
            parameters.ToImmutable(),
            storage,
            annotations,
            body,
            hasErrors);
    }

    private static SyntaxNode FunctionDeclarator(SyntaxNode declarator)
    {
        var current = declarator;
        while (!current.IsNull)
        {
            switch (current.Kind)
            {
                case "function_declarator":
                    // `int (*f(void))(int)` nests: the outermost function_declarator whose inner declarator names the function
                    var inner = current.ChildByField("declarator");
                    if (inner.Kind is "identifier" or "field_identifier")
                        return current;
                    var deeper = FunctionDeclarator(inner);
                    return deeper.IsNull ? current : deeper;
                case "pointer_declarator":
                case "parenthesized_declarator":
                case "attributed_declarator":
                    current = current.Kind == "pointer_declarator" ? current.ChildByField("declarator") : current.NamedChild(0);
                    break;
                default:
                    return SyntaxNode.Null(declarator);
            }
        }
        return current;
    }

    private static int PointerDepthAbove(SyntaxNode declarator, SyntaxNode function)
    {
        var depth = 0;
        var current = declarator;
        while (!current.IsNull && !current.Equals(function))
        {
            if (current.Kind == "pointer_declarator")
            {
                depth++;
                current = current.ChildByField("declarator");
            }
            else if (current.NamedChildCount > 0)
            {
                current = current.NamedChild(0);
            }
            else
            {
                break;
            }
        }
        return depth;
    }

    private static SyntaxNode InnermostName(SyntaxNode declarator)
    {
        var current = declarator;
        while (!current.IsNull)
        {
            switch (current.Kind)
            {
                case "identifier":
                case "field_identifier":
                case "type_identifier":
                    return current;
                case "pointer_declarator":
                case "array_declarator":
                case "function_declarator":
                case "init_declarator":
                    current = current.ChildByField("declarator");
                    break;
                default:
                    if (current.NamedChildCount == 0)
                        return SyntaxNode.Null(declarator);
                    current = current.NamedChild(0);
                    break;
            }
        }
        return current;
    }

    /// <summary>Name and type of a declarator over a base type (pointers, arrays, function pointers).</summary>
    private (string? Name, TypeRef Type) Declarator(SyntaxNode declarator, string baseType)
    {
        var pointers = 0;
        var dimensions = ImmutableArray.CreateBuilder<string>();
        var current = declarator;
        var functionPointer = false;
        while (!current.IsNull)
        {
            switch (current.Kind)
            {
                case "identifier":
                case "field_identifier":
                case "type_identifier":
                    return (current.Text, Build());
                case "pointer_declarator":
                case "abstract_pointer_declarator":
                    pointers++;
                    current = current.ChildByField("declarator");
                    break;
                case "array_declarator":
                case "abstract_array_declarator":
                    var size = current.ChildByField("size");
                    dimensions.Insert(0, size.IsNull ? "" : size.Text);
                    current = current.ChildByField("declarator");
                    break;
                case "function_declarator":
                case "abstract_function_declarator":
                    functionPointer = true;
                    current = current.ChildByField("declarator");
                    break;
                case "init_declarator":
                    current = current.ChildByField("declarator");
                    break;
                default:
                    if (current.NamedChildCount == 0)
                        return (null, Build());
                    current = current.NamedChild(0);
                    break;
            }
        }
        return (null, Build());

        TypeRef Build() => new(functionPointer ? baseType + " (*)()" : baseType, pointers, dimensions.Count == 0 ? default : dimensions.ToImmutable());
    }

    /// <summary>
    /// Storage class and annotations come from the original header text, so a normalizer that blanks
    /// <c>__always_inline</c> or <c>__init</c> cannot hide them from the model.
    /// </summary>
    private (StorageClass, ImmutableArray<string>) Header(int start, int end)
    {
        var storage = StorageClass.None;
        var annotations = ImmutableArray.CreateBuilder<string>();
        foreach (var word in Identifiers(start, end))
        {
            switch (word)
            {
                case "static":
                    storage |= StorageClass.Static;
                    break;
                case "inline":
                case "__inline":
                case "__inline__":
                    storage |= StorageClass.Inline;
                    break;
                case "__always_inline":
                    storage |= StorageClass.AlwaysInline | StorageClass.Inline;
                    break;
                case "extern":
                    storage |= StorageClass.Extern;
                    break;
                default:
                    if (word.StartsWith("__", StringComparison.Ordinal))
                        annotations.Add(word);
                    break;
            }
        }
        return (storage, annotations.ToImmutable());
    }

    private IEnumerable<string> Identifiers(int start, int end)
    {
        var i = start;
        end = Math.Min(end, _original.Length);
        while (i < end)
        {
            var b = _original[i];
            if (b == '_' || (b | 0x20) is >= (byte)'a' and <= (byte)'z')
            {
                var from = i;
                while (i < end && (_original[i] == '_' || char.IsAsciiLetterOrDigit((char)_original[i])))
                    i++;
                yield return Encoding.ASCII.GetString(_original, from, i - from);
            }
            else if (b == '/' && i + 1 < end && _original[i + 1] == '*')
            {
                var close = _original.AsSpan(i + 2, end - i - 2).IndexOf("*/"u8);
                i = close < 0 ? end : i + 2 + close + 2;
            }
            else if (char.IsAsciiDigit((char)b))
            {
                while (i < end && char.IsAsciiLetterOrDigit((char)_original[i]))
                    i++;
            }
            else
            {
                i++;
            }
        }
    }

    // ---------------------------------------------------------------- statements

    private BlockStmt Block(SyntaxNode node)
    {
        var statements = ImmutableArray.CreateBuilder<Stmt>();
        foreach (var child in node.NamedChildren)
        {
            var statement = Statement(child);
            if (statement is not null)
                statements.Add(statement);
        }
        return new BlockStmt(Span(node), statements.ToImmutable());
    }

    private Stmt? Statement(SyntaxNode node)
    {
        using var level = Descend(node);
        return StatementAtDepth(node);
    }

    /// <summary>One level deeper, until the level is disposed; past <see cref="MaxNesting"/> or near the end of the thread's stack the file is given up.</summary>
    private Level Descend(SyntaxNode node)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        if (_depth < MaxNesting && RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            _depth++;
            return new Level(this);
        }
        var line = 1 + _original.AsSpan(0, Math.Min(node.StartByte, _original.Length)).Count((byte)'\n');
        throw new NestingTooDeepException(_path, line, MaxNesting);
    }

    private readonly ref struct Level(CLowering lowering)
    {
        public void Dispose() => lowering._depth--;
    }

    private Stmt? StatementAtDepth(SyntaxNode node)
    {
        switch (node.Kind)
        {
            case "comment":
                return null;
            case "compound_statement":
                return Block(node);
            case "expression_statement":
                if (node.NamedChildCount == 0)
                    return null;
                var expressionNode = node.NamedChild(0);
                return expressionNode.Kind == "comment" ? null : new ExprStmt(Span(node), Expression(expressionNode));
            case "declaration":
                return Declaration(node);
            case "if_statement":
                var alternative = node.ChildByField("alternative");
                return new IfStmt(
                    Span(node),
                    Condition(node.ChildByField("condition")),
                    StatementOrEmpty(node.ChildByField("consequence"), node),
                    alternative.IsNull ? null : ElseBranch(alternative));
            case "while_statement":
                return While(node);
            case "do_statement":
                return new LoopStmt(
                    Span(node),
                    LoopKind.DoWhile,
                    null,
                    Condition(node.ChildByField("condition")),
                    null,
                    StatementOrEmpty(node.ChildByField("body"), node));
            case "for_statement":
                return For(node);
            case "return_statement":
                return new ReturnStmt(Span(node), node.NamedChildCount > 0 && node.NamedChild(0).Kind != "comment" ? Expression(node.NamedChild(0)) : null);
            case "break_statement":
                return new JumpStmt(Span(node), JumpKind.Break, null);
            case "continue_statement":
                return new JumpStmt(Span(node), JumpKind.Continue, null);
            case "goto_statement":
                return new JumpStmt(Span(node), JumpKind.Goto, node.ChildByField("label").Text);
            case "labeled_statement":
                return new LabelStmt(Span(node), node.ChildByField("label").Text, LastStatement(node));
            case "switch_statement":
                return new SwitchStmt(Span(node), Condition(node.ChildByField("condition")), StatementOrEmpty(node.ChildByField("body"), node));
            case "case_statement":
                return Case(node);
            case "attributed_statement":
                return LastStatement(node) ?? new OpaqueStmt(Span(node), "attribute", ImmutableArray<Node>.Empty);
            case "preproc_if":
            case "preproc_ifdef":
            case "preproc_elif":
            case "preproc_elifdef":
                return PreprocessorIf(node);
            case "preproc_else":
                return Block(node);
            case "preproc_call":
            case "preproc_def":
            case "preproc_function_def":
            case "preproc_include":
            case "type_definition":
                return null;
            case "ERROR":
                _problems.Add(new ParseProblem(Span(node), "unparsed code in a function body"));
                return Opaque(node);
            default:
                if (IsExpressionKind(node.Kind))
                    return new ExprStmt(Span(node), Expression(node));
                return Opaque(node);
        }
    }

    private Stmt StatementOrEmpty(SyntaxNode node, SyntaxNode owner) =>
        node.IsNull ? new BlockStmt(new TextSpan(owner.EndByte, owner.EndByte), ImmutableArray<Stmt>.Empty)
                    : Statement(node) ?? new BlockStmt(Span(node), ImmutableArray<Stmt>.Empty);

    private Stmt? ElseBranch(SyntaxNode alternative)
    {
        // else_clause wraps the statement
        if (alternative.Kind == "else_clause")
            return alternative.NamedChildCount > 0 ? LastStatement(alternative) : null;
        return Statement(alternative);
    }

    private Stmt? LastStatement(SyntaxNode node)
    {
        for (var i = node.NamedChildCount - 1; i >= 0; i--)
        {
            var child = node.NamedChild(i);
            if (child.Kind is "statement_identifier" or "comment" or "attribute_declaration")
                continue;
            return Statement(child);
        }
        return null;
    }

    private Stmt While(SyntaxNode node)
    {
        var body = StatementOrEmpty(node.ChildByField("body"), node);
        var conditionNode = node.ChildByField("condition");
        if (_iteratorLoops.TryGetValue(node.StartByte, out var iterator))
        {
            var arguments = ImmutableArray.CreateBuilder<Expr>();
            var inner = Unparenthesize(conditionNode);
            if (!inner.IsNull)
                Flatten(Expression(inner), arguments);
            return new LoopStmt(Span(node), LoopKind.IteratorMacro, null, null, null, body, iterator, arguments.ToImmutable());
        }
        return new LoopStmt(Span(node), LoopKind.While, null, Condition(conditionNode), null, body);

        static void Flatten(Expr expression, ImmutableArray<Expr>.Builder into)
        {
            if (expression is BinaryExpr { Operator: "," } comma)
            {
                Flatten(comma.Left, into);
                Flatten(comma.Right, into);
            }
            else
            {
                into.Add(expression);
            }
        }
    }

    private Stmt For(SyntaxNode node)
    {
        var initializerNode = node.ChildByField("initializer");
        Stmt? initializer = null;
        if (!initializerNode.IsNull)
        {
            initializer = initializerNode.Kind == "declaration"
                ? Declaration(initializerNode)
                : new ExprStmt(Span(initializerNode), Expression(initializerNode));
        }
        var conditionNode = node.ChildByField("condition");
        var updateNode = node.ChildByField("update");
        return new LoopStmt(
            Span(node),
            LoopKind.For,
            initializer,
            conditionNode.IsNull ? null : Expression(conditionNode),
            updateNode.IsNull ? null : Expression(updateNode),
            StatementOrEmpty(node.ChildByField("body"), node));
    }

    private Stmt Case(SyntaxNode node)
    {
        var valueNode = node.ChildByField("value");
        var statements = ImmutableArray.CreateBuilder<Stmt>();
        var count = node.NamedChildCount;
        for (var i = 0; i < count; i++)
        {
            var child = node.NamedChild(i);
            if (!valueNode.IsNull && child.Equals(valueNode))
                continue;
            var statement = Statement(child);
            if (statement is not null)
                statements.Add(statement);
        }
        return new CaseStmt(Span(node), valueNode.IsNull ? null : Expression(valueNode), statements.ToImmutable());
    }

    /// <summary>
    /// <c>#if</c>/<c>#ifdef</c> inside a body: both branches are code some configuration compiles,
    /// so they lower to an if statement with an opaque condition.
    /// </summary>
    private Stmt PreprocessorIf(SyntaxNode node)
    {
        var thenStatements = ImmutableArray.CreateBuilder<Stmt>();
        var alternative = node.ChildByField("alternative");
        var conditionNode = node.Kind is "preproc_ifdef" or "preproc_elifdef" ? node.ChildByField("name") : node.ChildByField("condition");
        var count = node.NamedChildCount;
        for (var i = 0; i < count; i++)
        {
            var child = node.NamedChild(i);
            if (child.Equals(alternative) || child.Equals(conditionNode))
                continue;
            var statement = Statement(child);
            if (statement is not null)
                thenStatements.Add(statement);
        }
        var condition = conditionNode.IsNull
            ? new OpaqueExpr(Span(node), "#if", ImmutableArray<Expr>.Empty)
            : new OpaqueExpr(Span(conditionNode), "#if " + conditionNode.Text, ImmutableArray<Expr>.Empty);
        return new IfStmt(
            Span(node),
            condition,
            new BlockStmt(Span(node), thenStatements.ToImmutable()),
            alternative.IsNull ? null : Statement(alternative),
            IsPreprocessor: true);
    }

    private Stmt Declaration(SyntaxNode node)
    {
        var typeNode = node.ChildByField("type");
        var baseType = TypeText(typeNode);
        var isStatic = false;
        var locals = ImmutableArray.CreateBuilder<LocalDecl>();
        var count = node.ChildCount;
        for (var i = 0; i < count; i++)
        {
            var child = node.Child(i);
            if (child.Kind == "storage_class_specifier" && child.Text == "static")
                isStatic = true;
            if (node.FieldNameForChild(i) != "declarator")
                continue;
            Expr? initializer = null;
            var declarator = child;
            if (child.Kind == "init_declarator")
            {
                var value = child.ChildByField("value");
                if (!value.IsNull)
                    initializer = Expression(value);
                declarator = child.ChildByField("declarator");
            }
            var (name, type) = Declarator(declarator, baseType);
            if (name is not null)
                locals.Add(new LocalDecl(Span(child), name, type, initializer, isStatic));
        }
        return new DeclStmt(Span(node), locals.ToImmutable());
    }

    private Stmt Opaque(SyntaxNode node)
    {
        var children = ImmutableArray.CreateBuilder<Node>();
        foreach (var child in node.NamedChildren)
        {
            if (child.Kind == "comment")
                continue;
            Node? lowered = IsExpressionKind(child.Kind) ? Expression(child) : Statement(child);
            if (lowered is not null)
                children.Add(lowered);
        }
        return new OpaqueStmt(Span(node), node.Kind, children.ToImmutable());
    }

    // ---------------------------------------------------------------- expressions

    private static bool IsExpressionKind(string kind) => kind switch
    {
        "identifier" or "number_literal" or "string_literal" or "concatenated_string" or "char_literal"
            or "true" or "false" or "null" or "call_expression" or "field_expression" or "subscript_expression"
            or "pointer_expression" or "unary_expression" or "update_expression" or "binary_expression"
            or "assignment_expression" or "conditional_expression" or "cast_expression"
            or "parenthesized_expression" or "comma_expression" or "sizeof_expression" or "alignof_expression"
            or "offsetof_expression" or "generic_expression" or "compound_literal_expression"
            or "initializer_list" or "extension_expression" or "gnu_asm_expression" => true,
        _ => false,
    };

    private Expr Condition(SyntaxNode node)
    {
        if (node.IsNull)
            return new OpaqueExpr(default, "", ImmutableArray<Expr>.Empty);
        var inner = Unparenthesize(node);
        return inner.IsNull ? Expression(node) : Expression(inner);
    }

    private static SyntaxNode Unparenthesize(SyntaxNode node)
    {
        if (node.Kind != "parenthesized_expression")
            return node;
        for (var i = 0; i < node.NamedChildCount; i++)
        {
            var child = node.NamedChild(i);
            if (child.Kind != "comment")
                return child;
        }
        return SyntaxNode.Null(node);
    }

    private Expr Expression(SyntaxNode node)
    {
        using var level = Descend(node);
        return ExpressionAtDepth(node);
    }

    private Expr ExpressionAtDepth(SyntaxNode node)
    {
        var span = Span(node);
        switch (node.Kind)
        {
            case "identifier":
            case "true":
            case "false":
            case "null":
            case "field_identifier":
            case "type_identifier":
                return new NameExpr(span, node.Text);
            case "number_literal":
                return new LiteralExpr(span, node.Text, LiteralKind.Number);
            case "string_literal":
            case "concatenated_string":
                return new LiteralExpr(span, node.Text, LiteralKind.String);
            case "char_literal":
                return new LiteralExpr(span, node.Text, LiteralKind.Char);
            case "call_expression":
                var arguments = ImmutableArray.CreateBuilder<Expr>();
                var argumentList = node.ChildByField("arguments");
                if (!argumentList.IsNull)
                {
                    foreach (var argument in argumentList.NamedChildren)
                    {
                        if (argument.Kind != "comment")
                            arguments.Add(Expression(argument));
                    }
                }
                return new CallExpr(span, Expression(node.ChildByField("function")), arguments.ToImmutable());
            case "field_expression":
                return new MemberExpr(
                    span,
                    Expression(node.ChildByField("argument")),
                    node.ChildByField("field").Text,
                    node.ChildByField("operator").Text == "->");
            case "subscript_expression":
                return new IndexExpr(span, Expression(node.ChildByField("argument")), Expression(node.ChildByField("index")));
            case "pointer_expression":
            case "unary_expression":
                return new UnaryExpr(span, node.ChildByField("operator").Text, Expression(node.ChildByField("argument")), false);
            case "update_expression":
                var operatorNode = node.ChildByField("operator");
                var operand = node.ChildByField("argument");
                return new UnaryExpr(span, operatorNode.Text, Expression(operand), operatorNode.StartByte > operand.StartByte);
            case "binary_expression":
                return new BinaryExpr(span, node.ChildByField("operator").Text, Expression(node.ChildByField("left")), Expression(node.ChildByField("right")));
            case "comma_expression":
                return new BinaryExpr(span, ",", Expression(node.ChildByField("left")), Expression(node.ChildByField("right")));
            case "assignment_expression":
                return new AssignExpr(span, node.ChildByField("operator").Text, Expression(node.ChildByField("left")), Expression(node.ChildByField("right")));
            case "conditional_expression":
                var condition = Expression(node.ChildByField("condition"));
                var consequence = node.ChildByField("consequence");
                // GNU `a ?: b` yields the condition itself when true
                return new ConditionalExpr(span, condition, consequence.IsNull ? condition : Expression(consequence), Expression(node.ChildByField("alternative")));
            case "cast_expression":
                var typeDescriptor = node.ChildByField("type");
                return new CastExpr(span, TypeDescriptor(typeDescriptor), Expression(node.ChildByField("value")));
            case "parenthesized_expression":
                var inner = Unparenthesize(node);
                if (inner.IsNull)
                    return new OpaqueExpr(span, "()", ImmutableArray<Expr>.Empty);
                if (inner.Kind == "compound_statement")
                    return new StatementExpr(span, Block(inner));
                return Expression(inner);
            case "extension_expression":
                return node.NamedChildCount > 0 ? Expression(node.NamedChild(node.NamedChildCount - 1)) : OpaqueExpression(node);
            case "initializer_list":
                var items = ImmutableArray.CreateBuilder<Expr>();
                foreach (var item in node.NamedChildren)
                {
                    if (item.Kind == "comment")
                        continue;
                    if (item.Kind == "initializer_pair")
                    {
                        var value = item.ChildByField("value");
                        if (!value.IsNull)
                            items.Add(Expression(value));
                    }
                    else
                    {
                        items.Add(Expression(item));
                    }
                }
                return new InitializerExpr(span, items.ToImmutable());
            case "compound_literal_expression":
                return Expression(node.ChildByField("value"));
            case "ERROR":
                _problems.Add(new ParseProblem(span, "unparsed expression"));
                return OpaqueExpression(node);
            default:
                return OpaqueExpression(node);
        }
    }

    private Expr OpaqueExpression(SyntaxNode node)
    {
        var children = ImmutableArray.CreateBuilder<Expr>();
        foreach (var child in node.NamedChildren)
        {
            if (child.Kind == "compound_statement")
                children.Add(new StatementExpr(Span(child), Block(child)));
            else if (IsExpressionKind(child.Kind) || child.Kind == "ERROR")
                children.Add(Expression(child));
        }
        return new OpaqueExpr(Span(node), node.Kind == "ERROR" ? node.Text : node.Kind, children.ToImmutable());
    }

    private TypeRef TypeDescriptor(SyntaxNode descriptor)
    {
        if (descriptor.IsNull)
            return TypeRef.Unknown;
        var baseType = TypeText(descriptor.ChildByField("type"));
        var declarator = descriptor.ChildByField("declarator");
        return declarator.IsNull ? new TypeRef(baseType) : Declarator(declarator, baseType).Type;
    }

    // ---------------------------------------------------------------- text

    private static string TypeText(SyntaxNode type)
    {
        if (type.IsNull)
            return "?";
        if ((type.Kind == "struct_specifier" || type.Kind == "union_specifier" || type.Kind == "enum_specifier"))
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
