using System;
using System.Collections.Immutable;
using System.Linq;

namespace Folint.CSource.Knowledge;

/// <summary>
/// A problem in a file under rules/: the file, the line (1-based, 0 when unknown), the field, what is wrong
/// and how to fix it. One type per kind, so callers and tests can tell them apart.
/// </summary>
public abstract record RulesFileError(string File, int Line, string Field)
{
    public abstract string Problem { get; }

    public abstract string Suggestion { get; }

    public sealed override string ToString()
    {
        var where = Line > 0 ? $"{File}:{Line}" : File;
        var field = Field.Length > 0 ? $" {Field}:" : "";
        return $"{where}:{field} {Problem} (fix: {Suggestion})";
    }
}

internal sealed record RulesDirectoryMissingError(string Directory)
    : RulesFileError(Directory, 0, "")
{
    public override string Problem => "rules directory not found";

    public override string Suggestion => "pass --rules-dir DIR or set FOLINT_RULES to the folint rules/ directory";
}

/// <summary>Reads the files under rules/: regular files only, typed before they are opened, and of a sane size.</summary>
public static class RulesText
{
    /// <summary>Far more than any rules file (c-macros.yaml, the largest, is under 64 KB).</summary>
    public const long MaxBytes = 4L * 1024 * 1024;

    /// <summary>The file's text; null (with an error added) when it cannot be read.</summary>
    public static string? Read(string file, System.Collections.Generic.List<RulesFileError> errors)
    {
        try
        {
            return Read(file);
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException)
        {
            errors.Add(new UnreadableRulesFileError(file, e.Message));
            return null;
        }
    }

    /// <exception cref="System.IO.IOException">The file cannot be read (<see cref="Engine.FileRefusedException"/> says why).</exception>
    public static string Read(string file) =>
        new System.Text.UTF8Encoding(false).GetString(Engine.RegularFile.ReadAll(file, MaxBytes));
}

internal sealed record NoRulesFoundError(string Directory)
    : RulesFileError(Directory, 0, "")
{
    public override string Problem => "no FOL*.yaml rule files in the rules directory";

    public override string Suggestion => "point --rules-dir or FOLINT_RULES at the folint rules/ directory";
}

internal sealed record YamlSyntaxError(string File, int Line, string Detail)
    : RulesFileError(File, Line, "")
{
    public override string Problem => "not valid YAML: " + Detail;

    public override string Suggestion => "correct the YAML at that line (indentation, quoting of ':' and '#')";
}

internal sealed record UnknownFieldError(string File, int Line, string Field, ImmutableArray<string> KnownFields)
    : RulesFileError(File, Line, Field)
{
    public override string Problem => "unknown field";

    public override string Suggestion
    {
        get
        {
            // the key itself, not its path (groups[0].name is a mistyped 'names')
            var key = Field.Substring(Field.LastIndexOf('.') + 1);
            var closest = KnownFields
                .Select(known => (known, distance: EditDistance.Between(known, key)))
                .Where(candidate => candidate.distance <= Math.Max(2, key.Length / 3))
                .OrderBy(candidate => candidate.distance)
                .Select(candidate => candidate.known)
                .FirstOrDefault();
            return closest is not null
                ? $"did you mean '{closest}'?"
                : "remove it; known fields are " + string.Join(", ", KnownFields);
        }
    }
}

internal sealed record MissingFieldError(string File, int Line, string Field)
    : RulesFileError(File, Line, Field)
{
    public override string Problem => "required field is missing";

    public override string Suggestion => System.IO.Path.GetFileName(File).StartsWith("FOL", StringComparison.Ordinal)
        ? $"add '{Field.Split('.').Last()}:' (the other rules/FOL*.yaml files show its form)"
        : $"add '{Field.Split('.').Last()}:' (the comments of the file say what each key holds)";
}

internal sealed record WrongShapeError(string File, int Line, string Field, string Expected)
    : RulesFileError(File, Line, Field)
{
    public override string Problem => "expected " + Expected;

    public override string Suggestion => $"write '{Field.Split('.').Last()}' as {Expected}";
}

internal sealed record IdMismatchError(string File, int Line, string Id, string FileStem)
    : RulesFileError(File, Line, "id")
{
    public override string Problem => $"id '{Id}' does not match the file name '{FileStem}.yaml'";

    public override string Suggestion => $"set 'id: {FileStem}' or rename the file to '{Id}.yaml'";
}

internal sealed record UnknownSeverityError(string File, int Line, string Value)
    : RulesFileError(File, Line, "severity")
{
    public override string Problem => $"unknown severity '{Value}'";

    public override string Suggestion => "use one of note, warning, error";
}

internal sealed record MessageHoleMismatchError(string File, int Line, string Field, ImmutableArray<int> Holes, int ArgumentCount)
    : RulesFileError(File, Line, Field)
{
    public override string Problem =>
        $"the message uses holes {(Holes.IsEmpty ? "(none)" : string.Join(", ", Holes.Select(h => "{" + h + "}")))} but messageArguments names {ArgumentCount} argument(s)";

    public override string Suggestion =>
        ArgumentCount == 0
            ? "name each hole's argument in messageArguments"
            : $"use exactly the holes {{0}}..{{{ArgumentCount - 1}}} in the message, or give messageArguments one name per hole";
}

internal sealed record MalformedMessageError(string File, int Line, string Field, string Detail)
    : RulesFileError(File, Line, Field)
{
    public override string Problem => "not a valid message format: " + Detail;

    public override string Suggestion => "holes are {0}, {1}, ...; write a literal brace as {{ or }}";
}

internal sealed record UnreadableRulesFileError(string File, string Detail)
    : RulesFileError(File, 0, "")
{
    public override string Problem => "cannot read: " + Detail;

    public override string Suggestion => "make the file readable, or point --rules-dir / FOLINT_RULES at a complete rules/ directory";
}

/// <summary>A section of the kernel knowledge has no file under rules/kernel.</summary>
internal sealed record MissingKnowledgeFileError(string File, string? Similar)
    : RulesFileError(File, 0, "")
{
    public override string Problem => "knowledge file is missing";

    public override string Suggestion => Similar is not null
        ? $"rename '{Similar}' to '{System.IO.Path.GetFileName(File)}'"
        : "restore it from the folint repository, or point --rules-dir / FOLINT_RULES at a complete rules/ directory";
}

/// <summary>A YAML file under rules/kernel that no section reads.</summary>
internal sealed record UnreadKnowledgeFileError(string File, ImmutableArray<string> KnownFiles)
    : RulesFileError(File, 0, "")
{
    public override string Problem => "no part of folint reads this file";

    public override string Suggestion
    {
        get
        {
            var name = System.IO.Path.GetFileName(File);
            var closest = KnownFiles
                .Select(known => (known, distance: EditDistance.Between(known, name)))
                .Where(candidate => candidate.distance <= Math.Max(2, name.Length / 4))
                .OrderBy(candidate => candidate.distance)
                .Select(candidate => candidate.known)
                .FirstOrDefault();
            return closest is not null
                ? $"did you mean '{closest}'?"
                : "move its keys into one of " + string.Join(", ", KnownFiles) + ", or give it a section (docs/architecture.md, \"Kernel knowledge\")";
        }
    }
}

/// <summary>A value outside the set the field allows (an enum).</summary>
internal sealed record UnknownValueError(string File, int Line, string Field, string Value, ImmutableArray<string> KnownValues)
    : RulesFileError(File, Line, Field)
{
    public override string Problem => $"unknown value '{Value}'";

    public override string Suggestion
    {
        get
        {
            var closest = KnownValues
                .Select(known => (known, distance: EditDistance.Between(known, Value)))
                .Where(candidate => candidate.distance <= Math.Max(2, Value.Length / 3))
                .OrderBy(candidate => candidate.distance)
                .Select(candidate => candidate.known)
                .FirstOrDefault();
            return (closest is not null ? $"did you mean '{closest}'? " : "") + "use one of " + string.Join(", ", KnownValues);
        }
    }
}

/// <summary>A list that must not repeat an entry repeats one.</summary>
internal sealed record RepeatedEntryError(string File, int Line, string Field, string Entry, int FirstLine)
    : RulesFileError(File, Line, Field)
{
    public override string Problem => $"'{Entry}' is listed twice (first at line {FirstLine})";

    public override string Suggestion => "delete one of the two";
}

/// <summary>A value of the right shape that its section refuses (see <c>IValidatedKnowledge</c>).</summary>
internal sealed record InvalidKnowledgeError(string File, int Line, string Field, string Detail, string Fix)
    : RulesFileError(File, Line, Field)
{
    public override string Problem => Detail;

    public override string Suggestion => Fix;
}

/// <summary>Every problem found while loading rules/; thrown once with all of them, so a rule author fixes them in one pass.</summary>
public sealed class RulesLoadException : Exception
{
    public RulesLoadException(ImmutableArray<RulesFileError> errors)
        : base(string.Join(Environment.NewLine, errors.Select(e => e.ToString())))
    {
        Errors = errors;
    }

    public ImmutableArray<RulesFileError> Errors { get; }
}

internal static class EditDistance
{
    public static int Between(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
