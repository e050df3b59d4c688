using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

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

/// <summary>One group of the hints file: a treatment, the reason, and the names and patterns it covers.</summary>
public sealed record MacroHintGroup(
    MacroTreatment Treatment,
    string Why,
    ImmutableArray<string> Names,
    ImmutableArray<string> Patterns,
    string? ReturnType,
    int ArgumentIndex,
    int Line)
{
    /// <summary>declaration groups: the 0-based argument holding the declared name.</summary>
    public int DeclaredArgument => Treatment == MacroTreatment.Declaration ? ArgumentIndex : 0;

    /// <summary>member-group groups: the 0-based argument where the members start.</summary>
    public int MembersArgument => Treatment == MacroTreatment.MemberGroup ? ArgumentIndex : 0;
}

/// <summary>A hints file that cannot be used: which file, where, and what is wrong with it.</summary>
public sealed class MacroHintsException(string file, int line, int column, string problem)
    : Exception($"{file}:{line}:{column}: {problem}")
{
    public string File { get; } = file;

    /// <summary>1-based line of the problem (0 when the file could not be read at all).</summary>
    public int Line { get; } = line;

    public int Column { get; } = column;

    public string Problem { get; } = problem;
}

/// <summary>
/// The macro hints (rules/kernel/c-macros.yaml): which kernel macros tree-sitter cannot read as written and what
/// the normalizer turns each into. Immutable and thread-safe once loaded.
/// </summary>
public sealed class MacroHints
{
    private static readonly Dictionary<string, MacroTreatment> TreatmentNames = new(StringComparer.Ordinal)
    {
        ["blank"] = MacroTreatment.Blank,
        ["blank-with-arguments"] = MacroTreatment.BlankWithArguments,
        ["inline"] = MacroTreatment.Inline,
        ["iterator"] = MacroTreatment.Iterator,
        ["scoped-guard"] = MacroTreatment.ScopedGuard,
        ["function-header"] = MacroTreatment.FunctionHeader,
        ["declaration"] = MacroTreatment.Declaration,
        ["generator"] = MacroTreatment.Generator,
        ["member-group"] = MacroTreatment.MemberGroup,
        ["undefined"] = MacroTreatment.Undefined,
        ["defined"] = MacroTreatment.Defined,
    };

    /// <summary>
    /// The top-level <c>schema:</c> value that marks a rules/kernel file as macro hints; other readers of
    /// rules/kernel (KernelKnowledgeLoader) skip files that name a schema they do not own.
    /// </summary>
    public const string Schema = "c-macros";

    private const string SchemaKey = "schema";

    private readonly Dictionary<string, MacroHintGroup> _byName;
    private readonly Dictionary<string, MacroHintGroup>.AlternateLookup<ReadOnlySpan<char>> _byNameSpan;
    private readonly CompiledPattern[] _patterns;
    private readonly int _maxNameLength;
    private readonly int _minPatternLength = int.MaxValue;

    // Which (length, first byte) pairs some exact name has: rejects almost every identifier of a file before any
    // hashing. Bit b of _firstBytes[length * 2 + b / 64] for names of that length starting with byte b (ASCII).
    private readonly ulong[] _firstBytes;

    private MacroHints(string source, ImmutableArray<MacroHintGroup> groups)
    {
        Source = source;
        Groups = groups;
        _byName = new Dictionary<string, MacroHintGroup>(StringComparer.Ordinal);
        var patterns = new List<CompiledPattern>();
        foreach (var group in groups)
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

    public static MacroHints Empty { get; } = new("(no hints)", ImmutableArray<MacroHintGroup>.Empty);

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

    public static MacroHints Load(string path)
    {
        string text;
        try
        {
            text = Knowledge.RulesText.Read(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MacroHintsException(path, 0, 0, $"cannot read the macro hints: {e.Message}");
        }
        return Parse(text, path);
    }

    /// <summary>Reads hints from YAML text; <paramref name="file"/> names it in errors.</summary>
    public static MacroHints Parse(string yaml, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new MacroHintsException(file, (int)e.Start.Line, (int)e.Start.Column, $"not valid YAML: {e.InnerException?.Message ?? e.Message}");
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new MacroHintsException(file, 1, 1, "expected one YAML document, a mapping with a 'groups' list");
        var reader = new Reader(file);
        reader.OnlyKeys(root, SchemaKey, "groups");
        var schema = reader.Scalar(root, SchemaKey, required: false);
        if (schema is not null && schema != Schema)
            throw reader.Error(reader.Value(root, SchemaKey)!, $"this file is read as macro hints ('{SchemaKey}: {Schema}'), not as '{schema}'");
        if (reader.Value(root, "groups") is not YamlSequenceNode groupNodes)
            throw reader.Error(root, "'groups' must be a list of groups (treatment, why, names and/or patterns)");

        var groups = ImmutableArray.CreateBuilder<MacroHintGroup>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in groupNodes)
        {
            if (node is not YamlMappingNode group)
                throw reader.Error(node, "each group must be a mapping with treatment, why, names and/or patterns");
            reader.OnlyKeys(group, "treatment", "why", "names", "patterns", "return-type", "declares", "members");
            var treatmentText = reader.Scalar(group, "treatment", required: true)!;
            if (!TreatmentNames.TryGetValue(treatmentText, out var treatment))
                throw reader.Error(reader.Value(group, "treatment")!, $"unknown treatment '{treatmentText}'; expected one of: {string.Join(", ", TreatmentNames.Keys)}");
            var why = reader.Scalar(group, "why", required: true)!.Trim();
            if (why.Length == 0)
                throw reader.Error(group, "'why' must say what the kernel macro is and why it is treated so");
            var names = reader.Strings(group, "names");
            var patterns = reader.Strings(group, "patterns");
            if (names.Length == 0 && patterns.Length == 0)
                throw reader.Error(group, "a group needs 'names' or 'patterns'");
            var returnType = reader.Scalar(group, "return-type", required: treatment == MacroTreatment.FunctionHeader);
            if (returnType is not null && treatment != MacroTreatment.FunctionHeader)
                throw reader.Error(reader.Value(group, "return-type")!, "'return-type' belongs only to function-header groups");
            var declares = reader.ArgumentIndex(group, "declares", treatment, MacroTreatment.Declaration, "the argument holding the declared name");
            var members = reader.ArgumentIndex(group, "members", treatment, MacroTreatment.MemberGroup, "the first argument holding members");

            foreach (var (name, at) in reader.StringsWithNodes(group, "names"))
            {
                if (!IsIdentifier(name))
                    throw reader.Error(at, $"'{name}' is not a C identifier");
                if (seen.TryGetValue(name, out var firstLine))
                    throw reader.Error(at, $"'{name}' is already listed at line {firstLine}; a macro has one treatment");
                seen[name] = (int)at.Start.Line;
                CheckFits(reader, treatment, name, at, returnType);
            }
            foreach (var (pattern, at) in reader.StringsWithNodes(group, "patterns"))
            {
                if (!pattern.Contains('*') || !IsIdentifier(pattern.Replace("*", "")) || pattern.Replace("*", "").Length < 4)
                    throw reader.Error(at, $"pattern '{pattern}' must be identifier characters with '*' wildcards and at least 4 other characters");
                if (treatment is MacroTreatment.Inline or MacroTreatment.FunctionHeader or MacroTreatment.Declaration or MacroTreatment.MemberGroup
                    or MacroTreatment.Undefined or MacroTreatment.Defined)
                    throw reader.Error(at, $"{treatmentText} groups take names only: their rewrite depends on each name's length");
            }
            groups.Add(new MacroHintGroup(treatment, why, names, patterns, returnType, treatment == MacroTreatment.MemberGroup ? members : declares, (int)group.Start.Line));
        }
        return new MacroHints(file, groups.ToImmutable());
    }

    // The rewrites that replace a name by a keyword need room for it in the name's own bytes.
    private static void CheckFits(Reader reader, MacroTreatment treatment, string name, YamlNode at, string? returnType)
    {
        var needed = treatment switch
        {
            MacroTreatment.Inline => "inline".Length,
            MacroTreatment.Iterator or MacroTreatment.ScopedGuard => "while".Length,
            MacroTreatment.FunctionHeader => (returnType ?? "").Length + 1,
            MacroTreatment.MemberGroup => "struct {".Length - 1,
            _ => 0,
        };
        if (name.Length < needed)
            throw reader.Error(at, $"'{name}' is shorter than the {needed} bytes its rewrite needs");
    }

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

    /// <summary>Reads typed values out of the YAML tree, turning every surprise into an error with its position.</summary>
    private sealed class Reader(string file)
    {
        public MacroHintsException Error(YamlNode node, string problem) =>
            new(file, (int)node.Start.Line, (int)node.Start.Column, problem);

        public YamlNode? Value(YamlMappingNode map, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

        public void OnlyKeys(YamlMappingNode map, params string[] keys)
        {
            foreach (var key in map.Children.Keys)
            {
                if (key is not YamlScalarNode { Value: { } name } || Array.IndexOf(keys, name) < 0)
                    throw Error(key, $"unknown key '{(key as YamlScalarNode)?.Value ?? key.ToString()}'; expected one of: {string.Join(", ", keys)}");
            }
        }

        /// <summary>A 0-based argument index that only groups of one treatment have, and they must have.</summary>
        public int ArgumentIndex(YamlMappingNode map, string key, MacroTreatment treatment, MacroTreatment owner, string meaning)
        {
            var text = Scalar(map, key, required: treatment == owner);
            if (text is null)
                return 0;
            if (treatment != owner)
                throw Error(Value(map, key)!, $"'{key}' belongs only to {TreatmentName(owner)} groups");
            if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) || index > 16)
                throw Error(Value(map, key)!, $"'{key}' must be the 0-based index of {meaning}, not '{text}'");
            return index;
        }

        private static string TreatmentName(MacroTreatment treatment)
        {
            foreach (var (name, value) in TreatmentNames)
            {
                if (value == treatment)
                    return name;
            }
            return treatment.ToString();
        }

        public string? Scalar(YamlMappingNode map, string key, bool required)
        {
            var value = Value(map, key);
            if (value is null)
                return required ? throw Error(map, $"missing '{key}'") : null;
            if (value is not YamlScalarNode { Value: { } text })
                throw Error(value, $"'{key}' must be a single value");
            return text;
        }

        public ImmutableArray<string> Strings(YamlMappingNode map, string key)
        {
            var builder = ImmutableArray.CreateBuilder<string>();
            foreach (var (text, _) in StringsWithNodes(map, key))
                builder.Add(text);
            return builder.ToImmutable();
        }

        public IEnumerable<(string Text, YamlNode Node)> StringsWithNodes(YamlMappingNode map, string key)
        {
            var value = Value(map, key);
            if (value is null)
                yield break;
            if (value is not YamlSequenceNode list)
                throw Error(value, $"'{key}' must be a list");
            foreach (var item in list)
            {
                if (item is not YamlScalarNode { Value: { } text } || text.Length == 0)
                    throw Error(item, $"every entry of '{key}' must be a plain name");
                yield return (text, item);
            }
        }
    }
}
