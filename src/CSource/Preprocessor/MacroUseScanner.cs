using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Folint.Analyzer.Model;
using Folint.CSource.Lexing;

namespace Folint.CSource.Preprocessor;

/// <summary>
/// Finds the file-scope uses of given function-like macros in C text: <c>PAGEFLAG(Dirty, dirty, PF_HEAD)
/// TESTSCFLAG(Dirty, dirty, PF_HEAD)</c>, several on a line, in every branch of every <c>#ifdef</c>. Generator
/// macros stand where declarations stand and carry no semicolon, so tree-sitter's error recovery reads runs of
/// them unevenly; a byte scan that skips comments, strings, directives and braces finds them all.
/// </summary>
internal static class MacroUseScanner
{
    public static ImmutableArray<MacroUse> Scan(byte[] text, Func<string, bool> isGenerator)
    {
        var uses = ImmutableArray.CreateBuilder<MacroUse>();
        var depth = 0;
        var lineStart = true;
        var i = 0;
        while (i < text.Length)
        {
            var b = text[i];
            if (b == '\n')
            {
                lineStart = true;
                i++;
                continue;
            }
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\f' or (byte)'\v')
            {
                i++;
                continue;
            }
            if (b == '#' && lineStart)
            {
                i = CLexer.EndOfDirective<byte>(text, i);
                continue;
            }
            lineStart = false;
            if (CLexer.IsCommentStart<byte>(text, i))
            {
                i = CLexer.SkipComment<byte>(text, i);
                continue;
            }
            if (b is (byte)'"' or (byte)'\'')
            {
                i = CLexer.SkipLiteral<byte>(text, i);
                continue;
            }
            if (b == '{')
            {
                depth++;
                i++;
                continue;
            }
            if (b == '}')
            {
                depth = Math.Max(0, depth - 1);
                i++;
                continue;
            }
            if (!IsIdentifierStart(b))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < text.Length && IsIdentifierPart(text[i]))
                i++;
            if (depth != 0)
                continue;
            var name = Encoding.ASCII.GetString(text, start, i - start);
            if (!isGenerator(name))
                continue;
            var open = SkipSpace(text, i);
            if (open >= text.Length || text[open] != '(')
                continue;
            if (Arguments(text, open) is not { } parsed)
                continue;
            uses.Add(new MacroUse(new TextSpan(start, parsed.End), name, parsed.Arguments));
            i = parsed.End;
        }
        return uses.ToImmutable();
    }

    private static (ImmutableArray<string> Arguments, int End)? Arguments(byte[] text, int open)
    {
        var arguments = ImmutableArray.CreateBuilder<string>();
        var depth = 0;
        var argumentStart = open + 1;
        for (var j = open + 1; j < text.Length; j++)
        {
            switch (text[j])
            {
                case (byte)'(':
                    depth++;
                    break;
                case (byte)')' when depth > 0:
                    depth--;
                    break;
                case (byte)')':
                    var last = Trim(text, argumentStart, j);
                    if (last.Length > 0 || arguments.Count > 0)
                        arguments.Add(last);
                    return (arguments.ToImmutable(), j + 1);
                case (byte)',' when depth == 0:
                    arguments.Add(Trim(text, argumentStart, j));
                    argumentStart = j + 1;
                    break;
                case (byte)'"' or (byte)'\'':
                    j = CLexer.SkipLiteral<byte>(text, j) - 1;
                    break;
                case (byte)';' or (byte)'{' or (byte)'}':
                    return null;
            }
        }
        return null;
    }

    private static string Trim(byte[] text, int start, int end) => Encoding.UTF8.GetString(text, start, end - start).Trim();

    private static int SkipSpace(byte[] text, int i)
    {
        while (i < text.Length && text[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            i++;
        return i;
    }

    internal static bool IsIdentifierStart(byte b) => b == '_' || (b | 0x20) is >= (byte)'a' and <= (byte)'z';

    internal static bool IsIdentifierPart(byte b) => IsIdentifierStart(b) || b is >= (byte)'0' and <= (byte)'9';
}
