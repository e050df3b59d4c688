using System.Collections.Immutable;

namespace Folint.Analyzer.Findings;

public enum Severity { Note, Warning, Error }

/// <summary>
/// How sure a finding is, so that a CI gate can start with the certain ones (<c>--min-confidence high</c>). High: the
/// facts folint read from the tree make the problem real as reported. Medium: it rests on an assumption a reviewer must
/// check (a name-based guess without a tree, or a race only with a writer that races with everything, such as
/// memory_failure()).
/// </summary>
public enum FindingConfidence { Medium, High }

/// <summary>A place in a file: path relative to the tree root, 1-based line and byte column.</summary>
public sealed record Location(string File, int Line, int Column, int EndLine = 0, int EndColumn = 0)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>A secondary location that supports a finding: the concurrent writer, the read a value came from.</summary>
public sealed record Evidence(Location Location, string Message, string? Function = null);

/// <summary>Replace the text at <paramref name="Location"/> (start to end) with <paramref name="NewText"/>.</summary>
public sealed record TextEdit(Location Location, string NewText);

/// <summary>
/// A mechanical fix a finding offers, applied only when someone chooses it (an editor's code action): the
/// atomic accessor in place of the non-atomic one. <paramref name="Title"/> says what the edits do.
/// </summary>
public sealed record SuggestedFix(string Title, ImmutableArray<TextEdit> Edits);

/// <summary>
/// One result, the same for every frontend and every output format.
/// The fingerprint is built from rule, file, function and the rule's own key, never from line numbers.
/// </summary>
public sealed record Finding(
    string RuleId,
    Severity Severity,
    Location Primary,
    string Message,
    string? Function,
    ImmutableArray<Evidence> Evidence,
    string? FixHint,
    string Fingerprint)
{
    public ImmutableArray<Evidence> EvidenceOrEmpty => Evidence.IsDefault ? ImmutableArray<Evidence>.Empty : Evidence;

    /// <summary>The edit that fixes the finding, when one is mechanical; null otherwise (<see cref="FixHint"/> says what to do).</summary>
    public SuggestedFix? Fix { get; init; }

    /// <summary>How sure the finding is (<see cref="FindingConfidence"/>); the reason for a medium one is in its message or evidence.</summary>
    public FindingConfidence Confidence { get; init; } = FindingConfidence.High;
}
