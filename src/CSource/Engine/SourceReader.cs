using System;
using System.Buffers;
using System.IO;
using System.Text.Unicode;

namespace Folint.CSource.Engine;

/// <summary>The outcome of reading one file: its content, or why it cannot be checked; maybe a note about it.</summary>
internal sealed record SourceRead(SourceFile? File, InputProblem? Problem, InputNote? Note);

/// <summary>
/// Reads a discovered file just before it is parsed (so contents are never all in memory at once) and refuses
/// what is not C text: files that vanished, cannot be read, turned into something other than a regular file,
/// grew past the size limit, or hold NUL bytes. Invalid UTF-8 is checked anyway (tree-sitter reads bytes; some
/// kernel files carry Latin-1 in comments) with one note.
/// </summary>
internal static class SourceReader
{
    public static SourceRead Read(DiscoveredFile file, long maxFileSize) => Read(file, maxFileSize, SourceOverlay.None);

    /// <summary>Reads through <paramref name="overlay"/>: a file it holds is taken from it, never from the disk.</summary>
    public static SourceRead Read(DiscoveredFile file, long maxFileSize, SourceOverlay overlay)
    {
        if (overlay.TryGet(file.Path, out var replaced))
        {
            if (replaced is null)
                return Skipped(file, overlay.Exclusive ? "not in the patch" : "deleted by the patch");
            return FromContent(file.Path, replaced, maxFileSize);
        }
        byte[] content;
        try
        {
            content = RegularFile.ReadAll(file.FullPath, maxFileSize, within: TreeOf(file));
        }
        catch (FileRefusedException e)
        {
            return e.Refusal switch
            {
                FileRefusal.Missing => Skipped(file, "vanished before it could be read"),
                FileRefusal.PermissionDenied => Skipped(file, "cannot read: permission denied"),
                FileRefusal.NotRegular or FileRefusal.Changed or FileRefusal.OutsideTree => Skipped(file, e.Message),
                FileRefusal.TooLarge => new SourceRead(null, new InputProblem(file.Path, "skipped: " + e.Message) { Kind = InputProblemKind.OverLimit }, null),
                _ => Skipped(file, "cannot read: " + e.Message),
            };
        }
        catch (IOException e)
        {
            return Skipped(file, "cannot read: " + e.Message);
        }
        catch (UnauthorizedAccessException)
        {
            return Skipped(file, "cannot read: permission denied");
        }

        return Checked(file, content);
    }

    /// <summary>
    /// The real path of the directory a discovered file's path is relative to (its tree), which the file actually read
    /// must lie under; null when the file's path is not relative to a directory above it.
    /// </summary>
    private static string? TreeOf(DiscoveredFile file)
    {
        var full = file.FullPath;
        if (file.Path.Length == 0 || full.Length <= file.Path.Length || !full.EndsWith(file.Path, StringComparison.Ordinal) || full[full.Length - file.Path.Length - 1] != '/')
            return null;
        var root = full.Substring(0, full.Length - file.Path.Length - 1);
        return RealRoots.GetOrAdd(root.Length == 0 ? "/" : root, RegularFile.RealPath);
    }

    // A run reads from one tree or a few: their real paths are resolved once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> RealRoots = new(StringComparer.Ordinal);

    /// <summary>Text already in memory (an editor's buffer, a patched file): refused as a file on disk would be, for its size or a NUL byte.</summary>
    public static SourceRead FromContent(string path, byte[] content, long maxFileSize)
    {
        if (content.Length > maxFileSize)
            return new SourceRead(null, new InputProblem(path, $"skipped: file too large (over {SourceDiscovery.Size(maxFileSize)}; raise the limit with --max-file-size)") { Kind = InputProblemKind.OverLimit }, null);
        return Checked(path, content);
    }

    private static SourceRead Checked(DiscoveredFile file, byte[] content) => Checked(file.Path, content);

    private static SourceRead Checked(string path, byte[] content)
    {
        var nul = content.AsSpan().IndexOf((byte)0);
        if (nul >= 0)
            return new SourceRead(null, new InputProblem(path, $"skipped: binary file (NUL byte at offset {nul})"), null);

        InputNote? note = null;
        if (!Utf8.IsValid(content))
        {
            var offset = FirstInvalidUtf8(content);
            var line = 1 + content.AsSpan(0, offset).Count((byte)'\n');
            note = new InputNote(path, $"not valid UTF-8 (first invalid byte at line {line}, offset {offset}); checked as bytes");
        }
        return new SourceRead(new SourceFile(path, content), null, note);
    }

    private static SourceRead Skipped(DiscoveredFile file, string reason) =>
        new(null, new InputProblem(file.Path, "skipped: " + reason), null);

    private static int FirstInvalidUtf8(byte[] content)
    {
        var chars = ArrayPool<char>.Shared.Rent(4096);
        try
        {
            var offset = 0;
            while (offset < content.Length)
            {
                var status = Utf8.ToUtf16(content.AsSpan(offset), chars, out var read, out _, replaceInvalidSequences: false, isFinalBlock: true);
                offset += read;
                if (status == System.Buffers.OperationStatus.InvalidData)
                    return offset;
                if (status == System.Buffers.OperationStatus.Done)
                    break;
            }
            return offset;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
