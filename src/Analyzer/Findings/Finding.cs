using System.Collections.Immutable;

namespace Folint.Analyzer.Findings;

public enum Severity { Note, Warning, Error }

/// <summary>A place in a file: path relative to the tree root, 1-based line and byte column.</summary>
public sealed record Location(string File, int Line, int Column, int EndLine = 0, int EndColumn = 0)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>A secondary location that supports a finding: the concurrent writer, the read a value came from.</summary>
public sealed record Evidence(Location Location, string Message, string? Function = null);

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
}
