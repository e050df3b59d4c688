using System;
using System.Collections.Generic;
using System.Text;
using Folint.Analyzer.Model;
using Folint.CSource.Lexing;
using Folint.CSource.Preprocessor;

namespace Folint.CSource.Index;

/// <summary>Byte-level classification of the mentions of one identifier in C text.</summary>
internal static class NameUses
{
    /// <summary>
    /// Mentions that are not a call or a declaration (<c>name(</c>): a value (<c>.migrate_folio = name</c>, <c>fn = name</c>)
    /// or any mention inside a <c>#define</c> (a macro that calls or aliases it). <c>EXPORT_SYMBOL(name)</c>,
    /// comments and literals do not count.
    /// </summary>
    public static IEnumerable<TextSpan> Indirect(byte[] text, string name)
    {
        var found = new List<TextSpan>();
        var target = Encoding.ASCII.GetBytes(name);
        var lineStart = true;
        var inDefine = false;
        var i = 0;
        var n = text.Length;
        while (i < n)
        {
            var b = text[i];
            if (b == '\n')
            {
                if (!(i > 0 && text[i - 1] == '\\') && !(i > 1 && text[i - 1] == '\r' && text[i - 2] == '\\'))
                {
                    inDefine = false;
                    lineStart = true;
                }
                i++;
                continue;
            }
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r')
            {
                i++;
                continue;
            }
            if (b == '#' && lineStart)
            {
                var j = i + 1;
                while (j < n && text[j] is (byte)' ' or (byte)'\t')
                    j++;
                inDefine = text.AsSpan(j).StartsWith("define"u8);
                lineStart = false;
                i = j;
                continue;
            }
            lineStart = false;
            if (b == '/')
            {
                i = FileFacts.SkipComment(text, i);
                continue;
            }
            if (b is (byte)'"' or (byte)'\'')
            {
                i = CLexer.SkipLiteral(text, i);
                continue;
            }
            if (!IsIdentifierPart(b))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < n && IsIdentifierPart(text[i]))
                i++;
            if (i - start != target.Length || !text.AsSpan(start, i - start).SequenceEqual(target))
                continue;
            // a member of the same name (`.drop = drop`, `ops->drop(page)`) is not the function
            if (IsMemberName(text, start))
                continue;
            if (inDefine)
            {
                found.Add(new TextSpan(start, i));
                continue;
            }
            var next = i;
            while (next < n && text[next] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
                next++;
            if (next < n && text[next] == '(')
                continue;
            if (IsExportArgument(text, start))
                continue;
            found.Add(new TextSpan(start, i));
        }
        return found;
    }

    private static bool IsMemberName(byte[] text, int start)
    {
        var p = start - 1;
        while (p >= 0 && text[p] is (byte)' ' or (byte)'\t')
            p--;
        return p >= 0 && (text[p] == '.' || (text[p] == '>' && p > 0 && text[p - 1] == '-'));
    }

    /// <summary>True for the argument of <c>EXPORT_SYMBOL(name)</c>, <c>EXPORT_SYMBOL_GPL(name)</c> and the like.</summary>
    private static bool IsExportArgument(byte[] text, int start)
    {
        var p = start - 1;
        while (p >= 0 && text[p] is (byte)' ' or (byte)'\t')
            p--;
        if (p < 0 || text[p] != '(')
            return false;
        p--;
        while (p >= 0 && text[p] is (byte)' ' or (byte)'\t')
            p--;
        var end = p + 1;
        while (p >= 0 && IsIdentifierPart(text[p]))
            p--;
        return text.AsSpan(p + 1, end - p - 1).StartsWith("EXPORT_"u8);
    }

    private static bool IsIdentifierPart(byte b) => b == '_' || (uint)((b | 0x20) - 'a') <= 'z' - 'a' || (uint)(b - '0') <= 9;
}
