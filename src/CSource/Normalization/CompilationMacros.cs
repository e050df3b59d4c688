using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.IO.Hashing;
using System.Linq;
using System.Text;

namespace Folint.CSource.Normalization;

/// <summary>
/// The macros one compilation of a kernel file defines, as Kbuild runs it: the configuration's symbols from
/// <c>include/generated/autoconf.h</c> (which <c>-include include/linux/kconfig.h</c> pulls into every file) and the
/// <c>-D</c>/<c>-U</c> of the command line. With a configuration, a <c>CONFIG_</c> symbol autoconf.h does not define
/// is not set (Kconfig writes every set symbol there), so <c>#ifdef CONFIG_X</c> is decided either way; without one,
/// only the names given are known. Used to keep the branch of an <c>#ifdef</c> group the compiler would keep.
/// </summary>
public sealed record CompilationMacros(ImmutableHashSet<string> Defined, ImmutableHashSet<string> Undefined, string? Configuration)
{
    public const string ConfigPrefix = "CONFIG_";

    public static CompilationMacros None { get; } = new(ImmutableHashSet<string>.Empty, ImmutableHashSet<string>.Empty, null);

    /// <summary>Whether the compilation defines <paramref name="name"/>; null when it does not say.</summary>
    public bool? IsDefined(ReadOnlySpan<char> name)
    {
        var text = name.ToString();
        if (Defined.Contains(text))
            return true;
        if (Undefined.Contains(text))
            return false;
        if (Configuration is not null && name.StartsWith(ConfigPrefix, StringComparison.Ordinal))
            return false;
        return null;
    }

    /// <summary>What makes two compilations parse alike: every name and the configuration's path, hashed (for caches).</summary>
    public string Identity()
    {
        var hash = new XxHash128();
        hash.Append(Encoding.UTF8.GetBytes(Configuration ?? "(no configuration)"));
        foreach (var name in Defined.Order(StringComparer.Ordinal))
            hash.Append(Encoding.UTF8.GetBytes("\n+" + name));
        foreach (var name in Undefined.Order(StringComparer.Ordinal))
            hash.Append(Encoding.UTF8.GetBytes("\n-" + name));
        return $"macros {hash.GetCurrentHashAsUInt128():x32}";
    }

    /// <summary>
    /// The macros of a configuration header (<c>#define CONFIG_FOO 1</c>, <c>#define CONFIG_BAR_MODULE 1</c>, one a
    /// line, as Kconfig writes autoconf.h), then <paramref name="defines"/> and <paramref name="undefines"/> in
    /// command-line order (a later -U wins over an earlier -D of the same name, as with gcc).
    /// </summary>
    /// <exception cref="IOException">The header cannot be read.</exception>
    public static CompilationMacros Read(string? configurationHeader, IEnumerable<(string Name, bool Define)> commandLine)
    {
        var defined = new HashSet<string>(StringComparer.Ordinal);
        var undefined = new HashSet<string>(StringComparer.Ordinal);
        if (configurationHeader is not null)
        {
            foreach (var line in File.ReadLines(configurationHeader))
            {
                if (DefinedName(line) is { } name)
                    defined.Add(name);
            }
        }
        foreach (var (name, define) in commandLine)
        {
            (define ? defined : undefined).Add(name);
            (define ? undefined : defined).Remove(name);
        }
        return new CompilationMacros(defined.ToImmutableHashSet(StringComparer.Ordinal), undefined.ToImmutableHashSet(StringComparer.Ordinal), configurationHeader);
    }

    /// <summary>The name of <c>#define NAME ...</c> (spaces allowed after the hash), else null.</summary>
    private static string? DefinedName(string line)
    {
        var text = line.AsSpan().TrimStart(" \t");
        if (!text.StartsWith("#"))
            return null;
        text = text[1..].TrimStart(" \t");
        if (!text.StartsWith("define"))
            return null;
        text = text["define".Length..];
        if (text.IsEmpty || text[0] is not (' ' or '\t'))
            return null;
        text = text.TrimStart(" \t");
        var end = 0;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
            end++;
        return end == 0 || char.IsAsciiDigit(text[0]) ? null : text[..end].ToString();
    }
}
