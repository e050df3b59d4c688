using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using Folint.Analyzer.Model;

namespace Folint.CSource.Normalization;

/// <summary>
/// Rewrites kernel C that tree-sitter cannot read (annotations, iterator macros, syscall headers, type arguments,
/// <c>#ifdef</c>s that split a construct) into C it can, byte for byte in place: the text keeps its length and every
/// newline its offset, so positions in the normalized tree are positions in the file. What to rewrite comes from
/// the macro hints; how is fixed here. Thread-safe: all state of one call is local to it.
/// </summary>
public sealed class Normalizer
{
    /// <summary>Where <see cref="Default"/> finds its hints, relative to the folder of this assembly.</summary>
    public static readonly string DefaultHintsPath = Path.Combine("rules", "kernel", "c-macros.yaml");

    private static readonly Lazy<Normalizer> _default = new(() => new Normalizer(MacroHints.Load(Path.Combine(AssemblyFolder(), DefaultHintsPath))));

    public Normalizer(MacroHints hints, CompilationMacros? macros = null)
    {
        ArgumentNullException.ThrowIfNull(hints);
        Hints = hints;
        Macros = macros ?? CompilationMacros.None;
    }

    /// <summary>The normalizer with the hints shipped in rules/kernel/c-macros.yaml beside the assembly.</summary>
    public static Normalizer Default => _default.Value;

    public MacroHints Hints { get; }

    /// <summary>The macros of the compilation being checked (kbuild-check); <see cref="CompilationMacros.None"/> otherwise.</summary>
    public CompilationMacros Macros { get; }

    public NormalizedSource Normalize(byte[] source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var text = (byte[])source.Clone();
        var rewrites = new List<MacroRewrite>();
        IReadOnlyDictionary<int, PpExpr> conditions;
        using (var raw = CTokens.Lex(source))
        {
            conditions = DirectiveConditions.Read(raw, source);
            var kept = ConditionalFlattening.Apply(raw, source, conditions, Hints, Macros, text, rewrites);
            using var tokens = kept is null ? null : raw.Keep(kept);
            new MacroPass(Hints, tokens ?? raw, source, text, rewrites).Run();
        }
        return new NormalizedSource(text, Ordered(rewrites), conditions);
    }

    /// <summary>Sorts the rewrites and drops any that lies inside another (its bytes are covered by the outer one).</summary>
    private static ImmutableArray<MacroRewrite> Ordered(List<MacroRewrite> rewrites)
    {
        if (rewrites.Count == 0)
            return ImmutableArray<MacroRewrite>.Empty;
        rewrites.Sort(static (a, b) => a.Span.Start != b.Span.Start ? a.Span.Start.CompareTo(b.Span.Start) : b.Span.End.CompareTo(a.Span.End));
        var builder = ImmutableArray.CreateBuilder<MacroRewrite>(rewrites.Count);
        var end = -1;
        foreach (var rewrite in rewrites)
        {
            if (rewrite.Span.End <= end)
                continue;
            builder.Add(rewrite);
            end = rewrite.Span.End;
        }
        return builder.ToImmutable();
    }

    private static string AssemblyFolder()
    {
        var location = typeof(Normalizer).Assembly.Location;
        return string.IsNullOrEmpty(location) ? AppContext.BaseDirectory : Path.GetDirectoryName(location)!;
    }

    /// <summary>Overwrites [start, end) with spaces, keeping every newline and carriage return where it is.</summary>
    internal static void Blank(byte[] text, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (text[i] is not ((byte)'\n' or (byte)'\r'))
                text[i] = (byte)' ';
        }
    }

    internal static void Write(byte[] text, int at, ReadOnlySpan<byte> replacement) => replacement.CopyTo(text.AsSpan(at));

    internal static TextSpan Span(int start, int end) => new(start, end);
}
