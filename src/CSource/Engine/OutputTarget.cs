using System;
using System.IO;
using System.Text.RegularExpressions;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace Folint.CSource.Engine;

/// <summary>How a report or baseline reaches the path the user gave.</summary>
public enum OutputKind
{
    /// <summary>Nothing there: a new file, written to a temporary file and renamed into place.</summary>
    NewFile,

    /// <summary>A regular file: replaced the same way, keeping its permissions (and, when folint may, its owner).</summary>
    ReplacedFile,

    /// <summary>A FIFO, a character device or a socket: written to as it is, never replaced by a file.</summary>
    WriteThrough,

    /// <summary>One of folint's own open descriptors (<c>/dev/stdout</c>, <c>/dev/fd/N</c>): written to through it, so a shell's <c>&gt;&gt;</c> still appends.</summary>
    Descriptor,
}

/// <summary>
/// Where an output path leads, decided before anything is written: a symbolic link is followed to its target (which
/// is what gets replaced, so the link stays a link), a device or FIFO is written through (as root, replacing
/// <c>-o /dev/null</c> with a file would destroy the device node), and a regular file is replaced atomically with its
/// mode kept. A directory, a block device (a report written over a disk) and a link loop are refused.
/// </summary>
public sealed record OutputTarget(OutputKind Kind, string Path)
{
    /// <summary>The file being replaced (<see cref="OutputKind.ReplacedFile"/>): its permission bits, owner and group.</summary>
    public int Permissions { get; init; } = -1;

    public uint Owner { get; init; }

    public uint Group { get; init; }

    /// <summary>The descriptor of <see cref="OutputKind.Descriptor"/>.</summary>
    public int Descriptor { get; init; } = -1;

    private static readonly Regex DescriptorPath = new(@"^/(?:dev/fd|proc/self/fd|proc/\d+/fd)/(\d+)$", RegexOptions.CultureInvariant);

    /// <exception cref="FileRefusedException">The path leads to something no report may be written to.</exception>
    public static OutputTarget Resolve(string fullPath)
    {
        var path = fullPath;
        for (var links = 0; links <= 40; links++)
        {
            if (AsDescriptor(path) is { } descriptor)
                return new OutputTarget(OutputKind.Descriptor, path) { Descriptor = descriptor };
            var status = FileStatus.OfLink(path);
            if (!status.Exists)
            {
                if (status.IsNameTooLong)
                    throw new FileRefusedException(FileRefusal.NameTooLong, RegularFile.NameTooLong);
                return new OutputTarget(OutputKind.NewFile, path);
            }
            switch (status.Kind)
            {
                case FileKind.SymbolicLink:
                    var target = new FileInfo(path).LinkTarget ?? throw new FileRefusedException(FileRefusal.Unreadable, "cannot read the symbolic link");
                    path = System.IO.Path.GetFullPath(target, System.IO.Path.GetDirectoryName(path) ?? "/");
                    continue;
                case FileKind.Regular:
                    return new OutputTarget(OutputKind.ReplacedFile, path) { Permissions = status.Permissions, Owner = status.Owner, Group = status.Group };
                case FileKind.Fifo or FileKind.CharacterDevice or FileKind.Socket:
                    return new OutputTarget(OutputKind.WriteThrough, path);
                case FileKind.BlockDevice:
                    throw new FileRefusedException(FileRefusal.NotRegular, "a block device: folint writes reports to files, FIFOs and character devices, never over a disk");
                case FileKind.Directory:
                    throw new FileRefusedException(FileRefusal.NotRegular, "is a directory");
                default:
                    throw new FileRefusedException(FileRefusal.NotRegular, $"not a file folint can write ({status.KindName})");
            }
        }
        throw new FileRefusedException(FileRefusal.Unreadable, "symbolic link loop");
    }

    /// <summary>
    /// Opens a <see cref="OutputKind.WriteThrough"/> target for writing without creating or truncating it. A FIFO that
    /// no process reads is refused at once (the open would wait for a reader for ever).
    /// </summary>
    public SafeFileHandle OpenWriteThrough()
    {
        if (!OperatingSystem.IsLinux())
            return File.OpenHandle(Path, FileMode.Open, FileAccess.Write);
        var descriptor = RegularFile.OpenDescriptor(Path, LibC.O_WRONLY | LibC.O_NOCTTY | LibC.O_CLOEXEC | LibC.O_NONBLOCK);
        if (descriptor < 0)
        {
            var errno = LibC.errno;
            throw errno == LibC.ENXIO
                ? new FileRefusedException(FileRefusal.Unreadable, "a FIFO that no process is reading (nothing would take the report)")
                : RegularFile.Refused(errno);
        }
        var handle = new SafeFileHandle((IntPtr)descriptor, ownsHandle: true);
        if (FileStatus.OfDescriptor(descriptor).Kind is FileKind.Regular or FileKind.BlockDevice or FileKind.Directory)
        {
            handle.Dispose();
            throw new FileRefusedException(FileRefusal.Changed, "changed while it was opened");
        }
        // Blocking writes from here on: a reader that is slow to drain a FIFO is waited for, not an error.
        var flags = LibC.fcntl(descriptor, LibC.F_GETFL);
        if (flags >= 0)
            LibC.fcntl(descriptor, LibC.F_SETFL, flags & ~LibC.O_NONBLOCK);
        return handle;
    }

    /// <summary>Gives a temporary file that is about to replace this target the target's permissions, and its owner where folint may set it.</summary>
    public void KeepOwnership(SafeFileHandle temporary)
    {
        if (Kind != OutputKind.ReplacedFile || !OperatingSystem.IsLinux())
            return;
        var descriptor = (int)temporary.DangerousGetHandle();
        // Owner first: chown clears the set-id bits that the chmod then puts back.
        if (Environment.IsPrivilegedProcess)
            LibC.fchown(descriptor, Owner, Group);
        LibC.fchmod(descriptor, (mode_t)Permissions);
    }

    private static int? AsDescriptor(string path)
    {
        if (path is "/dev/stdout")
            return 1;
        if (path is "/dev/stderr")
            return 2;
        var match = DescriptorPath.Match(path);
        if (!match.Success || !int.TryParse(match.Groups[1].Value, out var descriptor))
            return null;
        // /proc/PID/fd of another process is a link to whatever that process has open: followed like any link.
        return path.StartsWith("/proc/", StringComparison.Ordinal) && !path.StartsWith("/proc/self/", StringComparison.Ordinal) &&
               !path.StartsWith($"/proc/{Environment.ProcessId}/", StringComparison.Ordinal)
            ? null
            : descriptor;
    }
}
