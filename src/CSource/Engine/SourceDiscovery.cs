using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;

namespace Folint.CSource.Engine;

/// <summary>A C file found for checking: its path relative to the tree root (forward slashes) and where it is on disk.</summary>
public sealed record DiscoveredFile(string Path, string FullPath);

/// <summary>What discovery found: the tree root, the files to check (each once) and the inputs it had to skip.</summary>
public sealed record SourceInputs(
    string TreeRoot,
    bool HasTreeHeaders,
    ImmutableArray<DiscoveredFile> Files,
    ImmutableArray<InputProblem> Problems)
{
    /// <summary>Files that replace the tree's for this run (a patch's post-image); every read of a file goes through it.</summary>
    public SourceOverlay Overlay { get; init; } = SourceOverlay.None;
}

public sealed record SourceDiscoveryOptions
{
    public const long DefaultMaxFileSize = 8L * 1024 * 1024;

    /// <summary><c>--tree DIR</c>: the tree root, which must hold <see cref="SourceDiscovery.TreeMarker"/>.</summary>
    public string? Tree { get; init; }

    /// <summary>Files larger than this are skipped with a problem (generated tables, not hand-written C).</summary>
    public long MaxFileSize { get; init; } = DefaultMaxFileSize;
}

/// <summary>
/// Finds the tree root and the <c>*.c</c>/<c>*.h</c> files under the PATHs. Everything that cannot be checked
/// becomes an <see cref="InputProblem"/> and discovery goes on; only a wrong <c>--tree</c> stops it.
/// </summary>
public static class SourceDiscovery
{
    /// <summary>The file whose presence marks a kernel tree's top directory; the rules read its flag definitions.</summary>
    public const string TreeMarker = "include/linux/page-flags.h";

    public static SourceInputs Discover(IReadOnlyList<string> paths, string currentDirectory, SourceDiscoveryOptions options, CancellationToken cancellationToken = default)
    {
        var inputs = paths.Count == 0 ? new[] { "." } : paths.ToArray();
        var fullInputs = inputs.Select(p => Path.TrimEndingDirectorySeparator(Path.GetFullPath(p, currentDirectory))).ToArray();
        var (root, hasHeaders) = ChooseRoot(fullInputs, currentDirectory, options.Tree);
        var walk = new Walk(root, RegularFile.RealPath(root), options.MaxFileSize, cancellationToken);
        for (var i = 0; i < inputs.Length; i++)
            walk.Input(inputs[i], fullInputs[i]);
        return new SourceInputs(root, hasHeaders, walk.Files.ToImmutable(), walk.Problems.ToImmutable());
    }

    /// <summary>The nearest directory at or above <paramref name="start"/> holding <see cref="TreeMarker"/>, or null.</summary>
    public static string? FindTreeRoot(string start)
    {
        var directory = Directory.Exists(start) ? start : Path.GetDirectoryName(start);
        for (; !string.IsNullOrEmpty(directory); directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, TreeMarker)))
                return directory;
        }
        return null;
    }

    private static (string Root, bool HasHeaders) ChooseRoot(string[] fullInputs, string currentDirectory, string? tree)
    {
        if (tree is not null)
        {
            var directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(tree, currentDirectory));
            if (!Directory.Exists(directory))
                throw new TreeNotFoundError(tree, "no such directory");
            if (!File.Exists(Path.Combine(directory, TreeMarker)))
                throw new TreeNotFoundError(tree, $"not a kernel tree: it has no {TreeMarker}");
            return (directory, true);
        }
        var found = FindTreeRoot(fullInputs[0]);
        if (found is not null)
            return (found, true);
        // No tree: paths are made relative to the deepest directory holding every input, so they stay short
        // and never climb with "..".
        return (CommonDirectory(fullInputs.Select(p => Directory.Exists(p) ? p : Path.GetDirectoryName(p) ?? p)), false);
    }

    private static string CommonDirectory(IEnumerable<string> directories)
    {
        string? common = null;
        foreach (var directory in directories)
        {
            if (common is null)
            {
                common = directory;
                continue;
            }
            while (!IsAtOrBelow(directory, common))
                common = Path.GetDirectoryName(common) ?? Path.GetPathRoot(common)!;
        }
        return common ?? Path.GetPathRoot(Environment.CurrentDirectory)!;
    }

    internal static bool IsAtOrBelow(string path, string directory) =>
        path.Equals(directory, StringComparison.Ordinal) ||
        path.StartsWith(Path.EndsInDirectorySeparator(directory) ? directory : directory + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    internal static bool IsSourceName(string name) =>
        name.EndsWith(".c", StringComparison.Ordinal) || name.EndsWith(".h", StringComparison.Ordinal);

    /// <summary>One discovery run: the files seen (by device and inode) and the directories being walked.</summary>
    private sealed class Walk
    {
        private readonly string _root;
        private readonly string _realRoot;
        private readonly long _maxFileSize;
        private readonly CancellationToken _cancellationToken;
        private readonly HashSet<FileIdentity> _seenFiles = new();
        private readonly HashSet<FileIdentity> _seenDirectories = new();
        private readonly List<(FileIdentity Identity, string Path)> _ancestors = new();

        public Walk(string root, string realRoot, long maxFileSize, CancellationToken cancellationToken)
        {
            _root = root;
            _realRoot = realRoot;
            _maxFileSize = maxFileSize;
            _cancellationToken = cancellationToken;
        }

        public ImmutableArray<DiscoveredFile>.Builder Files { get; } = ImmutableArray.CreateBuilder<DiscoveredFile>();

        public ImmutableArray<InputProblem>.Builder Problems { get; } = ImmutableArray.CreateBuilder<InputProblem>();

        /// <summary>A PATH from the command line: checked whatever its name, since the user named it.</summary>
        public void Input(string given, string full)
        {
            var link = FileStatus.OfLink(full);
            if (!link.Exists)
            {
                Skip(given, link.IsPermissionDenied ? "permission denied" : link.IsNameTooLong ? RegularFile.NameTooLong : IsUndecodable(full) ? NotUtf8 : "no such file or directory");
                return;
            }
            var target = link.Kind == FileKind.SymbolicLink ? FileStatus.Of(full) : link;
            if (!target.Exists)
            {
                Skip(given, LinkProblem(full, target));
                return;
            }
            if (!IsAtOrBelow(full, _root))
            {
                Skip(given, $"outside the tree {_root}; check it in a run of its own or pass --tree");
                return;
            }
            // Inside the tree by name, outside by where a symbolic link on the way leads.
            if (Outside(full) is { } real)
            {
                Skip(given, $"leads outside the tree {_root} through a symbolic link (to {real}); folint checks the tree's own files only");
                return;
            }
            switch (target.Kind)
            {
                case FileKind.Directory:
                    WalkFrom(full, target);
                    break;
                case FileKind.Regular:
                    File(full, target);
                    break;
                default:
                    Skip(Display(full), $"not a regular file ({target.KindName})");
                    break;
            }
        }

        /// <summary>
        /// Walks a PATH directory. The directories above it count as ancestors too: a link below mm/ that leads
        /// back to the tree root is a loop, not a way into the rest of the tree.
        /// </summary>
        private void WalkFrom(string full, FileStatus status)
        {
            var above = new List<(FileIdentity, string)>();
            for (var parent = Path.GetDirectoryName(full); !string.IsNullOrEmpty(parent); parent = Path.GetDirectoryName(parent))
            {
                var parentStatus = FileStatus.Of(parent);
                if (parentStatus.Kind == FileKind.Directory)
                    above.Add((parentStatus.Identity, parent));
            }
            above.Reverse();
            _ancestors.AddRange(above);
            Directory(full, status);
            _ancestors.RemoveRange(0, above.Count);
        }

        private void Directory(string full, FileStatus status)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var ancestor = _ancestors.FindIndex(a => a.Identity == status.Identity);
            if (ancestor >= 0)
            {
                Skip(Display(full), $"symbolic link loop (leads back to {Display(_ancestors[ancestor].Path)})");
                return;
            }
            // A directory reached a second time (overlapping PATHs, a link to a sibling) adds nothing new.
            if (!_seenDirectories.Add(status.Identity))
                return;

            string[] entries;
            try
            {
                entries = System.IO.Directory.GetFileSystemEntries(full);
            }
            catch (UnauthorizedAccessException)
            {
                Skip(Display(full), "cannot list directory: permission denied");
                return;
            }
            catch (PathTooLongException)
            {
                Skip(Display(full), "cannot list directory: " + RegularFile.NameTooLong);
                return;
            }
            catch (IOException e)
            {
                Skip(Display(full), "cannot list directory: " + e.Message);
                return;
            }
            Array.Sort(entries, StringComparer.Ordinal);

            _ancestors.Add((status.Identity, full));
            foreach (var entry in entries)
                Entry(entry);
            _ancestors.RemoveAt(_ancestors.Count - 1);
        }

        private void Entry(string full)
        {
            var name = Path.GetFileName(full);
            // Hidden entries are never sources: .git, editor lock links (Emacs' dangling .#foo.c), .tmp_ build dirs.
            if (name.StartsWith(".", StringComparison.Ordinal))
                return;
            var link = FileStatus.OfLink(full);
            if (!link.Exists && link.IsNameTooLong)
            {
                if (IsSourceName(name) || !name.Contains('.'))
                    Skip(Display(full), RegularFile.NameTooLong);
                return;
            }
            if (!link.Exists)
            {
                // A name that is not UTF-8 comes back from the listing with U+FFFD in it and cannot be opened by
                // that string; a source file, or what may be a directory of them, is worth a word.
                if (IsUndecodable(name) && (IsSourceName(name) || !name.Contains('.')))
                    Skip(Display(full), NotUtf8);
                // Listed a moment ago and gone now: only worth a word if it was a source file.
                else if (IsSourceName(name))
                    Skip(Display(full), "vanished while the directory was read");
                return;
            }
            var target = link.Kind == FileKind.SymbolicLink ? FileStatus.Of(full) : link;
            if (!target.Exists)
            {
                if (IsSourceName(name) || target.IsLoop)
                    Skip(Display(full), LinkProblem(full, target));
                return;
            }
            // A link out of the tree is not followed (it could read /etc/passwd and report it as a tree file); a
            // source or a directory is worth a word, any other name is not a source anyway.
            if (link.Kind == FileKind.SymbolicLink && Outside(full) is { } real)
            {
                if (IsSourceName(name) || target.Kind == FileKind.Directory)
                    Skip(Display(full), $"symbolic link to {Destination(full)}, outside the tree (it leads to {real}); not followed: folint checks the tree's own files only");
                return;
            }
            if (target.Kind == FileKind.Directory)
            {
                Directory(full, target);
                return;
            }
            if (!IsSourceName(name))
                return;
            if (target.Kind == FileKind.Regular)
                File(full, target);
            else
                Skip(Display(full), $"not a regular file ({target.KindName})");
        }

        private void File(string full, FileStatus status)
        {
            if (!_seenFiles.Add(status.Identity))
                return;
            if (status.Size > _maxFileSize)
            {
                Problems.Add(new InputProblem(Display(full), $"skipped: file too large ({Size(status.Size)}; the limit is {Size(_maxFileSize)}, raise it with --max-file-size)")
                {
                    Kind = InputProblemKind.OverLimit,
                });
                return;
            }
            Files.Add(new DiscoveredFile(Relative(full), full));
        }

        private string LinkProblem(string full, FileStatus target)
        {
            if (target.IsLoop)
                return "symbolic link loop";
            if (target.IsPermissionDenied)
                return "permission denied";
            return $"dangling symbolic link (to {Destination(full)})";
        }

        /// <summary>The real path <paramref name="full"/> leads to when that is outside the tree; null inside it.</summary>
        private string? Outside(string full)
        {
            var real = RegularFile.RealPath(full);
            return IsAtOrBelow(real, _realRoot) ? null : real;
        }

        private static string Destination(string full)
        {
            try
            {
                return new FileInfo(full).LinkTarget ?? "?";
            }
            catch (IOException)
            {
                return "?";
            }
        }

        private const string NotUtf8 = "its name is not valid UTF-8 (shown with U+FFFD), and folint cannot open such a path; rename it to check it";

        private static bool IsUndecodable(string path) => path.Contains('\uFFFD');

        private void Skip(string path, string reason) => Problems.Add(new InputProblem(path, "skipped: " + reason));

        private string Relative(string full) => Path.GetRelativePath(_root, full).Replace(Path.DirectorySeparatorChar, '/');

        private string Display(string full) => IsAtOrBelow(full, _root) && full != _root ? Relative(full) : full;
    }

    internal static string Size(long bytes) =>
        bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 ? Invariant($"{bytes / (1024 * 1024)} MiB")
        : bytes >= 1024 * 1024 ? Invariant($"{bytes / (1024.0 * 1024):0.0} MiB")
        : bytes >= 1024 ? Invariant($"{bytes / 1024.0:0.0} KiB")
        : Invariant($"{bytes} bytes");

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
