using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Folint.Analyzer.Model;

namespace Folint.CSource.Preprocessor;

/// <summary>
/// Finds the file-scope uses of given function-like macros in C text: <c>PAGEFLAG(Dirty, dirty, PF_HEAD)
/// TESTSCFLAG(Dirty, dirty, PF_HEAD)</c>, several on a line, in every branch of every <c>#ifdef</c>. Generator
/// macros stand where declarations stand and carry no semicolon, so tree-sitter's error recovery reads runs of
/// them unevenly; a byte scan that skips comments, strings, directives and braces finds them all.
/// </summary>
public static class MacroUseScanner
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
                i = EndOfDirective(text, i);
                continue;
            }
            lineStart = false;
            if (b == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var close = text.AsSpan(i + 2).IndexOf("*/"u8);
                i = close < 0 ? text.Length : i + 2 + close + 2;
                continue;
            }
            if (b == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                var end = text.AsSpan(i).IndexOf((byte)'\n');
                i = end < 0 ? text.Length : i + end;
                continue;
            }
            if (b is (byte)'"' or (byte)'\'')
            {
                i = EndOfQuoted(text, i);
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
                    j = EndOfQuoted(text, j) - 1;
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

    /// <summary>The offset just past a directive line, continuation lines included.</summary>
    internal static int EndOfDirective(byte[] text, int i)
    {
        while (i < text.Length)
        {
            if (text[i] == '\n' && (i == 0 || text[i - 1] != '\\') && !(i >= 2 && text[i - 1] == '\r' && text[i - 2] == '\\'))
                return i;
            if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var close = text.AsSpan(i + 2).IndexOf("*/"u8);
                i = close < 0 ? text.Length : i + 2 + close + 2;
                continue;
            }
            i++;
        }
        return i;
    }

    /// <summary>Past the string or character literal opening at <paramref name="i"/> (it ends at its quote or at the line's end).</summary>
    internal static int EndOfQuoted(ReadOnlySpan<byte> text, int i)
    {
        var quote = text[i];
        i++;
        while (i < text.Length && text[i] != quote && text[i] != '\n')
            i += text[i] == '\\' ? 2 : 1;
        return Math.Min(i + 1, text.Length);
    }

    internal static bool IsIdentifierStart(byte b) => b == '_' || (b | 0x20) is >= (byte)'a' and <= (byte)'z';

    internal static bool IsIdentifierPart(byte b) => IsIdentifierStart(b) || b is >= (byte)'0' and <= (byte)'9';
}
