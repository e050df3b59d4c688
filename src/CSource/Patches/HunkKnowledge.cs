using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;

namespace Folint.CSource.Patches;

/// <summary>rules/kernel/patches.yaml: the declarations a hunk does not show (see the file).</summary>
/// <param name="HunkDeclarations">Names mm gives one type only (folio, page).</param>
/// <param name="GuessedDeclarations">Names mm usually gives a type (head, page_tail): a finding that rests on one says so, with confidence medium.</param>
public sealed record PatchesSection(ImmutableArray<string> HunkDeclarations, ImmutableArray<string> GuessedDeclarations);

/// <summary>
/// What check-patch without a tree knows beyond the hunks, from rules/kernel: the declarations a hunk does not
/// show (<see cref="PatchesSection.HunkDeclarations"/>) and, for headers whose hunks use definitions from elsewhere in the
/// file, a prelude to put before them (<c>rules/kernel/hunk-preludes/include/linux/page-flags.h</c>: the
/// generator macros, so the accessors a series generates are defined).
/// </summary>
public sealed record HunkKnowledge(ImmutableArray<string> Declarations, ImmutableDictionary<string, string> Preludes)
{
    /// <summary>Declarations whose type is only the usual one for the name (<see cref="PatchesSection.GuessedDeclarations"/>).</summary>
    public ImmutableArray<string> Guessed { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>Under the rules directory: files whose path below it is the tree path they precede.</summary>
    public const string PreludeDirectory = "kernel/hunk-preludes";

    public static HunkKnowledge Empty { get; } = new(ImmutableArray<string>.Empty, ImmutableDictionary<string, string>.Empty);

    /// <exception cref="Knowledge.RulesLoadException">A prelude file cannot be read (a FIFO, a device, a huge file).</exception>
    public static HunkKnowledge Load(string rulesDirectory, PatchesSection patches)
    {
        var preludes = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var directory = Path.Combine(rulesDirectory, PreludeDirectory);
        var errors = new List<Knowledge.RulesFileError>();
        if (Directory.Exists(directory))
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (Knowledge.RulesText.Read(file, errors) is { } text)
                    preludes[Path.GetRelativePath(directory, file).Replace(Path.DirectorySeparatorChar, '/')] = text;
            }
        }
        if (errors.Count > 0)
            throw new Knowledge.RulesLoadException(errors.ToImmutableArray());
        return new HunkKnowledge(patches.HunkDeclarations, preludes.ToImmutable()) { Guessed = patches.GuessedDeclarations };
    }
}
