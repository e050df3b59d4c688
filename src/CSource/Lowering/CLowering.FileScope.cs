using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using Folint.Analyzer.Model;
using Folint.CSource.Interop;
using Folint.CSource.Lexing;

namespace Folint.CSource.Lowering;

/// <summary>File scope: top-level definitions, structs/unions and their fields, enums, macro definitions and file-scope macro uses, with the #if condition each sits under.</summary>
internal sealed partial class CLowering
{
    /// <param name="alternativeCondition">
    /// When <paramref name="node"/> is a preprocessor branch: the condition its <c>#elif</c>/<c>#else</c> alternative
    /// starts from (the outer condition and the negation of this branch's own).
    /// </param>
    private void TopLevel(SyntaxNode node, PpExpr? condition, PpExpr? alternativeCondition = null)
    {
        foreach (var child in node.Children)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            switch (child.Kind)
            {
                case NodeKinds.FunctionDefinition:
                    _functions.Add(Function(child));
                    break;
                case NodeKinds.Declaration:
                case NodeKinds.TypeDefinition:
                case NodeKinds.FieldDeclaration:
                    TypeDefinitions(child, condition);
                    break;
                case NodeKinds.StructSpecifier:
                case NodeKinds.UnionSpecifier:
                case NodeKinds.EnumSpecifier:
                    TypeSpecifier(child, condition);
                    break;
                case NodeKinds.PreprocDef:
                    ObjectMacro(child);
                    break;
                case NodeKinds.PreprocFunctionDef:
                    FunctionMacro(child);
                    break;
                case NodeKinds.ExpressionStatement:
                    MacroUseAtFileScope(child);
                    break;
                case NodeKinds.PreprocIf:
                case NodeKinds.PreprocIfdef:
                case NodeKinds.PreprocElif:
                case NodeKinds.PreprocElifdef:
                case NodeKinds.PreprocElse:
                {
                    using var level = Descend(child, Conditionals);
                    var (content, alternative) = BranchConditions(child, IsAlternative(child) ? alternativeCondition ?? condition : condition);
                    TopLevel(child, content, alternative);
                    break;
                }
                case NodeKinds.LinkageSpecification:
                case NodeKinds.DeclarationList:
                {
                    using var level = Descend(child, Declarations);
                    TopLevel(child, condition);
                    break;
                }
                case NodeKinds.Error:
                {
                    using var level = Descend(child, Declarations);
                    _problems.Add(new ParseProblem(Span(child), "unparsed code at file scope"));
                    TopLevel(child, condition);
                    break;
                }
            }
        }
    }

    private void TypeDefinitions(SyntaxNode declaration, PpExpr? condition)
    {
        var type = declaration.ChildByField("type");
        if (!type.IsNull)
            TypeSpecifier(type, condition);
    }

    private void TypeSpecifier(SyntaxNode specifier, PpExpr? condition)
    {
        switch (specifier.Kind)
        {
            case NodeKinds.StructSpecifier:
            case NodeKinds.UnionSpecifier:
                if (!specifier.ChildByField("body").IsNull)
                    _records.Add(Record(specifier, condition));
                break;
            case NodeKinds.EnumSpecifier:
                if (!specifier.ChildByField("body").IsNull)
                    _enums.Add(Enum(specifier));
                break;
        }
    }

    private static bool IsAlternative(SyntaxNode node) => node.Kind is NodeKinds.PreprocElif or NodeKinds.PreprocElifdef or NodeKinds.PreprocElse;

    /// <summary>
    /// The condition under which a preprocessor branch's content is compiled, and the one its alternative starts
    /// from: <c>#ifdef CONFIG_MEMCG ... #elif defined(CONFIG_SLAB_OBJ_EXT) ... #else ... #endif</c> gives
    /// <c>defined(CONFIG_MEMCG)</c>, <c>!defined(CONFIG_MEMCG) &amp;&amp; defined(CONFIG_SLAB_OBJ_EXT)</c> and
    /// <c>!defined(CONFIG_MEMCG) &amp;&amp; !defined(CONFIG_SLAB_OBJ_EXT)</c>, each joined to <paramref name="outer"/>.
    /// The directive's own condition is the tree read when the file was lexed.
    /// </summary>
    private (PpExpr? Content, PpExpr? Alternative) BranchConditions(SyntaxNode node, PpExpr? outer)
    {
        if (node.Kind == NodeKinds.PreprocElse)
            return (outer, outer);
        var own = _conditions.GetValueOrDefault(node.StartByte) ?? new PpUnparsed(node.Child(0).Text);
        return (PpExpr.And(outer, own), PpExpr.And(outer, PpExpr.Not(own)));
    }

    private const string Conditionals = "preprocessor conditionals";

    private const string Members = "struct and union members";

    private const string Declarations = "file-scope declarations";

    private RecordDef Record(SyntaxNode specifier, PpExpr? condition)
    {
        using var level = Descend(specifier, Members);
        var kind = specifier.Kind == NodeKinds.UnionSpecifier ? RecordKind.Union : RecordKind.Struct;
        var name = specifier.ChildByField("name");
        var fields = ImmutableArray.CreateBuilder<FieldDef>();
        RecordFields(specifier.ChildByField("body"), fields, condition);
        return new RecordDef(Span(specifier), kind, name.IsNull ? null : name.Text, fields.ToImmutable());
    }

    private void RecordFields(SyntaxNode list, ImmutableArray<FieldDef>.Builder fields, PpExpr? condition, PpExpr? alternativeCondition = null)
    {
        foreach (var member in list.NamedChildren)
        {
            switch (member.Kind)
            {
                case NodeKinds.FieldDeclaration:
                    FieldDeclaration(member, fields, condition);
                    break;
                case NodeKinds.PreprocIf:
                case NodeKinds.PreprocIfdef:
                case NodeKinds.PreprocElif:
                case NodeKinds.PreprocElifdef:
                case NodeKinds.PreprocElse:
                {
                    using var level = Descend(member, Members);
                    var (content, alternative) = BranchConditions(member, IsAlternative(member) ? alternativeCondition ?? condition : condition);
                    RecordFields(member, fields, content, alternative);
                    break;
                }
                case NodeKinds.Error:
                    _problems.Add(new ParseProblem(Span(member), "unparsed struct member"));
                    break;
            }
        }
    }

    private void FieldDeclaration(SyntaxNode member, ImmutableArray<FieldDef>.Builder fields, PpExpr? condition)
    {
        var type = member.ChildByField("type");
        RecordDef? nested = null;
        if (!type.IsNull && (type.Kind == NodeKinds.StructSpecifier || type.Kind == NodeKinds.UnionSpecifier) && !type.ChildByField("body").IsNull)
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
            else if (child.Kind == NodeKinds.BitfieldClause && child.NamedChildCount > 0)
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
            if (child.Kind == NodeKinds.Enumerator)
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
            if (child.Kind == NodeKinds.Identifier)
                parameters.Add(child.Text);
            else if (child.Kind == "..." || child.Text == "...")
                variadic = true;
            else if (child.Kind == NodeKinds.Error && child.Text.Contains("...", StringComparison.Ordinal))
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
        var end = CLexer.EndOfDirective<byte>(_original, start);
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
        if (call.Kind != NodeKinds.CallExpression)
            return;
        var callee = call.ChildByField("function");
        if (callee.Kind != NodeKinds.Identifier)
            return;
        var arguments = ImmutableArray.CreateBuilder<string>();
        foreach (var argument in call.ChildByField("arguments").NamedChildren)
        {
            if (argument.Kind != NodeKinds.Comment)
                arguments.Add(OriginalText(argument.StartByte, argument.EndByte).Trim());
        }
        _macroUses.Add(new MacroUse(Span(call), callee.Text, arguments.ToImmutable()));
    }
}
