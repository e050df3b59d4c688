using System;
using System.Collections.Generic;
using System.Text;

namespace Folint.Cli.Lsp;

/// <summary>
/// The text of an open document and LSP positions in it. LSP counts lines split at \n, \r\n or \r, and
/// characters in UTF-16 code units, which is what a .NET string indexes: a position is an index into the string.
/// </summary>
public static class DocumentText
{
    /// <summary>
    /// Applies one change: the whole text when <paramref name="range"/> is null, else the range replaced. A position
    /// past the end of its line or of the text is clamped to it, as the specification asks.
    /// </summary>
    public static string Apply(string text, Range? range, string newText)
    {
        if (range is null)
            return newText;
        var start = OffsetOf(text, range.Start);
        var end = OffsetOf(text, range.End);
        if (end < start)
            (start, end) = (end, start);
        return string.Concat(text.AsSpan(0, start), newText, text.AsSpan(end));
    }

    /// <summary>The string index of <paramref name="position"/>, clamped to its line and to the text.</summary>
    public static int OffsetOf(string text, Position position)
    {
        var offset = 0;
        for (var line = 0; line < position.Line; line++)
        {
            var next = text.AsSpan(offset).IndexOfAny('\n', '\r');
            if (next < 0)
                return text.Length;
            offset += next;
            offset += text[offset] == '\r' && offset + 1 < text.Length && text[offset + 1] == '\n' ? 2 : 1;
        }
        var lineEnd = text.AsSpan(offset).IndexOfAny('\n', '\r');
        var lineLength = lineEnd < 0 ? text.Length - offset : lineEnd;
        return offset + Math.Clamp(position.Character, 0, lineLength);
    }
}
