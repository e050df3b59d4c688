using System.Collections.Immutable;
using System.Linq;

namespace Folint.CSource.Patches;

public enum HunkLineKind { Context, Added, Removed }

/// <summary>
/// One line of a hunk without its leading ' ', '+' or '-'. <see cref="NoNewlineAtEnd"/> is set when a
/// "\ No newline at end of file" marker follows it: the line is the last of its file and has no newline.
/// </summary>
public sealed record HunkLine(HunkLineKind Kind, string Text, bool NoNewlineAtEnd = false);

/// <summary>
/// A hunk: <c>@@ -OldStart,OldCount +NewStart,NewCount @@ Section</c> and its lines. <see cref="Section"/> is the
/// text git prints after the header (the enclosing function's first line, as git guessed it).
/// <see cref="InputLine"/> is the header's line in the input file, 0 when unknown (a decoded mail body).
/// </summary>
public sealed record Hunk(int OldStart, int OldCount, int NewStart, int NewCount, string Section, ImmutableArray<HunkLine> Lines, int InputLine)
{
    public string Header =>
        $"@@ -{Range(OldStart, OldCount)} +{Range(NewStart, NewCount)} @@" + (Section.Length > 0 ? " " + Section : "");

    public int AddedCount => Lines.Count(l => l.Kind == HunkLineKind.Added);

    private static string Range(int start, int count) => count == 1 ? start.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{start},{count}";
}

public enum FileChange { Modified, Added, Deleted, Renamed, Copied }

/// <summary>
/// The change of one file in a patch, paths relative to the tree root (prefixes such as <c>a/</c> and <c>b/</c>
/// removed). <see cref="OldPath"/> is null for a new file, <see cref="NewPath"/> null for a deleted one.
/// </summary>
public sealed record FilePatch(string? OldPath, string? NewPath, FileChange Change, ImmutableArray<Hunk> Hunks, bool IsBinary, int InputLine)
{
    /// <summary>The path after the patch (the old path for a deletion).</summary>
    public string Path => NewPath ?? OldPath!;
}

/// <summary>
/// One patch: a mail of a series, a format-patch file, or the diff found in a text. <see cref="Label"/> names it
/// for messages: its subject (<c>[PATCH v5 4/6] mm: ...</c>) when it has one; <see cref="Source"/> is the input
/// file it came from, as the user named it.
/// </summary>
public sealed record Patch(string Label, string Source, ImmutableArray<FilePatch> Files);

/// <summary>The patches of one run, in the order they apply.</summary>
public sealed record PatchSeries(ImmutableArray<Patch> Patches)
{
    public int HunkCount => Patches.Sum(p => p.Files.Sum(f => f.Hunks.Length));

    public int AddedLineCount => Patches.Sum(p => p.Files.Sum(f => f.Hunks.Sum(h => h.AddedCount)));
}
