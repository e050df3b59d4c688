using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Folint.Analyzer.Model;
using Folint.CSource;
using Folint.CSource.Engine;
using Folint.CSource.Normalization;
using Folint.CSource.Patches;
using Folint.CSource.Preprocessor;

namespace Folint.Fuzz;

/// <summary>
/// The fuzz targets: each takes arbitrary bytes, runs one reader or pass of folint on them, and lets only the
/// failures that pass documents escape as a crash: an exception other than the typed errors it may throw for bad
/// input, or a broken invariant (<see cref="InvariantBrokenException"/>). The same code replays the regression
/// inputs kept under tests/CSource.Tests/FuzzRegressions in the normal test suite.
/// </summary>
public static class FuzzTargets
{
    /// <summary>Target names as <c>fuzz/run</c> and the regression folders spell them.</summary>
    public static readonly ImmutableArray<string> Names = ImmutableArray.Create("normalize", "macro-expander", "patch", "baseline", "lowering", "cache");

    private static readonly Lazy<CFrontend> Kernel = new(() => CFrontend.ForKernel(Path.Combine(AppContext.BaseDirectory, "rules")));

    public static void Run(string target, byte[] input)
    {
        switch (target)
        {
            case "normalize":
                Normalize(input);
                break;
            case "macro-expander":
                ExpandMacros(input);
                break;
            case "patch":
                ReadPatch(input);
                break;
            case "baseline":
                LoadBaseline(input);
                break;
            case "lowering":
                Lower(input);
                break;
            case "cache":
                ReadCache(input);
                break;
            default:
                throw new ArgumentException($"unknown fuzz target '{target}'; known: {string.Join(", ", Names)}", nameof(target));
        }
    }

    /// <summary>Normalization rewrites in place: same length, every newline where it was.</summary>
    public static void Normalize(byte[] input)
    {
        NormalizedSource normalized;
        try
        {
            normalized = Normalizer.Default.Normalize(input);
        }
        catch (ConditionalNestingException)
        {
            return; // conditionals nested past the limit: the file is refused, by design
        }
        if (normalized.Text.Length != input.Length)
            throw new InvariantBrokenException($"normalization changed the length ({input.Length} -> {normalized.Text.Length})");
        for (var i = 0; i < input.Length; i++)
        {
            if ((input[i] == (byte)'\n') != (normalized.Text[i] == (byte)'\n'))
                throw new InvariantBrokenException($"normalization moved a newline at offset {i}");
        }
        foreach (var rewrite in normalized.Rewrites)
            InsideFile(rewrite.Span, input.Length, "rewrite of " + rewrite.Macro);
        _ = normalized.LoopMacros();
    }

    /// <summary>
    /// Input: <c>#define</c> lines (one a line, as a header writes them), a blank line, then text to expand. The
    /// expander must end on any definitions (recursive, self-pasting, exponential), within its limits or with
    /// <see cref="MacroExpansionLimitException"/>.
    /// </summary>
    public static void ExpandMacros(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var definitions = split < 0 ? text : text[..split];
        var use = split < 0 ? "" : text[(split + 2)..];
        var macros = new List<MacroDef>();
        foreach (var line in definitions.Split('\n'))
        {
            if (Define(line) is { } macro)
                macros.Add(macro);
        }
        var expander = new MacroExpander(macros);
        try
        {
            _ = expander.Expand(use);
            foreach (var macro in macros.Where(m => m.IsFunctionLike).Take(4))
                _ = expander.ExpandUse(macro.Name, macro.Parameters.Select(p => p + "_arg").ToArray());
        }
        catch (MacroExpansionLimitException)
        {
        }
    }

    /// <summary>A patch, mbox or mail: read, then applied in memory to an empty tree. Bad input may only give typed errors.</summary>
    public static void ReadPatch(byte[] input)
    {
        PatchInputResult read;
        try
        {
            read = PatchInput.Read("fuzz.patch", input);
        }
        catch (FolintError)
        {
            return;
        }
        if (!read.HasPatch)
            return;
        try
        {
            _ = PatchApplication.Apply(new PatchSeries(read.Patches), _ => null);
        }
        catch (FolintError)
        {
        }
    }

    /// <summary>A --baseline file: anything wrong with it must be a <see cref="BaselineError"/> naming it.</summary>
    public static void LoadBaseline(byte[] input)
    {
        try
        {
            var baseline = Baseline.Parse(input, "fuzz.json");
            _ = baseline.Compare(ImmutableArray<Folint.Analyzer.Findings.Finding>.Empty);
        }
        catch (BaselineError)
        {
        }
    }

    /// <summary>
    /// A cache file's content between its header and its checksum, as the readers see it once the checksum holds: the
    /// first byte chooses the scan (even) or a cached result's JSON (odd). Only what <see cref="CacheStore.Read{T}"/>
    /// turns into a warning may escape, and never an OutOfMemoryException: a count must be checked against the bytes
    /// there are before anything is allocated for it. A scan that reads must also answer the index's questions.
    /// </summary>
    public static void ReadCache(byte[] input)
    {
        if (input.Length == 0)
            return;
        try
        {
            if ((input[0] & 1) == 0)
            {
                using var reader = new BinaryReader(new MemoryStream(input, 1, input.Length - 1, writable: false), Encoding.UTF8);
                var scan = Folint.CSource.Index.ScanCache.ReadScan(reader);
                _ = scan.ByPath();
                foreach (var keys in scan.Index.PerFileKeys())
                    _ = keys?.Length;
                foreach (var file in scan.Index.Files.Take(4))
                    _ = scan.Index.FilesWith(file);
            }
            else
            {
                _ = ResultCache.FromJson(Encoding.UTF8.GetString(input, 1, input.Length - 1));
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or OverflowException or FormatException)
        {
        }
    }

    /// <summary>
    /// A C file through the kernel frontend (normalize, parse, lower) and the expansion of its own generator
    /// macros: only <see cref="UncheckableSourceException"/> may escape, and every span lies inside the file.
    /// </summary>
    public static void Lower(byte[] input)
    {
        var file = new SourceFile("mm/fuzz.c", input);
        SourceUnit unit;
        try
        {
            unit = Kernel.Value.Build(file, CancellationToken.None);
            unit = GeneratedFunctions.Augment(unit, input, Kernel.Value, CancellationToken.None);
        }
        catch (UncheckableSourceException)
        {
            return;
        }
        foreach (var function in unit.Functions)
        {
            InsideFile(function.Span, input.Length, "function " + function.Name);
            InsideFile(function.NameSpan, input.Length, "name of " + function.Name);
        }
        foreach (var problem in unit.Problems)
            InsideFile(problem.Span, input.Length, "parse problem");
        foreach (var macro in unit.Macros)
            InsideFile(macro.Span, input.Length, "macro " + macro.Name);
        _ = unit.Lines.GetPosition(input.Length);
    }

    private static void InsideFile(TextSpan span, int length, string what)
    {
        if (span.Start < 0 || span.End > length || span.Start > span.End)
            throw new InvariantBrokenException($"{what}: span {span.Start}..{span.End} outside the file (0..{length})");
    }

    /// <summary><c>#define NAME body</c> or <c>#define NAME(a, b...) body</c>; null for any other line.</summary>
    private static MacroDef? Define(string line)
    {
        const string directive = "#define ";
        if (!line.StartsWith(directive, StringComparison.Ordinal))
            return null;
        var rest = line[directive.Length..];
        var nameEnd = 0;
        while (nameEnd < rest.Length && (char.IsAsciiLetterOrDigit(rest[nameEnd]) || rest[nameEnd] == '_'))
            nameEnd++;
        if (nameEnd == 0)
            return null;
        var name = rest[..nameEnd];
        if (nameEnd < rest.Length && rest[nameEnd] == '(')
        {
            var close = rest.IndexOf(')', nameEnd);
            if (close < 0)
                return null;
            var parameters = rest[(nameEnd + 1)..close].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var variadic = parameters.Length > 0 && parameters[^1].EndsWith("...", StringComparison.Ordinal);
            var named = parameters.Select(p => p.TrimEnd('.')).Where(p => p.Length > 0).ToImmutableArray();
            return new MacroDef(default, name, named, variadic, rest[(close + 1)..].Trim());
        }
        return new MacroDef(default, name, default, false, rest[nameEnd..].Trim());
    }
}

/// <summary>A property folint promises (positions, lengths) does not hold for the input: a bug, shown as a crash.</summary>
public sealed class InvariantBrokenException(string message) : Exception(message);
