using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Folint.CSource.Knowledge;

/// <summary>
/// Reads fields of one YAML file by hand (YamlDotNet's representation model) so every problem is reported
/// as a <see cref="RulesFileError"/> with its line and field, instead of the first deserializer exception.
/// </summary>
internal sealed class YamlFieldReader
{
    private readonly List<RulesFileError> _errors;

    public YamlFieldReader(string file, List<RulesFileError> errors)
    {
        File = file;
        _errors = errors;
    }

    public string File { get; }

    /// <summary>The top-level mapping of a one-document file; null (with an error) when it has none or is not YAML.</summary>
    public YamlMappingNode? Root(string text, bool emptyIsError)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            _errors.Add(new YamlSyntaxError(File, (int)e.Start.Line, FirstLine(e.InnerException?.Message ?? e.Message)));
            return null;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // YamlDotNet reports a duplicate mapping key (ArgumentException) and some unterminated flow
            // collections (InvalidOperationException from its scanner) this way, without a mark.
            _errors.Add(new YamlSyntaxError(File, 0, FirstLine(e.Message)));
            return null;
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            if (emptyIsError)
                _errors.Add(new WrongShapeError(File, 0, "(file)", "a mapping of fields"));
            return emptyIsError ? null : new YamlMappingNode();
        }
        if (stream.Documents.Count > 1)
        {
            _errors.Add(new YamlSyntaxError(File, (int)stream.Documents[1].RootNode.Start.Line, "more than one YAML document"));
            return null;
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            _errors.Add(new WrongShapeError(File, LineOf(stream.Documents[0].RootNode), "(file)", "a mapping of fields"));
            return null;
        }
        return root;
    }

    public void RejectUnknown(YamlMappingNode map, string path, ImmutableArray<string> known)
    {
        foreach (var entry in map.Children)
        {
            var key = (entry.Key as YamlScalarNode)?.Value ?? "";
            if (!known.Contains(key, StringComparer.Ordinal))
                _errors.Add(new UnknownFieldError(File, LineOf(entry.Key), Join(path, key), known));
        }
    }

    public YamlNode? Node(YamlMappingNode map, string path, string key, bool required)
    {
        if (map.Children.TryGetValue(new YamlScalarNode(key), out var node))
            return node;
        if (required)
            _errors.Add(new MissingFieldError(File, LineOf(map), Join(path, key)));
        return null;
    }

    public (string? Value, int Line) String(YamlMappingNode map, string path, string key, bool required = true)
    {
        var node = Node(map, path, key, required);
        if (node is null)
            return (null, LineOf(map));
        if (node is not YamlScalarNode scalar || string.IsNullOrWhiteSpace(scalar.Value))
        {
            _errors.Add(new WrongShapeError(File, LineOf(node), Join(path, key), "a non-empty string"));
            return (null, LineOf(node));
        }
        return (scalar.Value!.TrimEnd(), LineOf(node));
    }

    public ImmutableArray<string>? StringList(YamlNode node, string field)
    {
        // `key:` with nothing after it is an empty list.
        if (node is YamlScalarNode { Value: null or "" })
            return ImmutableArray<string>.Empty;
        if (node is not YamlSequenceNode sequence)
        {
            _errors.Add(new WrongShapeError(File, LineOf(node), field, "a list of strings"));
            return null;
        }
        var items = ImmutableArray.CreateBuilder<string>(sequence.Children.Count);
        var ok = true;
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (sequence.Children[i] is YamlScalarNode { Value: { Length: > 0 } value })
            {
                items.Add(value.Trim());
                continue;
            }
            _errors.Add(new WrongShapeError(File, LineOf(sequence.Children[i]), $"{field}[{i}]", "a non-empty string"));
            ok = false;
        }
        return ok ? items.MoveToImmutable() : null;
    }

    public YamlMappingNode? Mapping(YamlNode node, string field)
    {
        if (node is YamlMappingNode mapping)
            return mapping;
        _errors.Add(new WrongShapeError(File, LineOf(node), field, "a mapping of fields"));
        return null;
    }

    public YamlSequenceNode? Sequence(YamlNode node, string field, bool nonEmpty)
    {
        if (node is YamlSequenceNode sequence && (!nonEmpty || sequence.Children.Count > 0))
            return sequence;
        _errors.Add(new WrongShapeError(File, LineOf(node), field, nonEmpty ? "a list with at least one item" : "a list"));
        return null;
    }

    public void Add(RulesFileError error) => _errors.Add(error);

    public int ErrorCount => _errors.Count;

    public static int LineOf(YamlNode node) => (int)node.Start.Line;

    public static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n');
        return (newline < 0 ? message : message.Substring(0, newline)).Trim();
    }
}
