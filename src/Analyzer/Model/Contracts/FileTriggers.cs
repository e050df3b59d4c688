using System;
using System.Collections.Generic;

namespace Folint.Analyzer.Contracts;

/// <summary>What a byte-level scan of a file can tell without parsing it.</summary>
public enum FileFactKind
{
    /// <summary>The identifier occurs in code (outside comments and literals).</summary>
    Identifier,

    /// <summary>An identifier in code starts with the text (the prefix must be one <see cref="IPrefilteredRule.ScanPrefixes"/> gave).</summary>
    IdentifierPrefix,

    /// <summary>
    /// A compound assignment <c>|=</c>, <c>&amp;=</c> or <c>^=</c> to a member of that name (<c>page-&gt;flags |= m</c>,
    /// parenthesised or not); <c>)</c> stands for one the scan could not read back (a comment before the operator).
    /// </summary>
    CompoundAssignmentTo,

    /// <summary>A struct or union body is defined under the tag: <c>struct folio {</c>.</summary>
    RecordDefinition,

    /// <summary>
    /// A name is decremented (<c>--nr</c>, <c>nr--</c>, <c>nr -= step</c>, <c>nr = nr - step</c>) and tested for 0 in
    /// the condition of one loop of one function the way a FOL004 count-down form needs: <c>do { ...; nr--; } while
    /// (nr);</c>, <c>for (; nr; nr -= 2)</c>, <c>while (--nr)</c>, <c>if (--nr == 0) break;</c> in a <c>for (;;)</c>
    /// (the scan's reading is in <c>Folint.CSource.Index.CountDownScan</c>). One fact per file, its text is
    /// <see cref="FileTrigger.PreDecrementText"/>.
    /// </summary>
    TestedDecrement,
}

/// <summary>One fact a file must show for a rule to be able to report in it; <see cref="And"/> narrows it further.</summary>
public sealed record FileTrigger(FileFactKind Kind, string Text)
{
    /// <summary>A second trigger the file must also show (both, not either).</summary>
    public FileTrigger? And { get; init; }

    public static FileTrigger Identifier(string name) => new(FileFactKind.Identifier, name);

    /// <summary>The text of the <see cref="FileFactKind.TestedDecrement"/> fact.</summary>
    public const string PreDecrementText = "--";

    /// <summary>The file decrements a name it also tests in a condition (<see cref="FileFactKind.TestedDecrement"/>).</summary>
    public static FileTrigger TestedDecrement { get; } = new(FileFactKind.TestedDecrement, PreDecrementText);

    /// <summary>This trigger and each of <paramref name="others"/> (one trigger for each: the file shows this and that one).</summary>
    public IEnumerable<FileTrigger> AndAnyOf(IEnumerable<FileTrigger> others)
    {
        foreach (var other in others)
            yield return Append(this, other);
    }

    private static FileTrigger Append(FileTrigger trigger, FileTrigger other) =>
        trigger with { And = trigger.And is null ? other : Append(trigger.And, other) };

    public override string ToString() => Kind + ":" + Text + (And is null ? "" : " & " + And);
}

/// <summary>
/// A rule that can say which files can hold its findings before any file is parsed: a file shows at least one of its
/// triggers (<see cref="SourceRuleAnalyzer.Triggers"/>), or the rule reports nothing there whatever the rest of the
/// tree holds. The engine parses and checks only such files when every rule of a run is prefiltered (a rule that is
/// not runs on every file). The triggers are exact consequences of what the rule matches (a rule cannot report a
/// refcount write without a refcount-writing name in the file), never a guess about what is likely; the corpus test
/// compares the findings with a run without the prefilter.
/// </summary>
public interface IPrefilteredRule : ISourceRule
{
    /// <summary>Name prefixes the scan must record as <see cref="FileFactKind.IdentifierPrefix"/> facts; known before the run starts.</summary>
    IEnumerable<string> ScanPrefixes { get; }
}

/// <summary>Triggers built from names of the kernel knowledge.</summary>
public static class FileTriggers
{
    public static IEnumerable<FileTrigger> Identifiers(params IEnumerable<string>[] lists)
    {
        foreach (var list in lists)
        {
            foreach (var name in list)
                yield return FileTrigger.Identifier(name);
        }
    }

    public static IEnumerable<FileTrigger> Prefixes(IEnumerable<string> prefixes)
    {
        foreach (var prefix in prefixes)
            yield return new FileTrigger(FileFactKind.IdentifierPrefix, prefix);
    }

    public static IEnumerable<string> NoPrefixes => Array.Empty<string>();
}
