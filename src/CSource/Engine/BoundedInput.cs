using System;
using System.IO;
using System.Threading;
using Tmds.Linux;

namespace Folint.CSource.Engine;

/// <summary>
/// Reads an input a user names on the command line (a baseline, a patch) or standard input, whole, at most a limit,
/// and interruptibly. Besides regular files it takes pipes, so <c>--baseline &lt;(git show HEAD:b.json)</c> and
/// <c>git format-patch --stdout | folint check-patch -</c> work; a named FIFO with no writer is refused at once
/// (nothing would ever come), and a device is refused without being opened. Reads wait with poll(2) in short
/// slices, so a signal stops a read that a silent writer keeps waiting.
/// </summary>
public static class BoundedInput
{
    /// <summary>Reads the named file.</summary>
    /// <exception cref="FileRefusedException">What keeps it from being read, in words for the user.</exception>
    /// <exception cref="OperationCanceledException">The run was interrupted while it waited for a writer.</exception>
    public static byte[] Read(string path, long limit, CancellationToken cancellationToken)
    {
        var status = FileStatus.Of(path);
        if (!status.Exists)
            throw RegularFile.Refused(status.Errno);
        switch (status.Kind)
        {
            case FileKind.Regular:
                return RegularFile.ReadAll(path, limit);
            case FileKind.Fifo when OperatingSystem.IsLinux():
                // O_NONBLOCK: the open returns at once, with or without a writer.
                var descriptor = RegularFile.OpenDescriptor(path, LibC.O_RDONLY | LibC.O_NONBLOCK | LibC.O_NOCTTY | LibC.O_CLOEXEC);
                if (descriptor < 0)
                    throw RegularFile.Refused(LibC.errno);
                try
                {
                    if (FileStatus.OfDescriptor(descriptor).Kind != FileKind.Fifo)
                        throw new FileRefusedException(FileRefusal.Changed, "changed while it was opened");
                    return ReadDescriptor(descriptor, limit, cancellationToken, probeFirst: true);
                }
                finally
                {
                    LibC.close(descriptor);
                }
            default:
                throw new FileRefusedException(FileRefusal.NotRegular, $"not a regular file or a pipe ({status.KindName})");
        }
    }

    /// <summary>Reads standard input to its end (whatever it is: a file, a pipe, a terminal, a device).</summary>
    public static byte[] ReadStandardInput(long limit, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            using var stdin = Console.OpenStandardInput();
            return ReadStream(stdin, limit);
        }
        return ReadDescriptor(0, limit, cancellationToken, probeFirst: false);
    }

    /// <summary>Reads a stream to its end, at most <paramref name="limit"/> bytes.</summary>
    public static byte[] ReadStream(Stream stream, long limit)
    {
        var cap = Math.Min(limit, RegularFile.MaxReadable);
        using var content = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (content.Length + read > cap)
                throw RegularFile.TooLarge(limit);
            content.Write(chunk, 0, read);
        }
        return content.ToArray();
    }

    /// <param name="probeFirst">A FIFO opened with O_NONBLOCK: read once before waiting, since poll(2) never reports a FIFO that no writer has opened yet.</param>
    private static unsafe byte[] ReadDescriptor(int descriptor, long limit, CancellationToken cancellationToken, bool probeFirst)
    {
        var cap = Math.Min(limit, RegularFile.MaxReadable);
        using var content = new MemoryStream();
        var chunk = new byte[64 * 1024];
        var wait = !probeFirst;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (wait)
            {
                // Read only once poll says a read will not block: a blocking read could not be interrupted.
                var ready = new pollfd { fd = descriptor, events = LibC.POLLIN };
                // Nothing yet, or a signal interrupted the wait (the only failure poll can have here; its errno is
                // not reliable after the runtime's signal handling): look at the cancellation again.
                if (LibC.poll(&ready, 1, 100) <= 0)
                    continue;
            }
            long read;
            fixed (byte* into = chunk)
                read = LibC.read(descriptor, into, chunk.Length);
            if (read < 0)
            {
                var errno = LibC.errno;
                if (errno != LibC.EAGAIN && errno != LibC.EINTR)
                    throw RegularFile.Refused(errno);
                wait = true;
                continue;
            }
            if (read == 0)
            {
                // A FIFO opened without blocking reads end-of-file at once when no process has it open for writing.
                if (!wait)
                    throw new FileRefusedException(FileRefusal.Unreadable, "a FIFO that no process is writing to (nothing to read)");
                return content.ToArray();
            }
            wait = true;
            if (content.Length + read > cap)
                throw RegularFile.TooLarge(limit);
            content.Write(chunk, 0, (int)read);
        }
    }
}
