using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using Folint.Analyzer.Contracts;
using YamlDotNet.RepresentationModel;

namespace Folint.CSource.Knowledge;

/// <summary>
/// Loads <c>rules/kernel/*.yaml</c> into typed records, validated once, before anything runs. A knowledge type (the C
/// rules' <c>KernelKnowledge</c>, the frontend's <see cref="FrontendKnowledge"/>) is a record whose constructor
/// parameters are sections, each read from <c>rules/kernel/&lt;name in kebab case&gt;.yaml</c>
/// (<c>PageFlagsFallback</c> from <c>page-flags-fallback.yaml</c>); a section is a record whose constructor parameters
/// are the file's keys in snake case (<c>AllocationRoots</c> is <c>allocation_roots:</c>).
/// </summary>
/// <remarks>
/// Values bind by type: <see cref="string"/>, <see cref="int"/>, <see cref="long"/>, <see cref="bool"/>, enums (the
/// member in kebab case: <c>test-and-set</c>), <see cref="ImmutableArray{T}"/> (a list), <see cref="ImmutableHashSet{T}"/>
/// of strings (a list without repeats), <see cref="ImmutableDictionary{TKey,TValue}"/> with string keys (a mapping), and
/// records (a mapping of their own keys). A parameter with a default value may be left out; every other key is
/// required, and a key no parameter names is an error with the closest known key as suggestion, so a mistyped key
/// fails the load instead of reading as an empty list. A section that implements <see cref="IValidatedKnowledge"/> is
/// asked for its own problems after binding. Every problem of every file is reported in one
/// <see cref="RulesLoadException"/>, each with its file, line and a fix. Written over YamlDotNet's representation model
/// rather than its deserializer, which stops at the first error, cannot construct records and knows no line of a
/// missing key.
/// </remarks>
public static class KnowledgeLoader
{
    /// <summary>The directory of the knowledge files, below the rules directory.</summary>
    public const string KernelDirectory = "kernel";

    public const string Extension = ".yaml";

    /// <summary>Loads every section of <typeparamref name="T"/> from <c>&lt;rulesDirectory&gt;/kernel</c>.</summary>
    public static T Load<T>(string rulesDirectory)
        where T : class
    {
        var errors = new List<RulesFileError>();
        var loaded = Load(typeof(T), rulesDirectory, errors);
        if (errors.Count > 0)
            throw new RulesLoadException(errors.ToImmutableArray());
        return (T)loaded!;
    }

    /// <summary>Loads <paramref name="knowledge"/>'s sections, adding every problem to <paramref name="errors"/>; null when there were any.</summary>
    public static object? Load(Type knowledge, string rulesDirectory, List<RulesFileError> errors)
    {
        var directory = Path.Combine(rulesDirectory, KernelDirectory);
        var constructor = ConstructorOf(knowledge);
        var parameters = constructor.GetParameters();
        var sections = new object?[parameters.Length];
        var before = errors.Count;
        for (var i = 0; i < parameters.Length; i++)
        {
            var file = Path.Combine(directory, FileName(parameters[i]));
            string text;
            try
            {
                text = RulesText.Read(file);
            }
            catch (Engine.FileRefusedException e) when (e.Refusal == Engine.FileRefusal.Missing)
            {
                errors.Add(new MissingKnowledgeFileError(file, SimilarFile(directory, FileName(parameters[i]))));
                continue;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add(new UnreadableRulesFileError(file, e.Message));
                continue;
            }
            sections[i] = Parse(parameters[i].ParameterType, file, text, errors);
        }
        return errors.Count > before ? null : constructor.Invoke(sections);
    }

    /// <summary>One section from YAML text; <paramref name="file"/> names it in errors. Throws every problem in one exception.</summary>
    public static T Parse<T>(string file, string text)
        where T : class
    {
        var errors = new List<RulesFileError>();
        var section = Parse(typeof(T), file, text, errors);
        if (errors.Count > 0)
            throw new RulesLoadException(errors.ToImmutableArray());
        return (T)section!;
    }

    /// <summary>The file names under rules/kernel that <paramref name="knowledge"/> reads.</summary>
    public static IEnumerable<string> FilesOf(Type knowledge) => ConstructorOf(knowledge).GetParameters().Select(FileName);

    /// <summary>
    /// The YAML files of rules/kernel that none of <paramref name="knowledge"/> reads, as errors: a file named one letter
    /// off would otherwise lie there unread while its section fails as missing, or, worse, be taken for read.
    /// </summary>
    public static IEnumerable<RulesFileError> Unread(string rulesDirectory, params Type[] knowledge)
    {
        var directory = Path.Combine(rulesDirectory, KernelDirectory);
        if (!Directory.Exists(directory))
            yield break;
        var read = knowledge.SelectMany(FilesOf).ToImmutableArray();
        foreach (var file in Directory.GetFiles(directory, "*" + Extension).OrderBy(f => f, StringComparer.Ordinal))
        {
            if (!read.Contains(Path.GetFileName(file), StringComparer.Ordinal))
                yield return new UnreadKnowledgeFileError(file, read);
        }
    }

    internal static object? Parse(Type section, string file, string text, List<RulesFileError> errors)
    {
        var reader = new YamlFieldReader(file, errors);
        var root = reader.Root(text, emptyIsError: true);
        return root is null ? null : new Binder(reader).Record(section, root, "");
    }

    private static string FileName(ParameterInfo section) => Words(section.Name!, '-') + Extension;

    private static string? SimilarFile(string directory, string wanted)
    {
        if (!Directory.Exists(directory))
            return null;
        return Directory.GetFiles(directory, "*" + Extension)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Select(name => (name, distance: EditDistance.Between(name, wanted)))
            .Where(c => c.distance <= Math.Max(2, wanted.Length / 4))
            .OrderBy(c => c.distance)
            .Select(c => c.name)
            .FirstOrDefault();
    }

    private static ConstructorInfo ConstructorOf(Type type) =>
        type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
        ?? throw new InvalidOperationException($"{type.Name} has no public constructor to bind rules/kernel to");

    /// <summary><c>PageFlagsFallback</c> as <c>page-flags-fallback</c> (<paramref name="separator"/> '-') or <c>page_flags_fallback</c>.</summary>
    internal static string Words(string pascal, char separator)
    {
        var text = new StringBuilder(pascal.Length + 8);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            var wordStart = char.IsUpper(c) && i > 0
                && (char.IsLower(pascal[i - 1]) || char.IsDigit(pascal[i - 1]) || (i + 1 < pascal.Length && char.IsLower(pascal[i + 1])));
            if (wordStart)
                text.Append(separator);
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    }

    /// <summary>Binds YAML nodes to one section's types, keeping the line of every path it binds for the section's own checks.</summary>
    private sealed class Binder
    {
        private readonly YamlFieldReader _reader;
        private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

        public Binder(YamlFieldReader reader) => _reader = reader;

        public object? Record(Type type, YamlMappingNode map, string path)
        {
            _lines[path] = YamlFieldReader.LineOf(map);
            var parameters = ConstructorOf(type).GetParameters();
            var keys = parameters.Select(p => Words(p.Name!, '_')).ToImmutableArray();
            var values = new object?[parameters.Length];
            var ok = true;
            foreach (var entry in map.Children)
            {
                var key = (entry.Key as YamlScalarNode)?.Value ?? "";
                if (!keys.Contains(key, StringComparer.Ordinal))
                {
                    _reader.Add(new UnknownFieldError(_reader.File, YamlFieldReader.LineOf(entry.Key), YamlFieldReader.Join(path, key), keys));
                    ok = false;
                }
            }
            for (var i = 0; i < parameters.Length; i++)
            {
                var parameter = parameters[i];
                var field = YamlFieldReader.Join(path, keys[i]);
                var node = _reader.Node(map, path, keys[i], required: !parameter.HasDefaultValue);
                if (node is null)
                {
                    ok &= parameter.HasDefaultValue;
                    values[i] = parameter.HasDefaultValue ? Absent(parameter) : null;
                    continue;
                }
                values[i] = Value(parameter.ParameterType, node, field, out var bound);
                ok &= bound;
            }
            if (!ok)
                return null;
            var record = ConstructorOf(type).Invoke(values);
            if (record is IValidatedKnowledge validated)
            {
                var before = _reader.ErrorCount;
                foreach (var problem in validated.Problems())
                {
                    var field = YamlFieldReader.Join(path, problem.Field);
                    _reader.Add(new InvalidKnowledgeError(_reader.File, LineOf(field), field, problem.Problem, problem.Suggestion));
                }
                if (_reader.ErrorCount > before)
                    return null;
            }
            return record;
        }

        /// <summary>The value a parameter left out of the file takes: its default, an empty collection for a collection.</summary>
        private static object? Absent(ParameterInfo parameter)
        {
            var type = parameter.ParameterType;
            if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(ImmutableArray<>)
                || type.GetGenericTypeDefinition() == typeof(ImmutableHashSet<>) || type.GetGenericTypeDefinition() == typeof(ImmutableDictionary<,>)))
                return Empty(type);
            if (parameter.DefaultValue is null or DBNull && type.IsValueType && Nullable.GetUnderlyingType(type) is null)
                return Activator.CreateInstance(type);
            return parameter.DefaultValue is DBNull ? null : parameter.DefaultValue;
        }

        /// <summary>The line of a field, or of the closest enclosing field the binder saw.</summary>
        private int LineOf(string field)
        {
            for (var path = field; ; )
            {
                if (_lines.TryGetValue(path, out var line))
                    return line;
                var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
                if (cut <= 0)
                    return _lines.TryGetValue("", out var root) ? root : 0;
                path = path.Substring(0, cut);
            }
        }

        private object? Value(Type type, YamlNode node, string field, out bool bound)
        {
            _lines[field] = YamlFieldReader.LineOf(node);
            bound = false;
            if (Nullable.GetUnderlyingType(type) is { } underlying)
                type = underlying;
            if (type == typeof(string))
            {
                var text = Scalar(node, field, "a non-empty string");
                bound = text is not null;
                return text;
            }
            if (type == typeof(int) || type == typeof(long) || type == typeof(bool))
                return Primitive(type, node, field, out bound);
            if (type.IsEnum)
                return Enum(type, node, field, out bound);
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableArray<>))
                return List(type, node, field, out bound);
            if (type == typeof(ImmutableHashSet<string>))
                return Set(node, field, out bound);
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableDictionary<,>) && type.GetGenericArguments()[0] == typeof(string))
                return Map(type, node, field, out bound);
            if (!type.IsAbstract && type.GetConstructors().Any(c => c.GetParameters().Length > 0))
            {
                if (_reader.Mapping(node, field) is not { } map)
                    return null;
                var record = Record(type, map, field);
                bound = record is not null;
                return record;
            }
            throw new InvalidOperationException($"rules/kernel cannot bind {field} to {type.Name}: give the section a type the loader knows (see KnowledgeLoader)");
        }

        private string? Scalar(YamlNode node, string field, string expected)
        {
            if (node is YamlScalarNode { Value: { } value } && !string.IsNullOrWhiteSpace(value))
                return value.TrimEnd();
            _reader.Add(new WrongShapeError(_reader.File, YamlFieldReader.LineOf(node), field, expected));
            return null;
        }

        private object? Primitive(Type type, YamlNode node, string field, out bool bound)
        {
            bound = false;
            var expected = type == typeof(bool) ? "true or false" : "an integer";
            if (Scalar(node, field, expected) is not { } text)
                return null;
            object? value = null;
            if (type == typeof(bool) && text is "true" or "false")
                value = text == "true";
            else if (type == typeof(int) && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var small))
                value = small;
            else if (type == typeof(long) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var large))
                value = large;
            if (value is null)
                _reader.Add(new WrongShapeError(_reader.File, YamlFieldReader.LineOf(node), field, expected));
            bound = value is not null;
            return value;
        }

        private object? Enum(Type type, YamlNode node, string field, out bool bound)
        {
            bound = false;
            var names = System.Enum.GetNames(type);
            var spelled = names.Select(n => Words(n, '-')).ToImmutableArray();
            if (Scalar(node, field, "one of " + string.Join(", ", spelled)) is not { } text)
                return null;
            var index = spelled.IndexOf(text);
            if (index < 0)
            {
                _reader.Add(new UnknownValueError(_reader.File, YamlFieldReader.LineOf(node), field, text, spelled));
                return null;
            }
            bound = true;
            return System.Enum.Parse(type, names[index]);
        }

        private object? List(Type type, YamlNode node, string field, out bool bound)
        {
            bound = false;
            var element = type.GetGenericArguments()[0];
            if (Items(node, field) is not { } sequence)
                return null;
            var items = Array.CreateInstance(element, sequence.Children.Count);
            var ok = true;
            for (var i = 0; i < sequence.Children.Count; i++)
            {
                var value = Value(element, sequence.Children[i], $"{field}[{i}]", out var itemBound);
                ok &= itemBound;
                if (itemBound)
                    items.SetValue(value, i);
            }
            if (!ok)
                return null;
            bound = true;
            return typeof(ImmutableArray).GetMethods()
                .Single(m => m.Name == nameof(ImmutableArray.Create) && m.GetParameters() is [{ ParameterType.IsArray: true }])
                .MakeGenericMethod(element)
                .Invoke(null, new object[] { items });
        }

        private ImmutableHashSet<string>? Set(YamlNode node, string field, out bool bound)
        {
            bound = false;
            if (Items(node, field) is not { } sequence)
                return null;
            var items = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
            var lines = new Dictionary<string, int>(StringComparer.Ordinal);
            var ok = true;
            for (var i = 0; i < sequence.Children.Count; i++)
            {
                var itemField = $"{field}[{i}]";
                _lines[itemField] = YamlFieldReader.LineOf(sequence.Children[i]);
                if (Scalar(sequence.Children[i], itemField, "a non-empty string") is not { } item)
                {
                    ok = false;
                    continue;
                }
                if (lines.TryGetValue(item, out var first))
                {
                    _reader.Add(new RepeatedEntryError(_reader.File, YamlFieldReader.LineOf(sequence.Children[i]), itemField, item, first));
                    ok = false;
                    continue;
                }
                lines[item] = YamlFieldReader.LineOf(sequence.Children[i]);
                items.Add(item);
            }
            bound = ok;
            return ok ? items.ToImmutable() : null;
        }

        private object? Map(Type type, YamlNode node, string field, out bool bound)
        {
            bound = false;
            var valueType = type.GetGenericArguments()[1];
            if (node is YamlScalarNode { Value: null or "" })
            {
                bound = true;
                return Empty(type);
            }
            if (_reader.Mapping(node, field) is not { } map)
                return null;
            var entries = new List<KeyValuePair<string, object?>>();
            var ok = true;
            foreach (var entry in map.Children)
            {
                if (entry.Key is not YamlScalarNode { Value: { Length: > 0 } key })
                {
                    _reader.Add(new WrongShapeError(_reader.File, YamlFieldReader.LineOf(entry.Key), field, "a mapping with plain names as keys"));
                    ok = false;
                    continue;
                }
                var value = Value(valueType, entry.Value, YamlFieldReader.Join(field, key), out var entryBound);
                ok &= entryBound;
                entries.Add(new KeyValuePair<string, object?>(key, value));
            }
            if (!ok)
                return null;
            bound = true;
            return typeof(Binder).GetMethod(nameof(ToMap), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(valueType)
                .Invoke(null, new object[] { entries });
        }

        /// <summary>The items of a list; <c>key:</c> with nothing after it is an empty list.</summary>
        private YamlSequenceNode? Items(YamlNode node, string field) =>
            node is YamlScalarNode { Value: null or "" } ? new YamlSequenceNode() : _reader.Sequence(node, field, nonEmpty: false);

        private static object Empty(Type type)
        {
            var definition = type.GetGenericTypeDefinition();
            if (definition == typeof(ImmutableArray<>))
                return type.GetField(nameof(ImmutableArray<int>.Empty))!.GetValue(null)!;
            if (definition == typeof(ImmutableHashSet<>))
                return ImmutableHashSet.Create<string>(StringComparer.Ordinal);
            return typeof(Binder).GetMethod(nameof(ToMap), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(type.GetGenericArguments()[1])
                .Invoke(null, new object[] { new List<KeyValuePair<string, object?>>() })!;
        }

        private static ImmutableDictionary<string, TValue> ToMap<TValue>(List<KeyValuePair<string, object?>> entries) =>
            entries.ToImmutableDictionary(e => e.Key, e => (TValue)e.Value!, StringComparer.Ordinal);
    }
}
