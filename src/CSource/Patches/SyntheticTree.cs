using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Folint.CSource.Engine;

namespace Folint.CSource.Patches;

/// <summary>
/// One file of a <see cref="SyntheticTree"/>: the text the engine checks and, for each of its lines, the line of
/// the real post-image it stands for (0 for the lines folint wrote around a fragment).
/// </summary>
/// <param name="Assumed">For each fragment, its synthetic lines and the declarations folint gave it that the hunks do not show.</param>
public sealed record SyntheticFile(string Path, byte[] Content, ImmutableArray<int> RealLines, ImmutableHashSet<int> AddedLines)
{
    public ImmutableArray<AssumedDeclarations> Assumed { get; init; } = ImmutableArray<AssumedDeclarations>.Empty;

    /// <summary>The declarations assumed for the fragment holding 1-based synthetic line <paramref name="syntheticLine"/>.</summary>
    public IEnumerable<HunkDeclaration> AssumedAt(int syntheticLine) =>
        Assumed.Where(a => a.FirstLine <= syntheticLine && syntheticLine <= a.LastLine).SelectMany(a => a.Declarations);

    /// <summary>True for a line folint wrote (a prelude, a wrapper's opening or closing): no finding belongs there.</summary>
    public bool IsWritten(int syntheticLine) =>
        !RealLines.IsEmpty && (syntheticLine < 1 || syntheticLine > RealLines.Length || RealLines[syntheticLine - 1] == 0);

    /// <summary>The real line of a 1-based synthetic line; a line folint wrote maps to the nearest real line after it (before it at the end).</summary>
    public int RealLine(int syntheticLine)
    {
        if (RealLines.IsEmpty)
            return syntheticLine;
        var index = Math.Clamp(syntheticLine - 1, 0, RealLines.Length - 1);
        for (var i = index; i < RealLines.Length; i++)
        {
            if (RealLines[i] > 0)
                return RealLines[i];
        }
        for (var i = index; i >= 0; i--)
        {
            if (RealLines[i] > 0)
                return RealLines[i];
        }
        return syntheticLine;
    }
}

/// <summary>
/// Declarations (rules/kernel/patches.yaml hunk_declarations) a fragment's wrapper gives the names its lines use
/// without declaring them: a finding on those lines rests on the name's usual type.
/// </summary>
public sealed record AssumedDeclarations(int FirstLine, int LastLine, ImmutableArray<HunkDeclaration> Declarations);

/// <summary>
/// The tree check-patch checks when there is no kernel tree (a reviewer reading a mail): for every C file the
/// series touches, the lines its hunks show of the post-image (context and added lines, with later patches
/// applied over earlier ones), each run of known lines shaped to parse (<see cref="FragmentShape"/>). Files the
/// series creates are whole. The definitions the series adds come with it: a page-flags.h hunk that adds
/// <c>__FOLIO_SET_FLAG(partially_mapped, FOLIO_SECOND_PAGE)</c> is in the synthetic page-flags.h, where the rules
/// look for accessors.
/// </summary>
public sealed class SyntheticTree
{
    private SyntheticTree(ImmutableDictionary<string, SyntheticFile> files)
    {
        Files = files;
        Overlay = new SourceOverlay(files.Select(f => new KeyValuePair<string, byte[]?>(f.Key, f.Value.Content)), exclusive: true);
    }

    public ImmutableDictionary<string, SyntheticFile> Files { get; }

    /// <summary>The files as an exclusive overlay: the engine reads nothing else.</summary>
    public SourceOverlay Overlay { get; }

    public static SyntheticTree Build(PatchSeries series, HunkKnowledge? knowledge = null)
    {
        knowledge ??= HunkKnowledge.Empty;
        var declarations = knowledge.Declarations.Select(d => HunkDeclaration.Parse(d))
            .Concat(knowledge.Guessed.Select(d => HunkDeclaration.Parse(d, guessed: true)))
            .OfType<HunkDeclaration>().ToList();
        var images = new Dictionary<string, SparseFile>(StringComparer.Ordinal);
        foreach (var filePatch in series.Patches.SelectMany(p => p.Files))
        {
            if (filePatch.IsBinary)
                continue;
            SparseFile image;
            switch (filePatch.Change)
            {
                case FileChange.Added:
                    image = new SparseFile(complete: true);
                    break;
                case FileChange.Renamed or FileChange.Copied:
                    image = images.TryGetValue(filePatch.OldPath!, out var source) ? source.Clone() : new SparseFile(complete: false);
                    if (filePatch.Change == FileChange.Renamed)
                        images.Remove(filePatch.OldPath!);
                    break;
                default:
                    image = images.TryGetValue(filePatch.Path, out var known) ? known : new SparseFile(complete: false);
                    break;
            }
            var delta = 0;
            foreach (var hunk in filePatch.Hunks)
            {
                image.Apply(hunk, delta);
                delta += hunk.NewCount - hunk.OldCount;
            }
            if (filePatch.Change == FileChange.Deleted)
                images.Remove(filePatch.Path);
            else
                images[filePatch.Path] = image;
        }

        var files = ImmutableDictionary.CreateBuilder<string, SyntheticFile>(StringComparer.Ordinal);
        var ordinal = 0;
        foreach (var (path, image) in images.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (SourceDiscovery.IsSourceName(path))
                files[path] = image.ToSyntheticFile(path, declarations, knowledge.Preludes.GetValueOrDefault(path), ref ordinal);
        }
        return new SyntheticTree(files.ToImmutable());
    }

    /// <summary>What is known of a file from the hunks: lines by 0-based index, each with whether the series added it.</summary>
    private sealed class SparseFile
    {
        private SortedDictionary<int, KnownLine> _lines = new();

        public SparseFile(bool complete)
        {
            Complete = complete;
        }

        /// <summary>Created by the series: every line is known.</summary>
        public bool Complete { get; }

        public SparseFile Clone() => new(Complete) { _lines = new SortedDictionary<int, KnownLine>(_lines) };

        public void Apply(Hunk hunk, int delta)
        {
            var start = Math.Max(0, (hunk.OldCount == 0 ? hunk.OldStart : hunk.OldStart - 1) + delta);
            var shift = hunk.NewCount - hunk.OldCount;
            var next = new SortedDictionary<int, KnownLine>();
            foreach (var (index, line) in _lines)
            {
                if (index < start)
                    next[index] = line;
                else if (index >= start + hunk.OldCount)
                    next[index + shift] = line;
            }
            var oldIndex = start;
            var newIndex = start;
            foreach (var line in hunk.Lines)
            {
                switch (line.Kind)
                {
                    case HunkLineKind.Context:
                        // A line an earlier patch added stays added when this one keeps it.
                        var added = _lines.TryGetValue(oldIndex, out var before) && before.Added;
                        next[newIndex++] = new KnownLine(line.Text, added, hunk.Section);
                        oldIndex++;
                        break;
                    case HunkLineKind.Removed:
                        oldIndex++;
                        break;
                    case HunkLineKind.Added:
                        next[newIndex++] = new KnownLine(line.Text, true, hunk.Section);
                        break;
                }
            }
            _lines = next;
        }

        public SyntheticFile ToSyntheticFile(string path, IReadOnlyList<HunkDeclaration> declarations, string? prelude, ref int ordinal)
        {
            var text = new StringBuilder();
            var realLines = ImmutableArray.CreateBuilder<int>();
            var assumed = ImmutableArray.CreateBuilder<AssumedDeclarations>();
            var added = ImmutableHashSet.CreateBuilder<int>();
            foreach (var (index, line) in _lines)
            {
                if (line.Added)
                    added.Add(index + 1);
            }

            void Emit(string line, int real)
            {
                text.Append(line).Append('\n');
                realLines.Add(real);
            }

            if (prelude is not null && !Complete)
            {
                foreach (var line in UnifiedDiffReader.SplitLines(prelude))
                    Emit(line, 0);
            }
            foreach (var run in Runs())
            {
                var lines = run.Select(p => p.Value.Text).ToList();
                if (Complete)
                {
                    foreach (var (index, line) in run)
                        Emit(line.Text, index + 1);
                    continue;
                }
                var shape = FragmentShape.Of(lines, run[0].Value.Section, ++ordinal, declarations);
                if (shape.Opener is not null)
                    Emit(shape.Opener, 0);
                if (shape.Assumed.Count > 0)
                    assumed.Add(new AssumedDeclarations(realLines.Count + 1, realLines.Count + run.Count, shape.Assumed.ToImmutableArray()));
                for (var i = 0; i < run.Count; i++)
                    Emit(shape.Lines[i], run[i].Key + 1);
                if (shape.Closer is not null)
                {
                    foreach (var line in shape.Closer.Split('\n'))
                        Emit(line, 0);
                }
                Emit("", 0);
            }
            return new SyntheticFile(path, Encoding.UTF8.GetBytes(text.ToString()), realLines.ToImmutable(), added.ToImmutable()) { Assumed = assumed.ToImmutable() };
        }

        /// <summary>Runs of consecutive known lines.</summary>
        private List<List<KeyValuePair<int, KnownLine>>> Runs()
        {
            var runs = new List<List<KeyValuePair<int, KnownLine>>>();
            foreach (var entry in _lines)
            {
                if (runs.Count == 0 || runs[^1][^1].Key + 1 != entry.Key)
                    runs.Add(new List<KeyValuePair<int, KnownLine>>());
                runs[^1].Add(entry);
            }
            return runs;
        }
    }

    private sealed record KnownLine(string Text, bool Added, string Section);
}
