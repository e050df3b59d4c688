using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Text;
using Folint.Analyzer.Contracts;
using Folint.CSource.Knowledge;

namespace Folint.CSource.Normalization;

/// <summary>What the normalizer does with a macro the hints name. Each value is a treatment in the YAML file.</summary>
public enum MacroTreatment
{
    /// <summary><c>blank</c>: an object-like annotation (<c>__init</c>, <c>__read_mostly</c>); the name is blanked.</summary>
    Blank,

    /// <summary><c>blank-with-arguments</c>: a macro with an argument list (<c>__must_hold(x)</c>); name and list blanked.</summary>
    BlankWithArguments,

    /// <summary><c>inline</c>: an annotation that makes a function inline (<c>__always_inline</c>); becomes <c>inline</c>.</summary>
    Inline,

    /// <summary><c>iterator</c>: a loop macro used as a statement header; its name becomes <c>while</c>.</summary>
    Iterator,

    /// <summary><c>scoped-guard</c>: a lock held for the statement that follows; its name becomes <c>while</c>.</summary>
    ScopedGuard,

    /// <summary><c>function-header</c>: a macro that writes a function's declarator from (name, type, arg, ...) pairs.</summary>
    FunctionHeader,

    /// <summary><c>declaration</c>: a macro declaring one variable or member; becomes <c>NAME var</c>.</summary>
    Declaration,

    /// <summary><c>generator</c>: a file-scope macro generating definitions, often without ';'; becomes <c>NAME a, b;</c>.</summary>
    Generator,

    /// <summary><c>member-group</c>: a struct member list wrapped in a macro (<c>struct_group(name, ...)</c>); becomes <c>struct { ... }</c>.</summary>
    MemberGroup,

    /// <summary><c>undefined</c>: a macro never defined when the kernel's C is compiled (<c>__ASSEMBLY__</c>); branches that need it are blanked.</summary>
    Undefined,

    /// <summary><c>defined</c>: a macro always defined when the kernel's C is compiled (<c>__KERNEL__</c>); branches that need it absent are blanked.</summary>
    Defined,
}

/// <summary>
/// rules/kernel/c-macros.yaml: the groups of macro hints, and the headers whose file-scope generator macros the program
/// index expands (page-flags.h: FOLIO_FLAG() and friends generate the flag accessors). Checked at load: each group
/// names macros or patterns, a macro belongs to one group, every rewrite fits in the name it replaces.
/// </summary>
public sealed record CMacrosSection(ImmutableArray<MacroHintGroup> Groups, ImmutableArray<string> GeneratorHeaders) : IValidatedKnowledge
{
    public IEnumerable<KnowledgeProblem> Problems()
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var g = 0; g < Groups.Length; g++)
        {
            var group = Groups[g];
            var at = $"groups[{g}]";
            var treatment = Spelled(group.Treatment);
            if (group.Why.Trim().Length == 0)
                yield return new(at + ".why", "the reason is empty", "say what the kernel macro is and why it is treated so");
            if (group.Names.IsEmpty && group.Patterns.IsEmpty)
                yield return new(at, "the group names no macro", "give it 'names' or 'patterns'");
            foreach (var problem in ArgumentProblems(group, at))
                yield return problem;
            for (var i = 0; i < group.Names.Length; i++)
            {
                var name = group.Names[i];
                var field = $"{at}.names[{i}]";
                if (!IsIdentifier(name))
                    yield return new(field, $"'{name}' is not a C identifier", "write the macro's name as the kernel spells it");
                else if (seen.TryGetValue(name, out var first))
                    yield return new(field, $"'{name}' is already listed at {first}", "delete one: a macro has one treatment");
                else
                    seen[name] = field;
                var needed = RoomNeeded(group);
                if (name.Length < needed)
                    yield return new(field, $"'{name}' is shorter than the {needed} bytes its {treatment} rewrite needs", "the rewrite happens in place: give the macro another treatment");
            }
            for (var i = 0; i < group.Patterns.Length; i++)
            {
                var pattern = group.Patterns[i];
                var field = $"{at}.patterns[{i}]";
                var rest = pattern.Replace("*", "");
                if (!pattern.Contains('*') || !IsIdentifier(rest) || rest.Length < 4)
                    yield return new(field, $"pattern '{pattern}' is not identifier characters with '*' wildcards and at least 4 other characters", "write it as e.g. '*for_each*'");
                if (group.Treatment is MacroTreatment.Inline or MacroTreatment.FunctionHeader or MacroTreatment.Declaration or MacroTreatment.MemberGroup
                    or MacroTreatment.Undefined or MacroTreatment.Defined)
                    yield return new(field, $"{treatment} groups take names only: their rewrite depends on each name's length", "list the macros under 'names'");
            }
        }
    }

    private static IEnumerable<KnowledgeProblem> ArgumentProblems(MacroHintGroup group, string at)
    {
        if (group.Treatment == MacroTreatment.FunctionHeader && group.ReturnType is null)
            yield return new(at, "a function-header group needs 'return_type'", "add 'return_type:' with the C return type the header stands for");
        if (group.Treatment != MacroTreatment.FunctionHeader && group.ReturnType is not null)
            yield return new(at + ".return_type", "'return_type' belongs only to function-header groups", "delete it");
        foreach (var (value, key, owner, meaning) in new[]
        {
            (group.Declares, "declares", MacroTreatment.Declaration, "the argument holding the declared name"),
            (group.Members, "members", MacroTreatment.MemberGroup, "the first argument holding members"),
        })
        {
            if (group.Treatment == owner && value is null)
                yield return new(at, $"a {Spelled(owner)} group needs '{key}'", $"add '{key}:' with the 0-based index of {meaning}");
            else if (group.Treatment != owner && value is not null)
                yield return new($"{at}.{key}", $"'{key}' belongs only to {Spelled(owner)} groups", "delete it");
            else if (value is < 0 or > 16)
                yield return new($"{at}.{key}", $"'{key}' must be the 0-based index of {meaning}, not {value}", "use an index from 0 to 16");
        }
    }

    // The rewrites that replace a name by a keyword need room for it in the name's own bytes.
    private static int RoomNeeded(MacroHintGroup group) => group.Treatment switch
    {
        MacroTreatment.Inline => "inline".Length,
        MacroTreatment.Iterator or MacroTreatment.ScopedGuard => "while".Length,
        MacroTreatment.FunctionHeader => (group.ReturnType ?? "").Length + 1,
        MacroTreatment.MemberGroup => "struct {".Length - 1,
        _ => 0,
    };

    private static string Spelled(MacroTreatment treatment) => KnowledgeLoader.Words(treatment.ToString(), '-');

    internal static bool IsIdentifier(string text)
    {
        if (text.Length == 0 || char.IsAsciiDigit(text[0]))
            return false;
        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
                return false;
        }
        return true;
    }
}

/// <summary>One group of c-macros.yaml: a treatment, the reason, and the names and patterns it covers.</summary>
public sealed record MacroHintGroup(
    MacroTreatment Treatment,
    string Why,
    ImmutableArray<string> Names = default,
    ImmutableArray<string> Patterns = default,
    string? ReturnType = null,
    int? Declares = null,
    int? Members = null)
{
    /// <summary>declaration groups: the 0-based argument holding the declared name.</summary>
    public int DeclaredArgument => Declares ?? 0;

    /// <summary>member-group groups: the 0-based argument where the members start.</summary>
    public int MembersArgument => Members ?? 0;
}

/// <summary>
/// The macro hints (rules/kernel/c-macros.yaml): which kernel macros tree-sitter cannot read as written and what
/// the normalizer turns each into. Immutable and thread-safe once loaded.
/// </summary>
public sealed class MacroHints
{
    private readonly Dictionary<string, MacroHintGroup> _byName;
    private readonly Dictionary<string, MacroHintGroup>.AlternateLookup<ReadOnlySpan<char>> _byNameSpan;
    private readonly CompiledPattern[] _patterns;
    private readonly int _maxNameLength;
    private readonly int _minPatternLength = int.MaxValue;

    // Which (length, first byte) pairs some exact name has: rejects almost every identifier of a file before any
    // hashing. Bit b of _firstBytes[length * 2 + b / 64] for names of that length starting with byte b (ASCII).
    private readonly ulong[] _firstBytes;

    public MacroHints(string source, CMacrosSection section)
    {
        Source = source;
        Groups = section.Groups;
        _byName = new Dictionary<string, MacroHintGroup>(StringComparer.Ordinal);
        var patterns = new List<CompiledPattern>();
        foreach (var group in Groups)
        {
            foreach (var name in group.Names)
            {
                _byName[name] = group;
                _maxNameLength = Math.Max(_maxNameLength, name.Length);
            }
            foreach (var pattern in group.Patterns)
            {
                patterns.Add(new CompiledPattern(pattern, group));
                _minPatternLength = Math.Min(_minPatternLength, pattern.Replace("*", "").Length);
            }
        }
        _firstBytes = new ulong[(_maxNameLength + 1) * 2];
        foreach (var name in _byName.Keys)
            _firstBytes[name.Length * 2 + name[0] / 64] |= 1UL << (name[0] % 64);
        _byNameSpan = _byName.GetAlternateLookup<ReadOnlySpan<char>>();
        _patterns = patterns.ToArray();
    }

    /// <summary>The file (or name) the hints were read from, for messages.</summary>
    public string Source { get; }

    public ImmutableArray<MacroHintGroup> Groups { get; }

    public static MacroHints Empty { get; } = new("(no hints)", new CMacrosSection(ImmutableArray<MacroHintGroup>.Empty, ImmutableArray<string>.Empty));

    /// <summary>The group covering an identifier: its exact name first, then the patterns in file order.</summary>
    public MacroHintGroup? Find(string name) => Find(Encoding.ASCII.GetBytes(name));

    internal MacroHintGroup? Find(ReadOnlySpan<byte> name)
    {
        if (name.Length <= _maxNameLength && name[0] < 128 && (_firstBytes[name.Length * 2 + name[0] / 64] & (1UL << (name[0] % 64))) != 0)
        {
            Span<char> chars = stackalloc char[name.Length];
            for (var i = 0; i < name.Length; i++)
                chars[i] = (char)name[i];
            if (_byNameSpan.TryGetValue(chars, out var group))
                return group;
        }
        if (name.Length < _minPatternLength)
            return null;
        foreach (var pattern in _patterns)
        {
            if (pattern.Matches(name))
                return pattern.Group;
        }
        return null;
    }

    /// <summary>Reads a hints file on its own (rules/kernel/c-macros.yaml, or another for a benchmark); throws every problem in a <see cref="RulesLoadException"/>.</summary>
    public static MacroHints Load(string path)
    {
        string text;
        try
        {
            text = Knowledge.RulesText.Read(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RulesLoadException(ImmutableArray.Create<RulesFileError>(new UnreadableRulesFileError(path, e.Message)));
        }
        return Parse(text, path);
    }

    /// <summary>Reads hints from YAML text; <paramref name="file"/> names it in errors.</summary>
    public static MacroHints Parse(string yaml, string file) => new(file, KnowledgeLoader.Parse<CMacrosSection>(file, yaml));

    /// <summary>A glob with '*' wildcards, matched on identifier bytes.</summary>
    private sealed class CompiledPattern
    {
        private readonly byte[][] _parts;
        private readonly bool _anchoredStart;
        private readonly bool _anchoredEnd;

        public CompiledPattern(string pattern, MacroHintGroup group)
        {
            Group = group;
            _anchoredStart = !pattern.StartsWith('*');
            _anchoredEnd = !pattern.EndsWith('*');
            var parts = new List<byte[]>();
            foreach (var part in pattern.Split('*', StringSplitOptions.RemoveEmptyEntries))
                parts.Add(Encoding.ASCII.GetBytes(part));
            _parts = parts.ToArray();
        }

        public MacroHintGroup Group { get; }

        public bool Matches(ReadOnlySpan<byte> name)
        {
            var rest = name;
            for (var i = 0; i < _parts.Length; i++)
            {
                var part = _parts[i];
                if (i == 0 && _anchoredStart)
                {
                    if (!rest.StartsWith(part))
                        return false;
                    rest = rest[part.Length..];
                }
                else if (i == _parts.Length - 1 && _anchoredEnd)
                {
                    return rest.EndsWith(part);
                }
                else
                {
                    var at = rest.IndexOf(part);
                    if (at < 0)
                        return false;
                    rest = rest[(at + part.Length)..];
                }
            }
            return !_anchoredEnd || rest.Length == 0;
        }
    }
}
