using System.Collections.Immutable;
using System.Threading;
using Folint.Analyzer.Findings;
using Folint.Analyzer.Model;

namespace Folint.CSource.Engine;

/// <summary>A file to check: its path relative to the tree root (forward slashes) and its bytes.</summary>
public sealed record SourceFile(string Path, byte[] Content);

/// <summary>An input folint could not use, with the reason in words a user can act on.</summary>
public sealed record InputProblem(string Path, string Reason)
{
    public InputProblemKind Kind { get; init; } = InputProblemKind.Unusable;
}

public enum InputProblemKind
{
    /// <summary>Could not be read or checked (missing, unreadable, not a regular file, binary, parse timeout, nesting too deep): the run fails with exit 2.</summary>
    Unusable,

    /// <summary>folint itself failed on the file (a stage threw): reported, the run goes on, and it exits 3.</summary>
    InternalError,

    /// <summary>
    /// Left out by a limit the user sets (--max-file-size): reported, but the verdict of the run stands, since every
    /// full kernel tree has generated register headers over any sensible limit (drivers/gpu/drm/amd/include/asic_reg).
    /// </summary>
    OverLimit,
}

/// <summary>Something worth a word about an input that was checked anyway (not valid UTF-8, ...).</summary>
public sealed record InputNote(string Path, string Message);

/// <summary>Turns one C file into its model. Implemented by the tree-sitter frontend; thread-safe.</summary>
public interface ISourceFrontend
{
    SourceUnit Build(SourceFile file, CancellationToken cancellationToken);

    /// <summary>
    /// Tree headers whose file-scope macro uses generate functions (page-flags.h's FOLIO_FLAG() and friends): the
    /// program index expands them and adds what they generate to the header's unit (rules/kernel/c-macros.yaml).
    /// </summary>
    ImmutableArray<string> GeneratorHeaders { get; }
}

public sealed record RunStats(
    int Files,
    int ParsedFiles,
    int Functions,
    int FunctionsWithParseErrors,
    double ElapsedSeconds);

public sealed record CheckResult(
    ImmutableArray<Finding> Findings,
    ImmutableArray<InputProblem> Problems,
    RunStats Stats)
{
    /// <summary>Notes about inputs that were checked anyway; they do not change the exit code.</summary>
    public ImmutableArray<InputNote> Notes { get; init; } = ImmutableArray<InputNote>.Empty;

    /// <summary>Findings a <c>folint: ignore</c> comment hid; not in <see cref="Findings"/>.</summary>
    public ImmutableArray<SuppressedFinding> Suppressed { get; init; } = ImmutableArray<SuppressedFinding>.Empty;

    /// <summary>Every readable suppression comment of the checked files, with whether it hid anything.</summary>
    public ImmutableArray<Suppression> Suppressions { get; init; } = ImmutableArray<Suppression>.Empty;
}
