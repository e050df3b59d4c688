using System;
using System.IO;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace Folint.CSource.Engine;

/// <summary>What kept a file from being read, for callers that word their messages by case.</summary>
public enum FileRefusal
{
    Missing,
    PermissionDenied,
    NotRegular,
    TooLarge,
    OutsideTree,
    NameTooLong,
    Changed,
    Unreadable,
}

/// <summary>
/// A file folint would not or could not read: <see cref="Exception.Message"/> says why in words for the user (what
/// follows "skipped: " or "cannot read: "). An <see cref="IOException"/>, so callers that already handle I/O errors
/// handle it too.
/// </summary>
public sealed class FileRefusedException : IOException
{
    public FileRefusedException(FileRefusal refusal, string reason, long limit = 0)
        : base(reason)
    {
        Refusal = refusal;
        Limit = limit;
    }

    public FileRefusal Refusal { get; }

    /// <summary>The size limit that was passed, for <see cref="FileRefusal.TooLarge"/>.</summary>
    public long Limit { get; }
}

/// <summary>
/// Opens and reads regular files only, with the type known before the open: lstat/stat first (a FIFO would block the
/// open until a writer came, a device may act on being opened), then open(2) with O_NONBLOCK and O_NOCTTY (so one
/// swapped in since is never waited on), then fstat on the descriptor (still a regular file, and the same one). Reads
/// stop at a size limit however much the file grows meanwhile. With <c>within</c>, the file actually opened must lie
/// under that directory (its real path, read back from /proc/self/fd): a symbolic link put in the file's place between
/// the check and the open cannot lead outside the tree.
/// </summary>
public static class RegularFile
{
    /// <summary>The most one read holds: the largest array .NET allocates.</summary>
    public static long MaxReadable => Array.MaxLength;

    /// <summary>Reads the whole file, at most <paramref name="limit"/> bytes (a longer one is refused).</summary>
    /// <exception cref="FileRefusedException">Not a regular file, vanished, unreadable, over the limit, or (with <paramref name="within"/>) outside it.</exception>
    public static byte[] ReadAll(string path, long limit, bool followLinks = true, string? within = null)
    {
        using var handle = Open(path, followLinks, within);
        return ReadAll(handle, limit);
    }

    /// <summary>Opens a regular file for reading as the class describes.</summary>
    public static SafeFileHandle Open(string path, bool followLinks = true, string? within = null) =>
        Open(path, followLinks ? FileStatus.Of(path) : FileStatus.OfLink(path), followLinks, within);

    /// <summary>Opens a regular file whose status the caller has just read (stat or lstat, as <paramref name="followLinks"/> says).</summary>
    internal static SafeFileHandle Open(string path, FileStatus status, bool followLinks, string? within = null)
    {
        if (!status.Exists)
            throw Refused(status.Errno);
        if (status.Kind != FileKind.Regular)
            throw new FileRefusedException(FileRefusal.NotRegular, $"not a regular file ({status.KindName})");
        if (!OperatingSystem.IsLinux())
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

        var descriptor = OpenDescriptor(path, LibC.O_RDONLY | LibC.O_NONBLOCK | LibC.O_NOCTTY | LibC.O_CLOEXEC | (followLinks ? 0 : LibC.O_NOFOLLOW));
        if (descriptor < 0)
        {
            var errno = LibC.errno;
            throw errno == LibC.ELOOP && !followLinks
                ? new FileRefusedException(FileRefusal.Changed, "became a symbolic link while it was opened")
                : Refused(errno);
        }
        var handle = new SafeFileHandle((IntPtr)descriptor, ownsHandle: true);
        var opened = FileStatus.OfDescriptor(descriptor);
        if (opened.Kind != FileKind.Regular || opened.Identity != status.Identity)
        {
            handle.Dispose();
            throw new FileRefusedException(FileRefusal.Changed, opened.Kind == FileKind.Regular
                ? "replaced by another file while it was opened"
                : $"became a {opened.KindName} while it was opened");
        }
        if (within is not null && DescriptorPath(descriptor) is { } real && !SourceDiscovery.IsAtOrBelow(real, within))
        {
            handle.Dispose();
            throw new FileRefusedException(FileRefusal.OutsideTree, $"leads outside the tree (to {real})");
        }
        return handle;
    }

    /// <summary>Reads an open file to its end, at most <paramref name="limit"/> bytes.</summary>
    public static byte[] ReadAll(SafeFileHandle handle, long limit)
    {
        var cap = Math.Min(limit, MaxReadable);
        var length = Math.Max(RandomAccess.GetLength(handle), 0);
        if (length > cap)
            throw TooLarge(limit);
        // The size it has now, read into an array of that size: no copy for the common case of a file that holds still.
        var buffer = new byte[length];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = RandomAccess.Read(handle, buffer.AsSpan(total), total)) > 0)
            total += read;
        if (total < buffer.Length)
            return buffer.AsSpan(0, total).ToArray(); // shrank while it was read
        Span<byte> probe = stackalloc byte[1];
        if (RandomAccess.Read(handle, probe, total) == 0)
            return buffer;
        // It grew while it was read: read on to its end, or to the limit.
        if (total >= cap || total >= MaxReadable)
            throw TooLarge(limit);
        var grown = new byte[(int)Math.Min(Math.Min(cap + 1, MaxReadable), Math.Max(total * 2L, 64 * 1024))];
        buffer.CopyTo(grown, 0);
        grown[total++] = probe[0];
        buffer = grown;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (total > cap || total == MaxReadable)
                    throw TooLarge(limit);
                Array.Resize(ref buffer, (int)Math.Min(Math.Min(cap + 1, MaxReadable), buffer.Length * 2L));
            }
            read = RandomAccess.Read(handle, buffer.AsSpan(total), total);
            if (read == 0)
                break;
            total += read;
        }
        if (total > cap)
            throw TooLarge(limit);
        return buffer.AsSpan(0, total).ToArray();
    }

    /// <summary>The refusal of a file over <paramref name="limit"/> bytes.</summary>
    public static FileRefusedException TooLarge(long limit) =>
        new(FileRefusal.TooLarge, limit >= MaxReadable
            ? $"file too large (over {SourceDiscovery.Size(MaxReadable)}, the most folint can hold)"
            : $"file too large (over {SourceDiscovery.Size(limit)}; raise the limit with --max-file-size)", Math.Min(limit, MaxReadable));

    /// <summary>The refusal for an errno of stat(2) or open(2).</summary>
    internal static FileRefusedException Refused(int errno) => errno switch
    {
        ENOENT or ENOTDIR => new(FileRefusal.Missing, "no such file"),
        EACCES or EPERM => new(FileRefusal.PermissionDenied, "permission denied"),
        ENAMETOOLONG => new(FileRefusal.NameTooLong, NameTooLong),
        ELOOP => new(FileRefusal.Unreadable, "symbolic link loop"),
        EISDIR => new(FileRefusal.NotRegular, "not a regular file (directory)"),
        _ => new(FileRefusal.Unreadable, System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno)),
    };

    /// <summary>The words for a path the system cannot open by name.</summary>
    public const string NameTooLong = "its path is longer than the system allows (PATH_MAX, 4096 bytes), so folint cannot open it";

    /// <summary>The real path of a directory (symbolic links resolved); the path itself when it cannot be resolved.</summary>
    public static string RealPath(string path)
    {
        if (!OperatingSystem.IsLinux())
            return path;
        var descriptor = OpenDescriptor(path, LibC.O_PATH | LibC.O_CLOEXEC);
        if (descriptor < 0)
            return path;
        try
        {
            return DescriptorPath(descriptor) ?? path;
        }
        finally
        {
            LibC.close(descriptor);
        }
    }

    internal static unsafe int OpenDescriptor(string path, int flags, int mode = 0)
    {
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* name = bytes)
        {
            while (true)
            {
                var descriptor = LibC.open(name, flags, (mode_t)mode);
                if (descriptor >= 0 || LibC.errno != LibC.EINTR)
                    return descriptor;
            }
        }
    }

    /// <summary>The path the kernel has for an open descriptor; null without /proc or for a file no longer linked.</summary>
    private static unsafe string? DescriptorPath(int descriptor)
    {
        var link = Encoding.UTF8.GetBytes($"/proc/self/fd/{descriptor}\0");
        var target = new byte[4096 + 1];
        long length;
        fixed (byte* name = link)
        fixed (byte* into = target)
            length = LibC.readlink(name, into, target.Length);
        if (length <= 0 || length >= target.Length || target[0] != (byte)'/')
            return null;
        var path = Encoding.UTF8.GetString(target, 0, (int)length);
        return path.EndsWith(" (deleted)", StringComparison.Ordinal) ? null : path;
    }

    private const int EPERM = 1;
    private const int ENOENT = 2;
    private const int EACCES = 13;
    private const int ENOTDIR = 20;
    private const int EISDIR = 21;
    private const int ENAMETOOLONG = 36;
    private const int ELOOP = 40;
}
