using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;

namespace Folint.CSource.Patches;

/// <summary>
/// A file as the series leaves it: its bytes, the 1-based lines that the series added (a line added by one patch
/// and kept as context by the next stays added), and the tree path it came from (differs after a rename; null
/// for a new file).
/// </summary>
internal sealed record PatchedFile(string Path, byte[] Content, ImmutableHashSet<int> AddedLines, string? TreePath);

/// <summary>
/// The post-image of a series over a tree: every file it touches, the files it deletes, and notes (hunks that
/// applied at an offset, binary changes left out).
/// </summary>
internal sealed record PostImage(ImmutableDictionary<string, PatchedFile> Files, ImmutableHashSet<string> Deleted, ImmutableArray<string> Notes);

/// <summary>
/// Applies a series in memory, as <c>git apply</c> does without fuzz: every context and removed line of a hunk
/// must match the file exactly, at the line its header names or, when earlier changes moved it, at the nearest
/// place after the previous hunk (an offset, reported as a note). Nothing is written anywhere.
/// </summary>
internal static class PatchApplication
{
    /// <param name="readTree">The bytes of a tree file by its tree-relative path; null when the tree has no such file.</param>
    public static PostImage Apply(PatchSeries series, Func<string, byte[]?> readTree)
    {
        var state = new Dictionary<string, WorkingFile?>(StringComparer.Ordinal);
        var notes = ImmutableArray.CreateBuilder<string>();

        WorkingFile? Current(string path)
        {
            if (state.TryGetValue(path, out var file))
                return file;
            var content = readTree(path);
            return content is null ? null : WorkingFile.FromBytes(content, path);
        }

        foreach (var patch in series.Patches)
        {
            foreach (var filePatch in patch.Files)
            {
                var where = filePatch.InputLine > 0 ? $"{patch.Source}:{filePatch.InputLine}" : patch.Source;
                foreach (var path in new[] { filePatch.OldPath, filePatch.NewPath })
                {
                    if (path is not null && !IsTreeRelative(path))
                        throw new PatchDoesNotApplyError(where, $"patch '{patch.Label}': '{path}' is not a path inside the tree");
                }
                if (filePatch.IsBinary)
                {
                    notes.Add($"patch '{patch.Label}': binary change to {filePatch.Path} left out (not C)");
                    continue;
                }

                WorkingFile target;
                switch (filePatch.Change)
                {
                    case FileChange.Added:
                        if (Current(filePatch.NewPath!) is not null)
                            throw new PatchDoesNotApplyError(where, $"patch '{patch.Label}': {filePatch.NewPath} already exists, the patch creates it");
                        target = WorkingFile.Empty();
                        break;
                    case FileChange.Renamed or FileChange.Copied:
                        var source = Current(filePatch.OldPath!) ?? throw Missing(where, patch, filePatch.OldPath!);
                        if (filePatch.Change == FileChange.Renamed)
                            state[filePatch.OldPath!] = null;
                        target = source.Clone();
                        break;
                    default:
                        target = (Current(filePatch.OldPath!) ?? throw Missing(where, patch, filePatch.OldPath!)).Clone();
                        break;
                }

                ApplyHunks(target, filePatch, patch, notes);
                state[filePatch.Path] = filePatch.Change == FileChange.Deleted ? null : target;
            }
        }

        var files = ImmutableDictionary.CreateBuilder<string, PatchedFile>(StringComparer.Ordinal);
        var deleted = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var (path, file) in state)
        {
            if (file is null)
                deleted.Add(path);
            else
                files[path] = file.ToPatchedFile(path);
        }
        return new PostImage(files.ToImmutable(), deleted.ToImmutable(), notes.ToImmutable());
    }

    private static PatchDoesNotApplyError Missing(string where, Patch patch, string path) =>
        new(where, $"patch '{patch.Label}': {path}: no such file in the tree");

    private static void ApplyHunks(WorkingFile file, FilePatch filePatch, Patch patch, ImmutableArray<string>.Builder notes)
    {
        var delta = 0;
        var floor = 0;
        for (var h = 0; h < filePatch.Hunks.Length; h++)
        {
            var hunk = filePatch.Hunks[h];
            var old = hunk.Lines.Where(l => l.Kind != HunkLineKind.Added).Select(l => ByteString(l.Text)).ToArray();
            var expected = Math.Max(0, (hunk.OldCount == 0 ? hunk.OldStart : hunk.OldStart - 1) + delta);
            var at = file.Find(old, expected, floor);
            if (at < 0)
            {
                var where = hunk.InputLine > 0 ? $"{patch.Source}:{hunk.InputLine}" : patch.Source;
                throw new PatchDoesNotApplyError(where,
                    $"patch '{patch.Label}': {filePatch.Path}: hunk {h + 1} of {filePatch.Hunks.Length} ({UnifiedDiffReader.Shorten(hunk.Header)}) does not apply: {file.Mismatch(old, expected, -delta, filePatch.OldPath ?? filePatch.Path)}");
            }
            if (at != expected)
                notes.Add($"patch '{patch.Label}': {filePatch.Path}: hunk {h + 1} ({UnifiedDiffReader.Shorten(hunk.Header)}) applied at line {at + 1}, {Math.Abs(at - expected)} line(s) {(at > expected ? "later" : "earlier")} than its header says");
            var inserted = file.Replace(at, hunk);
            delta += inserted - old.Length;
            floor = at + inserted;
        }
    }

    private static bool IsTreeRelative(string path) =>
        path.Length > 0 && !path.StartsWith('/') && !path.Split('/').Any(part => part == ".." || part.Length == 0);

    /// <summary>A line as the file's bytes (one char per byte), so files that are not UTF-8 stay byte-exact.</summary>
    internal static string ByteString(string text) => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(text));

    /// <summary>A file being patched: its lines (as byte strings), each marked when the series added it.</summary>
    private sealed class WorkingFile
    {
        private readonly List<(string Text, bool Added)> _lines;
        private bool _endsWithNewline;
        private readonly string? _treePath;

        private WorkingFile(List<(string Text, bool Added)> lines, bool endsWithNewline, string? treePath)
        {
            _lines = lines;
            _endsWithNewline = endsWithNewline;
            _treePath = treePath;
        }

        public static WorkingFile Empty() => new(new List<(string, bool)>(), true, null);

        public static WorkingFile FromBytes(byte[] content, string treePath)
        {
            var text = Encoding.Latin1.GetString(content);
            var lines = new List<(string, bool)>();
            var start = 0;
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] != '\n')
                    continue;
                lines.Add((text.Substring(start, i - start), false));
                start = i + 1;
            }
            var endsWithNewline = start == text.Length;
            if (!endsWithNewline)
                lines.Add((text.Substring(start), false));
            return new WorkingFile(lines, endsWithNewline, treePath);
        }

        public WorkingFile Clone() => new(new List<(string, bool)>(_lines), _endsWithNewline, _treePath);

        /// <summary>Where the old lines stand: at <paramref name="expected"/> or the nearest place not before <paramref name="floor"/>; -1 when nowhere.</summary>
        public int Find(string[] old, int expected, int floor)
        {
            var last = _lines.Count - old.Length;
            if (last < floor)
                return -1;
            expected = Math.Clamp(expected, floor, last);
            for (var distance = 0; expected - distance >= floor || expected + distance <= last; distance++)
            {
                if (expected - distance >= floor && Matches(old, expected - distance))
                    return expected - distance;
                if (distance > 0 && expected + distance <= last && Matches(old, expected + distance))
                    return expected + distance;
            }
            return -1;
        }

        private bool Matches(string[] old, int at)
        {
            for (var k = 0; k < old.Length; k++)
            {
                if (!string.Equals(_lines[at + k].Text, old[k], StringComparison.Ordinal))
                    return false;
            }
            return true;
        }

        /// <summary>
        /// The first line where the hunk and the file part, at the place the header names. Lines are numbered as
        /// the file stands before this patch (<paramref name="shift"/> undoes the earlier hunks of the same patch).
        /// </summary>
        public string Mismatch(string[] old, int expected, int shift, string path)
        {
            for (var k = 0; k < old.Length; k++)
            {
                var line = expected + k;
                if (line >= _lines.Count)
                    return $"{path} has {_lines.Count + shift} lines; the hunk expects '{Show(old[k])}' at line {line + shift + 1}, and its lines are nowhere else after the previous hunk";
                if (!string.Equals(_lines[line].Text, old[k], StringComparison.Ordinal))
                    return $"line {line + shift + 1} of {path} is '{Show(_lines[line].Text)}' where the hunk expects '{Show(old[k])}', and the hunk's lines are nowhere else after the previous hunk";
            }
            return $"its lines match at line {expected + shift + 1} of {path} but overlap the previous hunk";
        }

        private static string Show(string byteString) =>
            UnifiedDiffReader.Shorten(Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(byteString)).Trim());

        /// <summary>Replaces the hunk's old lines at <paramref name="at"/> with its new lines; returns how many were inserted.</summary>
        public int Replace(int at, Hunk hunk)
        {
            var oldCount = hunk.Lines.Count(l => l.Kind != HunkLineKind.Added);
            var reachesEnd = at + oldCount == _lines.Count;
            var replacement = new List<(string, bool)>();
            var k = at;
            HunkLine? lastNew = null;
            foreach (var line in hunk.Lines)
            {
                switch (line.Kind)
                {
                    case HunkLineKind.Context:
                        replacement.Add(_lines[k++]);
                        lastNew = line;
                        break;
                    case HunkLineKind.Removed:
                        k++;
                        break;
                    case HunkLineKind.Added:
                        replacement.Add((ByteString(line.Text), true));
                        lastNew = line;
                        break;
                }
            }
            _lines.RemoveRange(at, oldCount);
            _lines.InsertRange(at, replacement);
            if (reachesEnd && lastNew is not null)
                _endsWithNewline = !lastNew.NoNewlineAtEnd;
            return replacement.Count;
        }

        public PatchedFile ToPatchedFile(string path)
        {
            var text = new StringBuilder();
            var added = ImmutableHashSet.CreateBuilder<int>();
            for (var i = 0; i < _lines.Count; i++)
            {
                text.Append(_lines[i].Text);
                if (i < _lines.Count - 1 || _endsWithNewline)
                    text.Append('\n');
                if (_lines[i].Added)
                    added.Add(i + 1);
            }
            return new PatchedFile(path, Encoding.Latin1.GetBytes(text.ToString()), added.ToImmutable(), _treePath);
        }
    }
}
