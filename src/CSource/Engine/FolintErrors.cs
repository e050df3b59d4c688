using System;
using System.Collections.Generic;
using System.Linq;
using Folint.CSource.Knowledge;

namespace Folint.CSource.Engine;

/// <summary>The process exit codes of every folint command; documented in <c>folint --help</c>.</summary>
public static class ExitCodes
{
    /// <summary>The run completed and found nothing.</summary>
    public const int Clean = 0;

    /// <summary>The run completed and reported findings.</summary>
    public const int Findings = 1;

    /// <summary>Bad usage, or an input (file, tree, rules/) that could not be used; the message names it.</summary>
    public const int BadInput = 2;

    /// <summary>folint itself failed (a bug, or a build missing a part); never a verdict on the code checked.</summary>
    public const int InternalError = 3;

    /// <summary>SIGINT (Ctrl+C): 128 + 2, as shells report a process the signal ended.</summary>
    public const int Interrupted = 130;

    /// <summary>SIGTERM: 128 + 15.</summary>
    public const int Terminated = 143;

    /// <summary>
    /// The exit code the inputs' problems impose on a run that otherwise completed: 3 when folint failed on a file,
    /// 2 when a file could not be checked, null when every problem is only a limit the user set (the verdict stands).
    /// </summary>
    public static int? ForProblems(IEnumerable<InputProblem> problems)
    {
        int? code = null;
        foreach (var problem in problems)
        {
            if (problem.Kind == InputProblemKind.InternalError)
                return InternalError;
            if (problem.Kind == InputProblemKind.Unusable)
                code = BadInput;
        }
        return code;
    }
}

/// <summary>
/// An error a user can act on: the input it concerns (a path, an option, a rule id), what is wrong, a hint, and
/// the exit code. One type per kind, so callers and tests can tell them apart.
/// </summary>
public abstract class FolintError : Exception
{
    protected FolintError(string subject, string problem, string hint)
        : base($"{subject}: {problem}")
    {
        Subject = subject;
        Problem = problem;
        Hint = hint;
    }

    public string Subject { get; }

    public string Problem { get; }

    public string Hint { get; }

    public virtual int ExitCode => ExitCodes.BadInput;
}

/// <summary><c>--tree DIR</c> names something that is not a kernel tree.</summary>
public sealed class TreeNotFoundError : FolintError
{
    public TreeNotFoundError(string directory, string problem)
        : base(directory, problem, $"--tree takes the top directory of a kernel tree (the one holding {SourceDiscovery.TreeMarker}); leave it out to find the tree from the PATHs")
    {
    }
}

/// <summary>A rule id that rules/ does not define (in --rules or explain).</summary>
public sealed class UnknownRuleError : FolintError
{
    public UnknownRuleError(string id, IEnumerable<string> knownIds)
        : base(id, "unknown rule", "known rules: " + string.Join(", ", knownIds))
    {
    }
}

/// <summary>rules/ is missing or one of its files does not validate.</summary>
public sealed class RulesInvalidError : FolintError
{
    public RulesInvalidError(string rulesDirectory, RulesLoadException inner)
        : base(rulesDirectory, "cannot load the rules:" + Environment.NewLine + string.Join(Environment.NewLine, inner.Errors.Select(e => "  " + e)),
            $"fix the files named above, or point --rules-dir / {RulesDirectory.EnvironmentVariable} at a valid rules/ directory")
    {
        Errors = inner;
    }

    public RulesLoadException Errors { get; }
}

/// <summary>An option value that cannot be used (a size that is not a size, an empty rule list).</summary>
public sealed class InvalidOptionError : FolintError
{
    public InvalidOptionError(string option, string problem, string hint)
        : base(option, problem, hint)
    {
    }
}
