using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using Folint.Analyzer.Catalog;
using Folint.Analyzer.Findings;
using YamlDotNet.RepresentationModel;

namespace Folint.CSource.Knowledge;

/// <summary>
/// Loads <c>rules/FOL*.yaml</c> into a <see cref="RuleCatalog"/>. Every file is validated completely and all
/// problems of all files are thrown together in one <see cref="RulesLoadException"/>.
/// </summary>
public static class RuleCatalogLoader
{
    private static readonly ImmutableArray<string> TopLevelFields = ImmutableArray.Create(
        "id", "title", "severity", "category", "summary", "message", "messageArguments", "variants",
        "seeds", "rationale", "fix", "examples", "retired");

    private static readonly ImmutableArray<string> SeedFields = ImmutableArray.Create("file", "summary");

    private static readonly ImmutableArray<string> ExampleGroups = ImmutableArray.Create("bad", "good");

    private static readonly ImmutableArray<string> ExampleFields = ImmutableArray.Create("title", "code");

    public static RuleCatalog Load(string rulesDirectory)
    {
        var errors = new List<RulesFileError>();
        if (!Directory.Exists(rulesDirectory))
            throw new RulesLoadException(ImmutableArray.Create<RulesFileError>(new RulesDirectoryMissingError(rulesDirectory)));

        var files = Directory.GetFiles(rulesDirectory, "FOL*.yaml").OrderBy(f => f, StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
            throw new RulesLoadException(ImmutableArray.Create<RulesFileError>(new NoRulesFoundError(rulesDirectory)));

        var rules = ImmutableArray.CreateBuilder<RuleDescriptor>(files.Length);
        foreach (var file in files)
        {
            var text = RulesText.Read(file, errors);
            var rule = text is null ? null : Parse(file, text, errors);
            if (rule is not null)
                rules.Add(rule);
        }
        if (errors.Count > 0)
            throw new RulesLoadException(errors.ToImmutableArray());
        return new RuleCatalog(rules.ToImmutable());
    }

    /// <summary>Validates one rule file's text; returns null when it has errors (added to <paramref name="errors"/>).</summary>
    internal static RuleDescriptor? Parse(string file, string text, List<RulesFileError> errors)
    {
        var before = errors.Count;
        var reader = new YamlFieldReader(file, errors);
        var root = reader.Root(text, emptyIsError: true);
        if (root is null)
            return null;
        reader.RejectUnknown(root, "", TopLevelFields);

        var (id, idLine) = reader.String(root, "", "id");
        var stem = Path.GetFileNameWithoutExtension(file);
        if (id is not null && !string.Equals(id, stem, StringComparison.Ordinal))
            reader.Add(new IdMismatchError(file, idLine, id, stem));

        var (title, _) = reader.String(root, "", "title");
        var (category, _) = reader.String(root, "", "category");
        var (summary, _) = reader.String(root, "", "summary");
        var (rationale, _) = reader.String(root, "", "rationale");
        var (fix, _) = reader.String(root, "", "fix");
        var severity = ReadSeverity(reader, root);
        var (message, messageLine) = reader.String(root, "", "message");

        var argumentsNode = reader.Node(root, "", "messageArguments", required: true);
        var arguments = argumentsNode is null ? null : reader.StringList(argumentsNode, "messageArguments");
        if (message is not null && arguments is not null)
            CheckHoles(reader, messageLine, "message", message, arguments.Value.Length, exact: true);

        var variants = ReadVariants(reader, root, arguments?.Length);
        var seeds = ReadSeeds(reader, root);
        var (bad, good) = ReadExamples(reader, root);
        var retired = ReadRetired(reader, root);

        if (errors.Count > before)
            return null;
        return new RuleDescriptor(
            id!, title!, severity!.Value, category!, message!, arguments!.Value, summary!, rationale!, fix!,
            seeds, bad, good, variants, retired);
    }

    private static Severity? ReadSeverity(YamlFieldReader reader, YamlMappingNode root)
    {
        var (value, line) = reader.String(root, "", "severity");
        switch (value)
        {
            case null:
                return null;
            case "note":
                return Severity.Note;
            case "warning":
                return Severity.Warning;
            case "error":
                return Severity.Error;
            default:
                reader.Add(new UnknownSeverityError(reader.File, line, value));
                return null;
        }
    }

    private static ImmutableDictionary<string, string> ReadVariants(YamlFieldReader reader, YamlMappingNode root, int? argumentCount)
    {
        var node = reader.Node(root, "", "variants", required: false);
        if (node is null || reader.Mapping(node, "variants") is not { } map)
            return ImmutableDictionary<string, string>.Empty;
        var variants = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var entry in map.Children)
        {
            var name = (entry.Key as YamlScalarNode)?.Value ?? "";
            var (format, line) = reader.String(map, "variants", name);
            if (format is null)
                continue;
            // A variant receives the same argument array as the main message; it may use fewer of them.
            if (argumentCount is { } count)
                CheckHoles(reader, line, "variants." + name, format, count, exact: false);
            variants[name] = format;
        }
        return variants.ToImmutable();
    }

    private static ImmutableArray<SeedReference> ReadSeeds(YamlFieldReader reader, YamlMappingNode root)
    {
        var node = reader.Node(root, "", "seeds", required: true);
        if (node is null || reader.Sequence(node, "seeds", nonEmpty: true) is not { } sequence)
            return ImmutableArray<SeedReference>.Empty;
        var seeds = ImmutableArray.CreateBuilder<SeedReference>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var path = $"seeds[{i}]";
            if (reader.Mapping(sequence.Children[i], path) is not { } seed)
                continue;
            reader.RejectUnknown(seed, path, SeedFields);
            var (file, _) = reader.String(seed, path, "file");
            var (summary, _) = reader.String(seed, path, "summary");
            if (file is not null && summary is not null)
                seeds.Add(new SeedReference(file, summary));
        }
        return seeds.ToImmutable();
    }

    private static (ImmutableArray<RuleExample> Bad, ImmutableArray<RuleExample> Good) ReadExamples(YamlFieldReader reader, YamlMappingNode root)
    {
        var node = reader.Node(root, "", "examples", required: true);
        if (node is null || reader.Mapping(node, "examples") is not { } map)
            return (ImmutableArray<RuleExample>.Empty, ImmutableArray<RuleExample>.Empty);
        reader.RejectUnknown(map, "examples", ExampleGroups);
        return (ReadExampleGroup(reader, map, "bad"), ReadExampleGroup(reader, map, "good"));
    }

    private static ImmutableArray<RuleExample> ReadExampleGroup(YamlFieldReader reader, YamlMappingNode examples, string group)
    {
        var path = "examples." + group;
        var node = reader.Node(examples, "examples", group, required: true);
        if (node is null || reader.Sequence(node, path, nonEmpty: true) is not { } sequence)
            return ImmutableArray<RuleExample>.Empty;
        var items = ImmutableArray.CreateBuilder<RuleExample>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            if (reader.Mapping(sequence.Children[i], itemPath) is not { } item)
                continue;
            reader.RejectUnknown(item, itemPath, ExampleFields);
            var (title, _) = reader.String(item, itemPath, "title");
            var (code, _) = reader.String(item, itemPath, "code");
            if (title is not null && code is not null)
                items.Add(new RuleExample(title, code));
        }
        return items.ToImmutable();
    }

    private static bool ReadRetired(YamlFieldReader reader, YamlMappingNode root)
    {
        var node = reader.Node(root, "", "retired", required: false);
        if (node is null)
            return false;
        if (node is YamlScalarNode { Value: "true" or "false" } scalar)
            return scalar.Value == "true";
        reader.Add(new WrongShapeError(reader.File, YamlFieldReader.LineOf(node), "retired", "true or false"));
        return false;
    }

    /// <summary>
    /// Checks the positional holes of a message format. The main message must use exactly {0}..{n-1} for its n
    /// named arguments (a hole without a name, or a name without a hole, is a mistake in the rule file).
    /// </summary>
    private static void CheckHoles(YamlFieldReader reader, int line, string field, string format, int argumentCount, bool exact)
    {
        var holes = MessageHoles.Of(format, out var malformed);
        if (malformed is not null)
        {
            reader.Add(new MalformedMessageError(reader.File, line, field, malformed));
            return;
        }
        var fits = exact
            ? holes.SequenceEqual(Enumerable.Range(0, argumentCount))
            : holes.All(h => h < argumentCount);
        if (!fits)
            reader.Add(new MessageHoleMismatchError(reader.File, line, field, holes, argumentCount));
    }
}

/// <summary>The positional holes of a .NET composite format string, as Roslyn message formats use them.</summary>
internal static class MessageHoles
{
    /// <summary>Distinct hole indices in ascending order; <paramref name="malformed"/> says why the format is invalid, if it is.</summary>
    public static ImmutableArray<int> Of(string format, out string? malformed)
    {
        malformed = null;
        var holes = new SortedSet<int>();
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '}')
            {
                if (i + 1 < format.Length && format[i + 1] == '}')
                {
                    i++;
                    continue;
                }
                malformed = $"unmatched '}}' at character {i + 1}";
                return ImmutableArray<int>.Empty;
            }
            if (c != '{')
                continue;
            if (i + 1 < format.Length && format[i + 1] == '{')
            {
                i++;
                continue;
            }
            var close = format.IndexOf('}', i);
            if (close < 0)
            {
                malformed = $"unmatched '{{' at character {i + 1}";
                return ImmutableArray<int>.Empty;
            }
            var inside = format.Substring(i + 1, close - i - 1);
            var end = inside.IndexOfAny(new[] { ',', ':' });
            var indexText = (end < 0 ? inside : inside.Substring(0, end)).Trim();
            if (!int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                malformed = $"'{{{inside}}}' is not a positional hole";
                return ImmutableArray<int>.Empty;
            }
            holes.Add(index);
            i = close;
        }
        return holes.ToImmutableArray();
    }
}
