using System;
using System.IO;
using System.Text;
using Folint.CSource.Engine;
using Microsoft.Win32.SafeHandles;

namespace Folint.Cli.Output;

/// <summary>
/// Writes a report or baseline where the user asked (<see cref="OutputTarget"/> decides how). A file is written so
/// readers see the old content or the complete new one, never a half-written report: the text goes to a temporary
/// file in the target's directory (same file system, so the rename is atomic), which takes the old file's permissions
/// and then replaces it with rename(2). A symbolic link is followed and its target replaced, so the link stays. A
/// FIFO or character device is written through, and <c>/dev/stdout</c>, <c>/dev/stderr</c> and <c>/dev/fd/N</c> go to
/// folint's own streams: none of them is ever replaced by a file.
/// </summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static void Write(string path, Action<TextWriter> write) => Write(path, write, null, null);

    /// <param name="standardOutput">Where <c>/dev/stdout</c> (descriptor 1) goes; the process's own when null.</param>
    /// <param name="standardError">Where <c>/dev/stderr</c> (descriptor 2) goes; the process's own when null.</param>
    /// <exception cref="FileRefusedException">The path leads to a directory, a block device, a link loop, or a FIFO nobody reads.</exception>
    public static void Write(string path, Action<TextWriter> write, TextWriter? standardOutput, TextWriter? standardError)
    {
        var target = OutputTarget.Resolve(Path.GetFullPath(path));
        switch (target.Kind)
        {
            case OutputKind.Descriptor when target.Descriptor == 1 && standardOutput is not null:
                write(standardOutput);
                standardOutput.Flush();
                return;
            case OutputKind.Descriptor when target.Descriptor == 2 && standardError is not null:
                write(standardError);
                standardError.Flush();
                return;
            case OutputKind.Descriptor:
                WriteTo(new SafeFileHandle((IntPtr)target.Descriptor, ownsHandle: false), write);
                return;
            case OutputKind.WriteThrough:
                WriteTo(target.OpenWriteThrough(), write);
                return;
            default:
                Replace(target, write);
                return;
        }
    }

    private static void WriteTo(SafeFileHandle handle, Action<TextWriter> write)
    {
        using (handle)
        using (var stream = new FileStream(handle, FileAccess.Write, bufferSize: 1 << 16))
        using (var writer = new StreamWriter(stream, Utf8))
        {
            write(writer);
            writer.Flush();
        }
    }

    private static void Replace(OutputTarget target, Action<TextWriter> write)
    {
        var full = target.Path;
        var directory = Path.GetDirectoryName(full) ?? ".";
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                target.KeepOwnership(stream.SafeFileHandle);
                using (var writer = new StreamWriter(stream, Utf8, bufferSize: 1 << 16, leaveOpen: true))
                {
                    write(writer);
                    writer.Flush();
                }
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
