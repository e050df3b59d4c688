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

/// <summary>Function definitions and declarators: names, pointer depth, types of parameters and locals, storage class and attributes read from the original text.</summary>
internal sealed partial class CLowering
{
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
            else if (CLexer.IsCommentStart(_original.AsSpan(0, end), i))
            {
                i = CLexer.SkipComment(_original.AsSpan(0, end), i);
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
}
