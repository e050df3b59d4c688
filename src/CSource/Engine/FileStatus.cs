using System;
using System.IO;
using System.Text;
using Tmds.Linux;

namespace Folint.CSource.Engine;

internal enum FileKind
{
    Missing,
    Regular,
    Directory,
    SymbolicLink,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
    Unknown,
}

/// <summary>
/// What lstat(2)/stat(2) say about a path. .NET's FileInfo reports a FIFO or a device as an ordinary empty file,
/// and opening a FIFO for reading blocks until a writer appears, so the type must be known before the open.
/// Device and inode identify a file however it was reached (overlapping PATHs, symbolic links, hard links).
/// </summary>
internal readonly record struct FileStatus(FileKind Kind, long Size, FileIdentity Identity, int Errno)
{
    /// <summary>st_mtime in ticks (settable: <c>touch -r</c> puts an old one back).</summary>
    public long ModifiedTicks { get; init; }

    /// <summary>st_ctime in ticks: every write, rename or chmod moves it, and no user can set it back.</summary>
    public long ChangedTicks { get; init; }

    /// <summary>Permission bits (st_mode without the type), owner and group: kept when a report replaces a file.</summary>
    public int Permissions { get; init; }

    public uint Owner { get; init; }

    public uint Group { get; init; }

    public bool Exists => Kind != FileKind.Missing;

    /// <summary>The file type in words for messages ("FIFO", "character device").</summary>
    public string KindName => Kind switch
    {
        FileKind.Fifo => "FIFO",
        FileKind.CharacterDevice => "character device",
        FileKind.BlockDevice => "block device",
        FileKind.Socket => "socket",
        FileKind.Directory => "directory",
        FileKind.SymbolicLink => "symbolic link",
        FileKind.Regular => "regular file",
        _ => "special file",
    };

    /// <summary>Status of the path itself (a symbolic link is reported as one).</summary>
    public static FileStatus OfLink(string path) => Query(path, follow: false);

    /// <summary>Status of what the path leads to, through symbolic links. ELOOP and ENOENT show in <see cref="Errno"/>.</summary>
    public static FileStatus Of(string path) => Query(path, follow: true);

    public bool IsLoop => Kind == FileKind.Missing && Errno == ELOOP;

    public bool IsPermissionDenied => Kind == FileKind.Missing && Errno == EACCES;

    public bool IsNameTooLong => Kind == FileKind.Missing && Errno == ENAMETOOLONG;

    private const int ENAMETOOLONG = 36;

    private const int EACCES = 13;

    private static unsafe FileStatus Query(string path, bool follow)
    {
        if (!OperatingSystem.IsLinux())
            return Portable(path, follow);
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        stat status;
        int result;
        fixed (byte* name = bytes)
            result = follow ? LibC.stat(name, &status) : LibC.lstat(name, &status);
        if (result != 0)
            return new FileStatus(FileKind.Missing, 0, default, LibC.errno);
        return FromStat(status);
    }

    /// <summary>Status of an open descriptor (fstat): what was actually opened, whatever the path leads to now.</summary>
    public static unsafe FileStatus OfDescriptor(int descriptor)
    {
        stat status;
        if (LibC.fstat(descriptor, &status) != 0)
            return new FileStatus(FileKind.Missing, 0, default, LibC.errno);
        return FromStat(status);
    }

    private static FileStatus FromStat(in stat status)
    {
        var type = status.st_mode & LibC.S_IFMT;
        FileKind kind =
            type == LibC.S_IFREG ? FileKind.Regular :
            type == LibC.S_IFDIR ? FileKind.Directory :
            type == LibC.S_IFLNK ? FileKind.SymbolicLink :
            type == LibC.S_IFIFO ? FileKind.Fifo :
            type == LibC.S_IFCHR ? FileKind.CharacterDevice :
            type == LibC.S_IFBLK ? FileKind.BlockDevice :
            type == LibC.S_IFSOCK ? FileKind.Socket :
            FileKind.Unknown;
        return new FileStatus(kind, (long)status.st_size, new FileIdentity((ulong)status.st_dev, (ulong)status.st_ino, null), 0)
        {
            ModifiedTicks = Ticks(status.st_mtim),
            ChangedTicks = Ticks(status.st_ctim),
            Permissions = (int)(status.st_mode & 0xfff),
            Owner = (uint)status.st_uid,
            Group = (uint)status.st_gid,
        };
    }

    private static long Ticks(timespec time) =>
        DateTime.UnixEpoch.Ticks + (long)time.tv_sec * TimeSpan.TicksPerSecond + (long)time.tv_nsec / 100;

    // Outside Linux (folint targets kernel trees, so this is a courtesy): no FIFO/device detection, and the
    // resolved full path stands in for device and inode.
    private static FileStatus Portable(string path, bool follow)
    {
        try
        {
            FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
            if (info.LinkTarget is not null)
            {
                if (!follow)
                    return new FileStatus(FileKind.SymbolicLink, 0, new FileIdentity(0, 0, info.FullName), 0);
                info = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
            }
            if (!info.Exists)
                return new FileStatus(FileKind.Missing, 0, default, ENOENT);
            var identity = new FileIdentity(0, 0, info.FullName);
            return info is FileInfo file
                ? new FileStatus(FileKind.Regular, file.Length, identity, 0) { ModifiedTicks = file.LastWriteTimeUtc.Ticks, ChangedTicks = file.LastWriteTimeUtc.Ticks }
                : new FileStatus(FileKind.Directory, 0, identity, 0);
        }
        catch (IOException)
        {
            return new FileStatus(FileKind.Missing, 0, default, ELOOP);
        }
    }

    private const int ENOENT = 2;

    private const int ELOOP = 40;
}

/// <summary>Device and inode of a file (or, off Linux, its resolved path).</summary>
internal readonly record struct FileIdentity(ulong Device, ulong Inode, string? ResolvedPath);
