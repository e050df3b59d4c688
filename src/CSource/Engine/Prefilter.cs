using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Folint.Analyzer.Contracts;
using Folint.CSource.Index;

namespace Folint.CSource.Engine;

/// <summary>
/// Which inputs are worth parsing, from the scan's facts and the rules' <see cref="FileTrigger"/>s. Thousands of
/// triggers share a few wide facts (<c>flags</c>, <c>page</c> are in tens of thousands of files), so each fact's
/// posting list is decoded once and conjunctions are merged as sorted id lists, narrowest first.
/// </summary>
internal sealed class Prefilter
{
    private readonly IdentifierIndex _index;
    private readonly Dictionary<ulong, int[]> _postings = new();

    public Prefilter(IdentifierIndex index) => _index = index;

    /// <summary>
    /// The inputs that show a trigger, plus those the scan cannot vouch for: files outside the scan (not below the
    /// tree, or replaced by an overlay), files it skipped or found binary or not UTF-8 (so the problem or note is
    /// reported as without the prefilter), and files holding a <c>folint:</c> directive (FOL900 and suppressions).
    /// </summary>
    public ImmutableArray<DiscoveredFile> Select(ImmutableArray<DiscoveredFile> inputs, TreeScanResult scan, IEnumerable<FileTrigger> triggers, SourceOverlay overlay)
    {
        var wanted = Matching(triggers);
        foreach (var id in Files(FileFacts.SuppressionMarker))
            wanted[id] = true;
        return inputs.Where(file =>
        {
            var id = scan.IdOf(file.Path);
            if (id < 0 || overlay.TryGet(file.Path, out _))
                return true;
            var scanned = scan.Files[id];
            return scanned.Skipped || scanned.Binary || scanned.InvalidUtf8 || wanted[id];
        }).ToImmutableArray();
    }

    /// <summary>For each file id: whether the file shows at least one trigger (every part of a conjunction).</summary>
    public bool[] Matching(IEnumerable<FileTrigger> triggers)
    {
        var found = new bool[_index.Files.Length];
        foreach (var trigger in triggers.Distinct())
        {
            foreach (var id in FilesShowing(trigger))
                found[id] = true;
        }
        return found;
    }

    /// <summary>Ids of the files that show the trigger, ascending.</summary>
    public int[] FilesShowing(FileTrigger trigger)
    {
        var parts = new List<int[]>();
        for (var part = trigger; part is not null; part = part.And)
            parts.Add(Files(FileFacts.Key(part.Kind, part.Text)));
        parts.Sort((a, b) => a.Length.CompareTo(b.Length));
        var result = parts[0];
        for (var i = 1; i < parts.Count && result.Length > 0; i++)
            result = Intersect(result, parts[i]);
        return result;
    }

    /// <summary>The triggers that select the most tree files, for <c>FOLINT_TIMINGS</c>: what to narrow when the prefilter lets too much through.</summary>
    public string Widest(IEnumerable<FileTrigger> triggers, int count) =>
        string.Join(", ", triggers.Distinct()
            .Select(t => (Trigger: t, Files: FilesShowing(t).Length))
            .OrderByDescending(t => t.Files)
            .Take(count)
            .Select(t => $"{t.Trigger} {t.Files}"));

    private int[] Files(ulong key)
    {
        if (!_postings.TryGetValue(key, out var ids))
            _postings[key] = ids = _index.FileIdsWithKey(key).ToArray();
        return ids;
    }

    /// <summary>Both ascending; the ids in both, ascending.</summary>
    private static int[] Intersect(int[] a, int[] b)
    {
        var result = new List<int>(Math.Min(a.Length, b.Length));
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] < b[j])
                i++;
            else if (a[i] > b[j])
                j++;
            else
            {
                result.Add(a[i]);
                i++;
                j++;
            }
        }
        return result.ToArray();
    }
}
