using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Folint.Analyzer.Rules;
using YamlDotNet.RepresentationModel;

namespace Folint.CSource.Knowledge;

/// <summary>
/// Loads <c>rules/kernel/*.yaml</c> into <see cref="KernelKnowledge"/>: a file <c>x.yaml</c> whose top-level keys map
/// to lists of strings gives lists named <c>x.key</c>.
/// </summary>
/// <remarks>
/// A file written for another reader opts out with a top-level <c>schema:</c> key naming that reader
/// (<c>schema: c-macros</c>); this loader reads only files without one, or with <c>schema: lists</c>.
/// <c>c-macros.yaml</c> is the normalizer's (src/CSource/Normalization) and is skipped by name as well, so
/// the two readers never depend on each other's conventions. A rule that needs more than lists adds a typed
/// section here with its own reader and its own schema name.
/// </remarks>
public static class KernelKnowledgeLoader
{
    public const string SchemaKey = "schema";

    public const string ListsSchema = "lists";

    /// <summary>Files under rules/kernel/ that belong to other readers, whatever their content.</summary>
    public static readonly ImmutableArray<string> OtherReaders = ImmutableArray.Create("c-macros.yaml");

    /// <summary>Loads every list file of <c>&lt;rulesDirectory&gt;/kernel</c>; a missing kernel/ directory gives no lists.</summary>
    public static KernelKnowledge Load(string rulesDirectory)
    {
        var kernelDirectory = Path.Combine(rulesDirectory, "kernel");
        if (!Directory.Exists(kernelDirectory))
            return KernelKnowledge.Empty;

        var errors = new List<RulesFileError>();
        var lists = ImmutableDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
        var files = Directory.GetFiles(kernelDirectory, "*.yaml")
            .Where(f => !OtherReaders.Contains(Path.GetFileName(f), StringComparer.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (RulesText.Read(file, errors) is not { } text)
                continue;
            foreach (var (name, list) in Parse(file, text, errors))
                lists[name] = list;
        }
        if (errors.Count > 0)
            throw new RulesLoadException(errors.ToImmutableArray());
        return new KernelKnowledge(lists.ToImmutable());
    }

    /// <summary>The lists of one file, named <c>stem.key</c>; nothing for a file that opts out through <c>schema:</c>.</summary>
    internal static IEnumerable<(string Name, ImmutableArray<string> List)> Parse(string file, string text, List<RulesFileError> errors)
    {
        var reader = new YamlFieldReader(file, errors);
        var root = reader.Root(text, emptyIsError: false);
        if (root is null)
            return Array.Empty<(string, ImmutableArray<string>)>();

        var schemaNode = reader.Node(root, "", SchemaKey, required: false);
        if (schemaNode is not null && (schemaNode as YamlScalarNode)?.Value != ListsSchema)
            return Array.Empty<(string, ImmutableArray<string>)>();

        var stem = Path.GetFileNameWithoutExtension(file);
        var lists = new List<(string, ImmutableArray<string>)>();
        foreach (var entry in root.Children)
        {
            var key = (entry.Key as YamlScalarNode)?.Value;
            if (key == SchemaKey)
                continue;
            if (string.IsNullOrEmpty(key))
            {
                reader.Add(new WrongShapeError(file, YamlFieldReader.LineOf(entry.Key), "(key)", "a plain name"));
                continue;
            }
            if (entry.Value is YamlMappingNode)
            {
                reader.Add(new WrongShapeError(file, YamlFieldReader.LineOf(entry.Value), key,
                    "a list of strings (a typed section needs its own reader: give the file a 'schema:' key)"));
                continue;
            }
            if (reader.StringList(entry.Value, key) is { } list)
                lists.Add((stem + "." + key, list));
        }
        return lists;
    }
}
