using System;
using System.Buffers;
using System.IO;
using System.Text.Unicode;

namespace Folint.CSource.Engine;

/// <summary>The outcome of reading one file: its content, or why it cannot be checked; maybe a note about it.</summary>
public sealed record SourceRead(SourceFile? File, InputProblem? Problem, InputNote? Note);

/// <summary>
/// Reads a discovered file just before it is parsed (so contents are never all in memory at once) and refuses
/// what is not C text: files that vanished, cannot be read, turned into something other than a regular file,
/// grew past the size limit, or hold NUL bytes. Invalid UTF-8 is checked anyway (tree-sitter reads bytes; some
/// kernel files carry Latin-1 in comments) with one note.
/// </summary>
public static class SourceReader
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
        var status = FileStatus.Of(file.FullPath);
        if (!status.Exists)
            return Skipped(file, status.IsPermissionDenied ? "cannot read: permission denied" : "vanished before it could be read");
        if (status.Kind != FileKind.Regular)
            return Skipped(file, $"not a regular file ({status.KindName})");

        byte[] content;
        try
        {
            content = ReadAtMost(file.FullPath, maxFileSize);
        }
        catch (FileNotFoundException)
        {
            return Skipped(file, "vanished before it could be read");
        }
        catch (DirectoryNotFoundException)
        {
            return Skipped(file, "vanished before it could be read");
        }
        catch (UnauthorizedAccessException)
        {
            return Skipped(file, Directory.Exists(file.FullPath) ? "cannot read: it became a directory" : "cannot read: permission denied");
        }
        catch (FileTooLargeException e)
        {
            return new SourceRead(null, new InputProblem(file.Path, $"skipped: file too large (over {SourceDiscovery.Size(e.Limit)}; raise the limit with --max-file-size)") { Kind = InputProblemKind.OverLimit }, null);
        }
        catch (IOException e)
        {
            return Skipped(file, "cannot read: " + e.Message);
        }

        return Checked(file, content);
    }

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

    private static byte[] ReadAtMost(string path, long limit)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1, FileOptions.SequentialScan);
        if (stream.Length > limit)
            throw new FileTooLargeException(limit);
        // Read to the end rather than trusting the length: the file may change while it is read.
        using var content = new MemoryStream((int)stream.Length);
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (content.Length + read > limit)
                throw new FileTooLargeException(limit);
            content.Write(chunk, 0, read);
        }
        return content.Length == content.Capacity ? content.GetBuffer() : content.ToArray();
    }

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

    private sealed class FileTooLargeException : IOException
    {
        public FileTooLargeException(long limit) => Limit = limit;

        public long Limit { get; }
    }
}
