using System;
using System.Collections.Generic;

namespace Folint.Analyzer.Model;

/// <summary>Maps byte offsets of one file to 1-based line and byte column. Built once per file from its bytes.</summary>
public sealed class LineMap
{
    private readonly int[] _lineStarts;

    public LineMap(int[] lineStarts, int length)
    {
        if (lineStarts.Length == 0 || lineStarts[0] != 0)
            throw new ArgumentException("line starts must begin at offset 0", nameof(lineStarts));
        _lineStarts = lineStarts;
        Length = length;
    }

    /// <summary>Total length in bytes of the file the map was built from.</summary>
    public int Length { get; }

    public int LineCount => _lineStarts.Length;

    public static LineMap FromBytes(ReadOnlySpan<byte> text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == (byte)'\n')
                starts.Add(i + 1);
        }
        return new LineMap(starts.ToArray(), text.Length);
    }

    public static LineMap FromString(string text)
    {
        var starts = new List<int> { 0 };
        var offset = 0;
        foreach (var ch in text)
        {
            offset += ch < 0x80 ? 1 : ch < 0x800 ? 2 : char.IsSurrogate(ch) ? 2 : 3;
            if (ch == '\n')
                starts.Add(offset);
        }
        return new LineMap(starts.ToArray(), offset);
    }

    public LinePosition GetPosition(int offset)
    {
        if (offset < 0)
            offset = 0;
        if (offset > Length)
            offset = Length;
        var index = Array.BinarySearch(_lineStarts, offset);
        if (index < 0)
            index = ~index - 1;
        return new LinePosition(index + 1, offset - _lineStarts[index] + 1);
    }

    /// <summary>Byte offset of a 1-based line's first byte (the file length past the last line).</summary>
    public int GetLineStart(int line)
    {
        if (line < 1)
            return 0;
        return line > _lineStarts.Length ? Length : _lineStarts[line - 1];
    }
}
