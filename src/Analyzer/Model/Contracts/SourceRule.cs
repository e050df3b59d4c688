using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Folint.Analyzer.Catalog;
using Folint.Analyzer.Findings;
using Folint.Analyzer.Model;

namespace Folint.Analyzer.Rules;

/// <summary>
/// A rule over one source unit. Rules are pure: they read the unit, the program index and the kernel
/// knowledge from rules/, and report through the context. They never touch files or native code.
/// </summary>
public interface ISourceRule
{
    string Id { get; }

    void Analyze(SourceRuleContext context);
}

/// <summary>A finding before the engine resolves its location and fingerprint.</summary>
public sealed record RawFinding(
    string RuleId,
    string File,
    TextSpan Span,
    string? Function,
    string Key,
    string Message,
    ImmutableArray<RawEvidence> Evidence,
    string? FixHint)
{
    /// <summary>The mechanical fix, when there is one; the engine locates its edits.</summary>
    public RawFix? Fix { get; init; }

    public FindingConfidence Confidence { get; init; } = FindingConfidence.High;
}

/// <summary>Evidence at a span of some file of the tree (not necessarily the unit being checked).</summary>
public sealed record RawEvidence(string File, TextSpan Span, string Message, string? Function);

/// <summary>Replace the bytes at <paramref name="Span"/> of a tree file with <paramref name="NewText"/>.</summary>
public sealed record RawTextEdit(string File, TextSpan Span, string NewText);

/// <summary>A mechanical fix before the engine locates it: a title saying what it does, and its edits.</summary>
public sealed record RawFix(string Title, ImmutableArray<RawTextEdit> Edits);

public sealed class SourceRuleContext
{
    private readonly List<RawFinding> _findings;

    public SourceRuleContext(SourceUnit unit, IProgramIndex program, RuleCatalog catalog, KernelKnowledge knowledge, List<RawFinding> sink, CancellationToken cancellationToken)
    {
        Unit = unit;
        Program = program;
        Catalog = catalog;
        Knowledge = knowledge;
        _findings = sink;
        CancellationToken = cancellationToken;
    }

    public SourceUnit Unit { get; }

    public IProgramIndex Program { get; }

    public RuleCatalog Catalog { get; }

    public KernelKnowledge Knowledge { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>
    /// Reports a finding at <paramref name="span"/> of the current unit. <paramref name="key"/> is what makes the
    /// finding itself (accessor and flag, field, ...) and enters its fingerprint; the message comes from the catalog.
    /// </summary>
    public void Report(
        string ruleId,
        TextSpan span,
        string? function,
        string key,
        object?[] messageArguments,
        IEnumerable<RawEvidence>? evidence = null,
        string? fixHint = null,
        string? messageVariant = null,
        RawFix? fix = null,
        FindingConfidence confidence = FindingConfidence.High)
    {
        var message = Catalog[ruleId].FormatMessage(messageVariant, messageArguments);
        _findings.Add(new RawFinding(
            ruleId,
            Unit.Path,
            span,
            function,
            key,
            message,
            evidence is null ? ImmutableArray<RawEvidence>.Empty : ImmutableArray.CreateRange(evidence),
            fixHint)
        {
            Fix = fix,
            Confidence = confidence,
        });
    }
}
