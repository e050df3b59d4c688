using System;
using System.IO;
using System.Text;

namespace Folint.Cli.Output;

/// <summary>
/// Text for a terminal, from names and messages folint does not control. A file named <c>"x\nmm/y.c:1:1: warning:
/// ..."</c> would print a fake finding, and one holding ESC sequences would drive the terminal (hide lines, retitle
/// the window); Unicode bidi controls would reorder what is shown (Trojan Source). Such characters are shown as
/// C-style escapes (<c>\n</c>, <c>\x1b</c>, <c>\u202e</c>). JSON and SARIF escape them on their own.
/// </summary>
public static class Printable
{
    /// <summary>A name (a path, a function) with every control character escaped, newlines and tabs included.</summary>
    public static string Name(string text) => Escape(text, keepLineBreaks: false);

    /// <summary>Free text (a message, a line of output): newlines and tabs kept, every other control character escaped.</summary>
    public static string Text(string text) => Escape(text, keepLineBreaks: true);

    /// <summary>A writer that passes text through <see cref="Text"/>: the last guard of stderr and of text reports.</summary>
    public static TextWriter Writer(TextWriter inner) => inner is PrintableWriter ? inner : new PrintableWriter(inner);

    /// <summary>The writer under <see cref="Writer"/>, for folint's own control sequences (the progress line on a terminal).</summary>
    public static TextWriter Unescaped(TextWriter writer) => writer is PrintableWriter printable ? printable.Inner : writer;

    private static string Escape(string text, bool keepLineBreaks)
    {
        var first = FirstUnprintable(text, keepLineBreaks);
        if (first < 0)
            return text;
        var escaped = new StringBuilder(text.Length + 8).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (!IsUnprintable(c, keepLineBreaks))
            {
                escaped.Append(c);
                continue;
            }
            escaped.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < '\u0100' => FormattableString.Invariant($"\\x{(int)c:x2}"),
                _ => FormattableString.Invariant($"\\u{(int)c:x4}"),
            });
        }
        return escaped.ToString();
    }

    private static int FirstUnprintable(string text, bool keepLineBreaks)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (IsUnprintable(text[i], keepLineBreaks))
                return i;
        }
        return -1;
    }

    private static bool IsUnprintable(char c, bool keepLineBreaks) =>
        c < ' ' ? !(keepLineBreaks && c is '\n' or '\t')
        : c == '\u007f' || (c >= '\u0080' && c <= '\u009f') ||
          c is '\u061c' or '\u200e' or '\u200f' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069');

    private sealed class PrintableWriter(TextWriter inner) : ForwardingWriter(inner)
    {
        protected override string Transform(string value) => Text(value);
    }
}
