using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Folint.Analyzer.Catalog;
using Folint.Analyzer.Findings;
using Folint.Analyzer.Model;

namespace Folint.Analyzer.Contracts;

/// <summary>
/// A rule over C source units. A rule is built once with the kernel knowledge it reads (rules/kernel/*.yaml, typed
/// and validated at load) and started once per run (<see cref="Start"/>), as Roslyn starts an analyzer per
/// compilation: what it derives from the tree (the accessors page-flags.h generates, the type tests of mm.h) lives
/// in the analyzer it returns, for that run only. Rules are pure: they read the units, the program index and their
/// knowledge, and report through the context. They never touch files or native code.
/// </summary>
public interface ISourceRule
{
    string Id { get; }

    /// <summary>
    /// Starts the rule for one run (a check, a check of one editor buffer). May ask <see cref="SourceRun.Program"/>
    /// (the tree's headers); <paramref name="cancellationToken"/> is for that work only, never kept.
    /// </summary>
    SourceRuleAnalyzer Start(SourceRun run, CancellationToken cancellationToken);
}

/// <summary>What one rule does in one run: made by <see cref="ISourceRule.Start"/>, asked about every unit of the run.</summary>
public abstract class SourceRuleAnalyzer
{
    /// <summary>Reports the rule's findings in one unit. Called from several threads at once, one unit each.</summary>
    public abstract void Analyze(SourceRuleContext context);

    /// <summary>
    /// For an <see cref="IPrefilteredRule"/>: what a file must show to hold a finding, asked once per run before any
    /// input is parsed (it may ask the program index, which parses headers on demand). Null: the rule cannot say, and
    /// every input is parsed.
    /// </summary>
    public virtual IEnumerable<FileTrigger>? Triggers(CancellationToken cancellationToken) => null;
}

/// <summary>
/// A rule that derives nothing from the tree before it sees a unit: it is its own analyzer in every run, and
/// whatever it asks the program index, it asks from <see cref="SourceRuleAnalyzer.Analyze"/>.
/// </summary>
public abstract class StatelessSourceRule : SourceRuleAnalyzer, ISourceRule
{
    public abstract string Id { get; }

    public SourceRuleAnalyzer Start(SourceRun run, CancellationToken cancellationToken) => this;
}

/// <summary>
/// One run of the rules: the program index every rule of the run asks, and what several rules derive from the tree
/// together (FOL000 and FOL001 judge the same flag updates). Lives as long as the run, so nothing of one tree or one
/// editor buffer leaks into the next run.
/// </summary>
public sealed class SourceRun
{
    private readonly object _gate = new();
    private readonly Dictionary<Type, object> _shared = new();

    public SourceRun(IProgramIndex program)
    {
        Program = program;
    }

    public IProgramIndex Program { get; }

    /// <summary>The run's one <typeparamref name="T"/>: made by the first rule that asks, then the same for every rule of the run.</summary>
    public T Shared<T>(Func<T> create)
        where T : class
    {
        lock (_gate)
        {
            if (_shared.TryGetValue(typeof(T), out var known))
                return (T)known;
            var made = create();
            _shared[typeof(T)] = made;
            return made;
        }
    }
}

/// <summary>
/// A rule cannot check a unit because the tree lacks what it needs (struct folio defined where neither the unit nor
/// mm_types.h defines the struct page it lies over): the unit is reported as not checked by the rule, with this
/// message, like any input that cannot be checked (exit 2), never as a failure of folint.
/// </summary>
public sealed class UncheckableUnitException : System.Exception
{
    public UncheckableUnitException(string message)
        : base(message)
    {
    }
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

    public SourceRuleContext(SourceUnit unit, IProgramIndex program, RuleCatalog catalog, List<RawFinding> sink, CancellationToken cancellationToken)
    {
        Unit = unit;
        Program = program;
        Catalog = catalog;
        _findings = sink;
        CancellationToken = cancellationToken;
    }

    public SourceUnit Unit { get; }

    public IProgramIndex Program { get; }

    public RuleCatalog Catalog { get; }

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
