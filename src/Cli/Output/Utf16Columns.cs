using System;
using System.Collections.Concurrent;
using System.IO;
using System.Text;
using Folint.Analyzer.Model;
using Folint.CSource.Engine;

namespace Folint.Cli.Output;

/// <summary>
/// folint's columns count bytes (as gcc, vim and Emacs do). SARIF (and LSP) count UTF-16 code units, which
/// differ once a line has non-ASCII text before the column, so such columns are converted from the file's bytes.
/// </summary>
public sealed class Utf16Columns
{
    private readonly Func<string, byte[]?> _read;
    private readonly ConcurrentDictionary<string, (byte[] Bytes, LineMap Lines)?> _files = new(StringComparer.Ordinal);

    /// <param name="read">The bytes of a file by its tree-relative path; null when it cannot be read.</param>
    public Utf16Columns(Func<string, byte[]?> read)
    {
        _read = read;
    }

    /// <summary>Reads files under <paramref name="treeRoot"/>.</summary>
    public static Utf16Columns ForTree(string treeRoot) => new(path =>
    {
        try
        {
            // Typed before it is opened: a FIFO swapped in for a file with a finding would block the report.
            var full = Path.Combine(treeRoot, path);
            return File.Exists(full) ? RegularFile.ReadAll(full, RegularFile.MaxReadable) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    });

    /// <summary>The 1-based UTF-16 column of a 1-based byte column; the byte column itself when the file is unknown.</summary>
    public int Convert(string file, int line, int byteColumn)
    {
        if (line < 1 || byteColumn <= 1)
            return byteColumn;
        var loaded = _files.GetOrAdd(file, f => _read(f) is { } bytes ? (bytes, LineMap.FromBytes(bytes)) : null);
        if (loaded is not { } text)
            return byteColumn;
        var start = text.Lines.GetLineStart(line);
        var length = Math.Min(byteColumn - 1, text.Bytes.Length - start);
        if (length <= 0)
            return byteColumn;
        return 1 + Encoding.UTF8.GetCharCount(text.Bytes, start, length);
    }
}
