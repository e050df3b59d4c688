using System;
using System.CommandLine;
using System.IO;
using System.IO.Hashing;
using System.Linq;
using System.Text;
using Folint.CSource.Engine;
using Folint.CSource.Index;
using Folint.CSource.Knowledge;

namespace Folint.Cli;

/// <summary><c>--cache-dir</c>, <c>--no-cache</c>, <c>--no-prefilter</c> and <c>FOLINT_TIMINGS</c>: how the engine runs, not what it finds.</summary>
internal sealed record EngineSettings(string? CacheDirectory, bool NoCache, bool NoPrefilter)
{
    public const string TimingsVariable = "FOLINT_TIMINGS";

    public static EngineSettings Default { get; } = new(null, false, false);

    /// <summary>The options, for a command that runs the engine.</summary>
    internal sealed class Options
    {
        public Option<string?> CacheDirectory { get; } = new("--cache-dir")
        {
            Description = "Keep the on-disk cache (tree scan and results, keyed by content hashes) in DIR (default: $XDG_CACHE_HOME/folint, else ~/.cache/folint)",
            HelpName = "DIR",
        };

        public Option<bool> NoCache { get; } = new("--no-cache")
        {
            Description = "Neither read nor write the on-disk cache",
        };

        public Option<bool> NoPrefilter { get; } = new("--no-prefilter")
        {
            Description = "Parse every input file, not only those the byte-level prefilter finds can hold a finding (same findings, slower)",
        };

        public void AddTo(Command command)
        {
            command.Options.Add(CacheDirectory);
            command.Options.Add(NoCache);
            command.Options.Add(NoPrefilter);
        }

        public EngineSettings Read(ParseResult parse) => new(parse.GetValue(CacheDirectory), parse.GetValue(NoCache), parse.GetValue(NoPrefilter));
    }

    /// <summary>The engine options for these settings; the cache is versioned by the tool's build and the rules' content.</summary>
    public CheckOptions Apply(CheckOptions options, CliHost host, string rulesDirectory)
    {
        var directory = NoCache ? null : CacheDirectory is not null ? Path.GetFullPath(CacheDirectory, host.CurrentDirectory) : CacheStore.DefaultDirectory(host.Environment);
        return options with
        {
            Prefilter = !NoPrefilter,
            Cache = directory is null ? null : new CacheStore(directory, CacheVersion(rulesDirectory), host.Error.WriteLine),
            Timings = host.Environment(TimingsVariable) is "1" ? host.Error.WriteLine : null,
        };
    }

    /// <summary>The tool's version, the identity of the analysis assemblies as built, and a hash of every file under rules/.</summary>
    private static string CacheVersion(string rulesDirectory)
    {
        var hash = new XxHash128();
        foreach (var file in Directory.EnumerateFiles(rulesDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            hash.Append(Encoding.UTF8.GetBytes(Path.GetRelativePath(rulesDirectory, file) + "\n"));
            try
            {
                hash.Append(RegularFile.ReadAll(file, RulesText.MaxBytes));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not a file the loaders read (they refuse FIFOs and giants): its name and why stand in for it.
                hash.Append(Encoding.UTF8.GetBytes(e.Message));
            }
        }
        // The engine, the model and the rules each change what a cached result would hold.
        var builds = string.Join(",", new[] { typeof(CheckEngine), typeof(Folint.Analyzer.Contracts.ISourceRule), typeof(Folint.Analyzer.Rules.SourceRules) }.Select(t => t.Assembly.ManifestModule.ModuleVersionId));
        return $"{Output.ToolInfo.Version};{builds};rules {hash.GetCurrentHashAsUInt128():x32}";
    }
}
