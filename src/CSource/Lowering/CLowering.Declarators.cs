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
                if (p.Kind == NodeKinds.ParameterDeclaration)
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
                else if (p.Kind == NodeKinds.VariadicParameter)
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
                case NodeKinds.FunctionDeclarator:
                    // `int (*f(void))(int)` nests: the outermost function_declarator whose inner declarator names the function
                    var inner = current.ChildByField("declarator");
                    if (inner.Kind is NodeKinds.Identifier or NodeKinds.FieldIdentifier)
                        return current;
                    var deeper = FunctionDeclarator(inner);
                    return deeper.IsNull ? current : deeper;
                case NodeKinds.PointerDeclarator:
                case NodeKinds.ParenthesizedDeclarator:
                case NodeKinds.AttributedDeclarator:
                    current = current.Kind == NodeKinds.PointerDeclarator ? current.ChildByField("declarator") : current.NamedChild(0);
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
            if (current.Kind == NodeKinds.PointerDeclarator)
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
                case NodeKinds.Identifier:
                case NodeKinds.FieldIdentifier:
                case NodeKinds.TypeIdentifier:
                    return current;
                case NodeKinds.PointerDeclarator:
                case NodeKinds.ArrayDeclarator:
                case NodeKinds.FunctionDeclarator:
                case NodeKinds.InitDeclarator:
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
                case NodeKinds.Identifier:
                case NodeKinds.FieldIdentifier:
                case NodeKinds.TypeIdentifier:
                    return (current.Text, Build());
                case NodeKinds.PointerDeclarator:
                case NodeKinds.AbstractPointerDeclarator:
                    pointers++;
                    current = current.ChildByField("declarator");
                    break;
                case NodeKinds.ArrayDeclarator:
                case NodeKinds.AbstractArrayDeclarator:
                    var size = current.ChildByField("size");
                    dimensions.Insert(0, size.IsNull ? "" : size.Text);
                    current = current.ChildByField("declarator");
                    break;
                case NodeKinds.FunctionDeclarator:
                case NodeKinds.AbstractFunctionDeclarator:
                    functionPointer = true;
                    current = current.ChildByField("declarator");
                    break;
                case NodeKinds.InitDeclarator:
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
