using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Folint.Analyzer.Rules;
using Folint.CSource.Index;

namespace Folint.CSource.Engine;

/// <summary>Which inputs are worth parsing, from the scan's facts and the rules' <see cref="FileTrigger"/>s.</summary>
internal static class Prefilter
{
    /// <summary>
    /// The inputs that show a trigger, plus those the scan cannot vouch for: files outside the scan (not below the
    /// tree, or replaced by an overlay), files it skipped or found binary or not UTF-8 (so the problem or note is
    /// reported as without the prefilter), and files holding a <c>folint:</c> directive (FOL900 and suppressions).
    /// </summary>
    public static ImmutableArray<DiscoveredFile> Select(ImmutableArray<DiscoveredFile> inputs, TreeScanResult scan, IEnumerable<FileTrigger> triggers, SourceOverlay overlay)
    {
        var wanted = Matching(scan.Index, triggers);
        wanted.UnionWith(scan.Index.FileIdsWithKey(FileFacts.SuppressionMarker));
        return inputs.Where(file =>
        {
            var id = scan.IdOf(file.Path);
            if (id < 0 || overlay.TryGet(file.Path, out _))
                return true;
            var scanned = scan.Files[id];
            return scanned.Skipped || scanned.Binary || scanned.InvalidUtf8 || wanted.Contains(id);
        }).ToImmutableArray();
    }

    /// <summary>Ids of the files that show at least one trigger (both parts of a conjunction).</summary>
    public static HashSet<int> Matching(IdentifierIndex index, IEnumerable<FileTrigger> triggers)
    {
        var found = new HashSet<int>();
        foreach (var trigger in triggers.Distinct())
            found.UnionWith(FilesShowing(index, trigger));
        return found;
    }

    public static IEnumerable<int> FilesShowing(IdentifierIndex index, FileTrigger trigger)
    {
        IEnumerable<int> files = index.FileIdsWithKey(FileFacts.Key(trigger.Kind, trigger.Text));
        for (var and = trigger.And; and is not null; and = and.And)
            files = files.Intersect(index.FileIdsWithKey(FileFacts.Key(and.Kind, and.Text)));
        return files;
    }

    /// <summary>The triggers that select the most tree files, for <c>FOLINT_TIMINGS</c>: what to narrow when the prefilter lets too much through.</summary>
    public static string Widest(IdentifierIndex index, IEnumerable<FileTrigger> triggers, int count) =>
        string.Join(", ", triggers.Distinct()
            .Select(t => (Trigger: t, Files: FilesShowing(index, t).Count()))
            .OrderByDescending(t => t.Files)
            .Take(count)
            .Select(t => $"{t.Trigger} {t.Files}"));
}
