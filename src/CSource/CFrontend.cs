using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Threading;
using Folint.Analyzer.Model;
using Folint.CSource.Engine;
using Folint.CSource.Interop;
using Folint.CSource.Knowledge;
using Folint.CSource.Lowering;
using Folint.CSource.Normalization;

namespace Folint.CSource;

/// <summary>
/// What the parser sees of a file: the normalized bytes (same length as the file), the loops made from iterator
/// macros, and the <c>#if</c> conditions by directive offset (read from <see cref="Text"/> when not given).
/// </summary>
public sealed record PreparedSource(byte[] Text, IReadOnlyDictionary<int, string> IteratorLoops, IReadOnlyDictionary<int, PpExpr>? Conditions = null)
{
    public static PreparedSource Unchanged(byte[] text) => new(text, new Dictionary<int, string>());
}

/// <summary>
/// A file that folint cannot check because of what it holds, not because of a bug in folint: it is reported as
/// skipped with <see cref="Reason"/> (exit 2), never as an internal error (exit 3), and the run goes on.
/// </summary>
internal abstract class UncheckableSourceException(string path, string reason) : Exception($"{path}: {reason}")
{
    public string Path { get; } = path;

    /// <summary>Why, in words for the user (what follows "skipped: ").</summary>
    public string Reason { get; } = reason;
}

/// <summary>The parse of a file did not finish within the time allowed: the file is skipped, the run goes on.</summary>
internal sealed class ParseTimeoutException(string path, TimeSpan timeout)
    : UncheckableSourceException(path, FormattableString.Invariant($"parsing took longer than {timeout.TotalSeconds:0.#} s"));

/// <summary>
/// Statements or expressions, struct members or preprocessor conditionals nest deeper than folint follows (a generated or
/// hostile file, not kernel C).
/// </summary>
internal sealed class NestingTooDeepException(string path, int line, int limit, string what = NestingTooDeepException.Statements)
    : UncheckableSourceException(path, $"nesting deeper than {limit} levels ({what}) at line {line}")
{
    public const string Statements = "statements or expressions";

    public int Line { get; } = line;
}

/// <summary>
/// The tree-sitter C frontend: normalize, parse, lower to the model, free the tree.
/// Thread-safe: each thread parses with its own native parser.
/// </summary>
public sealed class CFrontend : ISourceFrontend, IDisposable
{
    public static readonly TimeSpan DefaultParseTimeout = TimeSpan.FromSeconds(20);

    private readonly Func<byte[], PreparedSource> _prepare;
    private readonly TimeSpan _timeout;
    private readonly ThreadLocal<CParser> _parsers = new(() => new CParser(), trackAllValues: true);

    public CFrontend(Func<byte[], PreparedSource>? prepare = null, TimeSpan? parseTimeout = null, ImmutableArray<string> generatorHeaders = default)
    {
        _prepare = prepare ?? PreparedSource.Unchanged;
        _timeout = parseTimeout ?? DefaultParseTimeout;
        GeneratorHeaders = generatorHeaders.IsDefault ? ImmutableArray<string>.Empty : generatorHeaders;
    }

    public ImmutableArray<string> GeneratorHeaders { get; }

    /// <summary>The frontend folint runs on kernel trees, with the knowledge of <paramref name="rulesDirectory"/> (throws <see cref="RulesLoadException"/>).</summary>
    public static CFrontend ForKernel(string rulesDirectory, CompilationMacros? macros = null) => ForKernel(FrontendKnowledge.Load(rulesDirectory), macros);

    /// <summary>
    /// The frontend folint runs on kernel trees: kernel macros normalized with the hints of c-macros.yaml; with
    /// <paramref name="macros"/> (a Kbuild compilation's configuration and -D/-U), the <c>#ifdef</c> branches they
    /// decide are the ones the compiler keeps.
    /// </summary>
    public static CFrontend ForKernel(FrontendKnowledge knowledge, CompilationMacros? macros = null)
    {
        var normalizer = new Normalizer(new MacroHints(Path.Combine("rules", KnowledgeLoader.KernelDirectory, "c-macros.yaml"), knowledge.CMacros), macros);
        return new CFrontend(
            bytes =>
            {
                var normalized = normalizer.Normalize(bytes);
                return new PreparedSource(normalized.Text, normalized.LoopMacros(), normalized.Conditions);
            },
            generatorHeaders: knowledge.CMacros.GeneratorHeaders);
    }

    public SourceUnit Build(SourceFile file, CancellationToken cancellationToken)
    {
        PreparedSource prepared;
        try
        {
            prepared = _prepare(file.Content);
        }
        catch (ConditionalNestingException e)
        {
            throw new NestingTooDeepException(file.Path, e.Line, e.Limit, "preprocessor conditionals");
        }
        if (prepared.Text.Length != file.Content.Length)
            throw new InvalidOperationException($"{file.Path}: normalization changed the length of the file ({file.Content.Length} -> {prepared.Text.Length} bytes); positions would be wrong");
        using var tree = _parsers.Value!.Parse(prepared.Text, _timeout) ?? throw new ParseTimeoutException(file.Path, _timeout);
        return CLowering.Lower(file.Path, tree, file.Content, prepared.IteratorLoops, prepared.Conditions ?? DirectiveConditions.Read(prepared.Text), cancellationToken);
    }

    public void Dispose()
    {
        foreach (var parser in _parsers.Values)
            parser.Dispose();
        _parsers.Dispose();
    }
}
