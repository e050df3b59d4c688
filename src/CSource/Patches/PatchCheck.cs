using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Folint.Analyzer.Findings;
using Folint.CSource.Engine;

namespace Folint.CSource.Patches;

/// <summary>
/// The outcome of checking a series: the findings it brings (already filtered), the root their paths are relative
/// to, whether a tree was there, notes for the summary, and the post-image's bytes by path (for reports that
/// need the text of a line, such as SARIF's UTF-16 columns).
/// </summary>
public sealed record PatchCheckResult(CheckResult Result, string TreeRoot, bool WithTree, ImmutableArray<string> Notes, Func<string, byte[]?> ReadPostImage);

/// <summary>
/// check-patch: the engine run over a series' post-image, reporting only what the series brings.
/// </summary>
/// <remarks>
/// With a tree, the series is applied in memory and the touched files are checked through an overlay, once
/// after and once before the series. A finding is the series' when it is on a line the series adds, or when
/// the series made it appear elsewhere: a function whose exclusive-phase status the series changed (a new
/// caller outside the allocation path) reports calls that were silent before, on lines the series did not
/// touch. Findings are matched before/after by rule, file, function and message, counting, so a finding that
/// only moved is not new. Without a tree, the hunks themselves are checked (<see cref="SyntheticTree"/>) and
/// only added lines can report.
/// </remarks>
public sealed class PatchCheck
{
    private readonly CheckEngine _engine;
    private readonly HunkKnowledge _hunks;

    public PatchCheck(CheckEngine engine, HunkKnowledge hunks)
    {
        _engine = engine;
        _hunks = hunks;
    }

    /// <param name="treeRoot">The kernel tree (checked by the caller), or null to check the hunks alone.</param>
    /// <param name="currentDirectory">Without a tree, report paths are relative to it (run from a kernel checkout, they resolve).</param>
    public PatchCheckResult Check(PatchSeries series, string? treeRoot, string currentDirectory, CheckOptions options, ImmutableArray<InputProblem> inputProblems, CancellationToken cancellationToken = default)
    {
        if (treeRoot is null)
            return CheckHunks(series, currentDirectory, options, inputProblems, ImmutableArray<string>.Empty, cancellationToken);
        try
        {
            return CheckOnTree(series, treeRoot, options, inputProblems, cancellationToken);
        }
        catch (PatchDoesNotApplyError e)
        {
            // A reviewer checks a series against the tree it was written for; one that is older than the tree or already
            // merged does not apply to it, and its hunks still say what it does.
            return CheckHunks(series, treeRoot, options, inputProblems,
                ImmutableArray.Create($"the series does not apply to {treeRoot} ({e.Message}), so it was checked on its own hunks instead, as without --tree (an older or already merged series; {e.Hint})"),
                cancellationToken);
        }
    }

    private PatchCheckResult CheckOnTree(PatchSeries series, string root, CheckOptions options, ImmutableArray<InputProblem> inputProblems, CancellationToken cancellationToken)
    {
        var post = PatchApplication.Apply(series, path => ReadTreeFile(root, path));
        var overlay = new SourceOverlay(
            post.Files.Select(f => new KeyValuePair<string, byte[]?>(f.Key, f.Value.Content))
                .Concat(post.Deleted.Select(d => new KeyValuePair<string, byte[]?>(d, null))));

        var touched = post.Files.Values.Where(f => SourceDiscovery.IsSourceName(f.Path)).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        // the tree is scanned once for both checks (the scan reads the disk, never the series)
        options = options with { SharedScan = options.SharedScan ?? new SharedScan() };
        var after = _engine.Check(
            new SourceInputs(root, true, touched.Select(f => new DiscoveredFile(f.Path, Path.Combine(root, f.Path))).ToImmutableArray(), inputProblems) { Overlay = overlay },
            options, null, cancellationToken);
        var before = _engine.Check(
            new SourceInputs(root, true, touched.Where(f => f.TreePath is not null).Select(f => new DiscoveredFile(f.TreePath!, Path.Combine(root, f.TreePath!))).ToImmutableArray(), ImmutableArray<InputProblem>.Empty),
            options, null, cancellationToken);

        var renamed = touched.Where(f => f.TreePath is not null).ToDictionary(f => f.TreePath!, f => f.Path, StringComparer.Ordinal);
        var earlier = before.Findings
            .GroupBy(f => Group(f, renamed.TryGetValue(f.Primary.File, out var now) ? now : f.Primary.File))
            .ToDictionary(g => g.Key, g => g.Count());
        bool Added(string file, int line) => post.Files.TryGetValue(file, out var patched) && patched.AddedLines.Contains(line);

        var findings = ImmutableArray.CreateBuilder<Finding>();
        foreach (var group in after.Findings.GroupBy(f => Group(f, f.Primary.File)))
        {
            var onAdded = group.Where(f => Added(f.Primary.File, f.Primary.Line)).ToList();
            findings.AddRange(onAdded);
            earlier.TryGetValue(group.Key, out var count);
            var appeared = group.Count() - count - onAdded.Count;
            if (appeared > 0)
                findings.AddRange(group.Where(f => !Added(f.Primary.File, f.Primary.Line)).Take(appeared));
        }

        var notes = post.Notes.ToBuilder();
        notes.AddRange(before.Problems.Select(p => $"{p.Path}: before the series: {p.Reason}"));
        var result = after with
        {
            Findings = Sorted(findings),
            Suppressed = after.Suppressed.Where(s => Added(s.Finding.Primary.File, s.Finding.Primary.Line)).ToImmutableArray(),
            Suppressions = after.Suppressions.Where(s => s.CoveredLines.Any(line => Added(s.File, line))).ToImmutableArray(),
        };
        return new PatchCheckResult(result, root, true, notes.ToImmutable(),
            path => post.Files.TryGetValue(path, out var patched) ? patched.Content : post.Deleted.Contains(path) ? null : ReadTreeFile(root, path));
    }

    private PatchCheckResult CheckHunks(PatchSeries series, string currentDirectory, CheckOptions options, ImmutableArray<InputProblem> inputProblems, ImmutableArray<string> why, CancellationToken cancellationToken)
    {
        var tree = SyntheticTree.Build(series, _hunks);
        var files = tree.Files.Keys.OrderBy(p => p, StringComparer.Ordinal).Select(p => new DiscoveredFile(p, Path.Combine(currentDirectory, p))).ToImmutableArray();
        var checkedHunks = _engine.Check(new SourceInputs(currentDirectory, false, files, inputProblems) { Overlay = tree.Overlay }, options, null, cancellationToken);

        Location Real(Location location) =>
            tree.Files.TryGetValue(location.File, out var file)
                ? location with { Line = file.RealLine(location.Line), EndLine = location.EndLine > 0 ? file.RealLine(location.EndLine) : 0 }
                : location;
        Finding Remap(Finding finding) => finding with
        {
            Primary = Real(finding.Primary),
            Function = FragmentShape.AsShown(finding.Function),
            Evidence = finding.EvidenceOrEmpty.Select(e => e with { Location = Real(e.Location), Function = FragmentShape.AsShown(e.Function) }).ToImmutableArray(),
        };
        bool Added(Location location) => tree.Files.TryGetValue(location.File, out var file) && file.AddedLines.Contains(location.Line);
        // A finding on a line folint wrote (a prelude, a wrapper) is about folint's text, not the series'.
        bool Written(Finding finding) => tree.Files.TryGetValue(finding.Primary.File, out var file) && file.IsWritten(finding.Primary.Line);

        var findings = checkedHunks.Findings.Where(f => !Written(f)).Select(f => Remap(Assuming(f, tree))).Where(f => Added(f.Primary));
        var result = checkedHunks with
        {
            Findings = Sorted(findings),
            Suppressed = checkedHunks.Suppressed.Where(s => !Written(s.Finding)).Select(s => s with { Finding = Remap(s.Finding), By = s.By with { Line = tree.Files[s.By.File].RealLine(s.By.Line) } }).Where(s => Added(s.Finding.Primary)).ToImmutableArray(),
            Suppressions = checkedHunks.Suppressions
                .Select(s => s with { Line = tree.Files[s.File].RealLine(s.Line), CoveredLines = s.CoveredLines.Select(tree.Files[s.File].RealLine).ToImmutableArray() })
                .Where(s => s.CoveredLines.Any(line => tree.Files[s.File].AddedLines.Contains(line)))
                .ToImmutableArray(),
        };
        var notes = why.Add(
            $"{(why.IsEmpty ? "no --tree: " : "")}checked the {series.HunkCount} hunk(s) of the series on their own; exclusive-phase reasoning was limited to the functions the hunks show and to the knowledge in rules/ (give --tree DIR for callers and the tree's own definitions)");
        return new PatchCheckResult(result, currentDirectory, false, notes, path => tree.Files.TryGetValue(path, out var file) ? RealText(file) : null);
    }

    /// <summary>
    /// A finding whose line uses a name the hunks never declare rests on a guess: what the name's type is (rules/kernel/
    /// patches.yaml gives the usual one) and, above all, where its value comes from, which is above the hunk (the folio
    /// may have been allocated there, or found in the page cache). Confidence medium, and an evidence line that says so.
    /// </summary>
    private static Finding Assuming(Finding finding, SyntheticTree tree)
    {
        if (!tree.Files.TryGetValue(finding.Primary.File, out var file) || file.Assumed.IsEmpty)
            return finding;
        var line = LineText(file, finding.Primary.Line);
        var used = file.AssumedAt(finding.Primary.Line)
            .Where(d => System.Text.RegularExpressions.Regex.IsMatch(line, $@"\b{System.Text.RegularExpressions.Regex.Escape(d.Name)}\b"))
            .ToList();
        if (used.Count == 0)
            return finding;
        var guesses = used.Select(d => new Evidence(finding.Primary,
            d.Guessed
                ? $"the hunks do not declare {d.Name}: folint takes it to be '{d.Text}', the type mm gives that name (rules/kernel/patches.yaml), and cannot see where its value comes from; check the lines above the hunk"
                : $"the hunks do not show where {d.Name} comes from (its declaration and whatever gave it its value are above them): whether nobody else can reach it yet cannot be seen here; check the lines above the hunk",
            finding.Function));
        return finding with { Confidence = FindingConfidence.Medium, Evidence = finding.EvidenceOrEmpty.AddRange(guesses) };
    }

    private static string LineText(SyntheticFile file, int syntheticLine)
    {
        var text = System.Text.Encoding.UTF8.GetString(file.Content);
        var lines = text.Split('\n');
        return syntheticLine >= 1 && syntheticLine <= lines.Length ? lines[syntheticLine - 1] : "";
    }

    /// <summary>The lines of a synthetic file at their real line numbers (blank where the hunks show nothing).</summary>
    private static byte[] RealText(SyntheticFile file)
    {
        var synthetic = file.Content.AsSpan();
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < synthetic.Length; i++)
        {
            if (synthetic[i] != (byte)'\n')
                continue;
            lines.Add(synthetic.Slice(start, i - start).ToArray());
            start = i + 1;
        }
        var last = file.RealLines.Where(l => l > 0).DefaultIfEmpty(0).Max();
        var real = new byte[last][];
        for (var i = 0; i < lines.Count && i < file.RealLines.Length; i++)
        {
            if (file.RealLines[i] > 0)
                real[file.RealLines[i] - 1] = lines[i];
        }
        using var output = new MemoryStream();
        foreach (var line in real)
        {
            if (line is not null)
                output.Write(line);
            output.WriteByte((byte)'\n');
        }
        return output.ToArray();
    }

    private static (string RuleId, string File, string? Function, string Message) Group(Finding finding, string file) =>
        (finding.RuleId, file, finding.Function, finding.Message);

    private static ImmutableArray<Finding> Sorted(IEnumerable<Finding> findings) =>
        findings
            .OrderBy(f => f.Primary.File, StringComparer.Ordinal)
            .ThenBy(f => f.Primary.Line)
            .ThenBy(f => f.Primary.Column)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.Fingerprint, StringComparer.Ordinal)
            .ToImmutableArray();

    /// <summary>A tree file's bytes for the patch to apply to; null when the tree has none.</summary>
    private static byte[]? ReadTreeFile(string root, string path)
    {
        var full = Path.GetFullPath(Path.Combine(root, path));
        if (!SourceDiscovery.IsAtOrBelow(full, root) || !File.Exists(full))
            return null;
        try
        {
            // Type first: a FIFO in the tree at the patched path would block a plain read for ever.
            return RegularFile.ReadAll(full, RegularFile.MaxReadable, within: RegularFile.RealPath(root));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PatchDoesNotApplyError(path, "cannot read the tree's file: " + e.Message);
        }
    }
}
