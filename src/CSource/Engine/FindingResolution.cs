using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Folint.Analyzer.Catalog;
using Folint.Analyzer.Contracts;
using Folint.Analyzer.Findings;
using Folint.Analyzer.Model;

namespace Folint.CSource.Engine;

/// <summary>
/// Raw findings of one file become located, fingerprinted, de-duplicated and sorted <see cref="Finding"/>s: spans
/// become lines and byte columns, evidence and fix edits are located in their own files, and each finding gets its
/// fingerprint (rule, file, function, key and ordinal: never a line number). Everything a fingerprint depends on lies
/// in one file, so resolving file by file gives what resolving a whole run at once would.
/// </summary>
internal static class FindingResolution
{
    /// <param name="linesOf">The line map of any tree file (the checked file's own text first); null when it cannot be read.</param>
    public static ImmutableArray<Finding> Resolve(IEnumerable<RawFinding> raw, RuleCatalog catalog, Func<string, LineMap?> linesOf, Action<InputProblem> problem)
    {
        // Fingerprint ordinals count equal keys in source order, so they are computed over a stable order
        // after exact duplicates (one rule reporting the same thing twice) are gone.
        var distinct = raw.Distinct(RawFindingEquality.Instance)
            .OrderBy(f => f.File, StringComparer.Ordinal)
            .ThenBy(f => f.Span.Start)
            .ThenBy(f => f.Span.End)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.Key, StringComparer.Ordinal)
            .ThenBy(f => f.Message, StringComparer.Ordinal)
            .ToList();

        var ordinals = new Dictionary<(string, string, string, string), int>();
        var findings = ImmutableArray.CreateBuilder<Finding>(distinct.Count);
        foreach (var f in distinct)
        {
            var lines = linesOf(f.File);
            if (lines is null)
            {
                problem(new InputProblem(f.File, $"internal error in rule {f.RuleId}: finding in a file that cannot be read") { Kind = InputProblemKind.InternalError });
                continue;
            }
            var group = (f.RuleId, f.File, f.Function ?? "", f.Key);
            ordinals.TryGetValue(group, out var ordinal);
            ordinals[group] = ordinal + 1;

            var evidence = ImmutableArray.CreateBuilder<Evidence>(f.Evidence.IsDefault ? 0 : f.Evidence.Length);
            foreach (var item in Items(f.Evidence))
            {
                var evidenceLines = linesOf(item.File);
                if (evidenceLines is null)
                {
                    problem(new InputProblem(f.File, $"internal error in rule {f.RuleId}: evidence in {item.File}, which cannot be read") { Kind = InputProblemKind.InternalError });
                    continue;
                }
                evidence.Add(new Evidence(Locate(item.File, item.Span, evidenceLines), item.Message, item.Function));
            }

            findings.Add(new Finding(
                f.RuleId,
                catalog[f.RuleId].Severity,
                Locate(f.File, f.Span, lines),
                f.Message,
                f.Function,
                evidence.ToImmutable(),
                f.FixHint,
                Fingerprint.Compute(f.RuleId, f.File, f.Function, f.Key, ordinal))
            {
                Fix = LocateFix(f, linesOf, problem),
                Confidence = f.Confidence,
            });
        }
        return Sorted(findings);
    }

    public static ImmutableArray<Finding> Sorted(IEnumerable<Finding> findings) => findings.OrderBy(f => f, Order).ToImmutableArray();

    /// <summary>The order of every report: file, line, column, rule, message, fingerprint.</summary>
    public static IComparer<Finding> Order { get; } = Comparer<Finding>.Create((x, y) =>
    {
        var order = string.CompareOrdinal(x.Primary.File, y.Primary.File);
        if (order == 0)
            order = x.Primary.Line.CompareTo(y.Primary.Line);
        if (order == 0)
            order = x.Primary.Column.CompareTo(y.Primary.Column);
        if (order == 0)
            order = string.CompareOrdinal(x.RuleId, y.RuleId);
        if (order == 0)
            order = string.CompareOrdinal(x.Message, y.Message);
        return order != 0 ? order : string.CompareOrdinal(x.Fingerprint, y.Fingerprint);
    });

    /// <summary>The fix with its edits located; null when an edit falls in a file that cannot be read (the finding stays).</summary>
    private static SuggestedFix? LocateFix(RawFinding f, Func<string, LineMap?> linesOf, Action<InputProblem> problem)
    {
        if (f.Fix is not { } fix)
            return null;
        var edits = ImmutableArray.CreateBuilder<TextEdit>(Items(fix.Edits).Length);
        foreach (var edit in Items(fix.Edits))
        {
            if (linesOf(edit.File) is not { } lines)
            {
                problem(new InputProblem(f.File, $"internal error in rule {f.RuleId}: fix edits {edit.File}, which cannot be read") { Kind = InputProblemKind.InternalError });
                return null;
            }
            edits.Add(new TextEdit(Locate(edit.File, edit.Span, lines), edit.NewText));
        }
        return new SuggestedFix(fix.Title, edits.MoveToImmutable());
    }

    private static Location Locate(string file, TextSpan span, LineMap lines)
    {
        var start = lines.GetPosition(span.Start);
        var end = lines.GetPosition(span.End);
        return new Location(file, start.Line, start.Column, end.Line, end.Column);
    }

    private static ImmutableArray<T> Items<T>(ImmutableArray<T> items) => items.IsDefault ? ImmutableArray<T>.Empty : items;

    /// <summary>Value equality of raw findings, evidence included (records compare ImmutableArrays by reference).</summary>
    private sealed class RawFindingEquality : IEqualityComparer<RawFinding>
    {
        public static readonly RawFindingEquality Instance = new();

        public bool Equals(RawFinding? x, RawFinding? y) =>
            ReferenceEquals(x, y) ||
            (x is not null && y is not null &&
             x.RuleId == y.RuleId && x.File == y.File && x.Span == y.Span && x.Function == y.Function &&
             x.Key == y.Key && x.Message == y.Message && x.FixHint == y.FixHint &&
             Items(x.Evidence).SequenceEqual(Items(y.Evidence)) &&
             x.Fix?.Title == y.Fix?.Title && Items(x.Fix?.Edits ?? default).SequenceEqual(Items(y.Fix?.Edits ?? default)));

        public int GetHashCode(RawFinding f) => HashCode.Combine(f.RuleId, f.File, f.Span, f.Function, f.Key, f.Message);
    }
}
