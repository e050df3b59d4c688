using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Folint.Analyzer.Findings;
using Folint.Cli.Output;
using Folint.CSource.Engine;
using Folint.CSource.Knowledge;
using Folint.CSource.Normalization;

namespace Folint.Cli;

/// <summary>
/// What <c>folint kbuild-check</c> takes from the command line Kbuild builds for a checker,
/// <c>$(CHECK) $(CHECKFLAGS) $(c_flags) file.c</c> (scripts/Makefile.build, cmd_checksrc): the C files, the include
/// directories and forced includes (to find the configuration), the -D/-U macros, and folint's own
/// <c>-Wfolint-error</c>. Every other compiler or Sparse flag is read past, with its value when it takes one.
/// </summary>
internal sealed record KbuildCompilerLine(
    ImmutableArray<string> Sources,
    ImmutableArray<string> IncludeDirectories,
    ImmutableArray<string> ForcedIncludes,
    ImmutableArray<(string Name, bool Define)> Macros,
    bool FindingsAreErrors)
{
    /// <summary>folint's counterpart of Sparse's -Wsparse-error: findings print as errors and the exit code is 1.</summary>
    public const string ErrorFlag = "-Wfolint-error";

    // gcc options whose value is the next argument when not attached (-I dir, -include file, -o out, ...).
    private static readonly ImmutableHashSet<string> TakesValue = ImmutableHashSet.Create(StringComparer.Ordinal,
        "-I", "-D", "-U", "-include", "-imacros", "-isystem", "-iquote", "-idirafter", "-iprefix", "-iwithprefix",
        "-o", "-x", "-MF", "-MT", "-MQ", "-Xassembler", "-Xlinker", "-Xpreprocessor", "-aux-info", "-L", "-l");

    public static KbuildCompilerLine Parse(IReadOnlyList<string> arguments)
    {
        var sources = ImmutableArray.CreateBuilder<string>();
        var includeDirectories = ImmutableArray.CreateBuilder<string>();
        var forced = ImmutableArray.CreateBuilder<string>();
        var macros = ImmutableArray.CreateBuilder<(string, bool)>();
        var errors = false;
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (argument == ErrorFlag)
            {
                errors = true;
                continue;
            }
            if (argument.Length < 2 || argument[0] != '-')
            {
                if (argument.EndsWith(".c", StringComparison.Ordinal) || argument.EndsWith(".h", StringComparison.Ordinal))
                    sources.Add(argument);
                continue;
            }
            string? value = null;
            var flag = argument;
            if (TakesValue.Contains(argument))
            {
                if (i + 1 >= arguments.Count)
                    throw new KbuildUsageError(argument, "the option needs a value and none follows");
                value = arguments[++i];
            }
            else if (argument.Length > 2 && argument[1] is 'I' or 'D' or 'U')
            {
                flag = argument[..2];
                value = argument[2..];
            }
            switch (flag)
            {
                case "-I" or "-isystem" or "-iquote" or "-idirafter":
                    includeDirectories.Add(value!);
                    break;
                case "-include" or "-imacros":
                    forced.Add(value!);
                    break;
                case "-D":
                    var equals = value!.IndexOf('=');
                    macros.Add((equals < 0 ? value : value[..equals], true));
                    break;
                case "-U":
                    macros.Add((value!, false));
                    break;
            }
        }
        return new KbuildCompilerLine(sources.ToImmutable(), includeDirectories.ToImmutable(), forced.ToImmutable(), macros.ToImmutable(), errors);
    }

    /// <summary>
    /// The configuration header the compilation reads: an autoconf.h given with -include/-imacros, else
    /// <c>generated/autoconf.h</c> in the first include directory that has one (Kbuild's <c>-I./include</c>; with
    /// <c>O=</c>, the object tree's). Null when there is none (a tree never configured): every branch stays.
    /// </summary>
    public string? ConfigurationHeader(string currentDirectory)
    {
        foreach (var file in ForcedIncludes)
        {
            var full = Path.GetFullPath(file, currentDirectory);
            if (Path.GetFileName(full) == "autoconf.h" && File.Exists(full))
                return full;
        }
        foreach (var directory in IncludeDirectories)
        {
            var candidate = Path.GetFullPath(Path.Combine(directory, "generated", "autoconf.h"), currentDirectory);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }
}

/// <summary>The kbuild-check command line names no C file, or an option lacks its value.</summary>
internal sealed class KbuildUsageError(string subject, string problem)
    : FolintError(subject, problem, "run it as Kbuild does: make C=1 CHECK=\"folint kbuild-check\" (C=2 checks every file), or folint kbuild-check [FLAGS] file.c");

/// <summary>
/// <c>folint kbuild-check</c>: folint as Kbuild's checker (<c>make C=1 CHECK="folint kbuild-check"</c>). Reads the
/// compiler line, decides <c>#ifdef</c> branches with the configuration it names, checks the file inside its tree (found
/// from the file, as <c>check</c> does) with the same engine, cache and rules, and prints the file's findings as
/// gcc-style lines on stderr with paths relative to make's directory. As Sparse does, findings do not fail the build
/// (exit 0) unless <c>-Wfolint-error</c> is given (then they print as errors and the exit code is 1); nothing is printed
/// for a clean file.
/// </summary>
internal static class KbuildCheckCommand
{
    public static int Run(IReadOnlyList<string> arguments, string? rulesDirectoryOption, CliHost host, CancellationToken cancellationToken)
    {
        var line = KbuildCompilerLine.Parse(arguments);
        if (line.Sources.IsEmpty)
            throw new KbuildUsageError("kbuild-check", "no C file among the arguments");

        var rulesDirectory = RulesDirectory.Resolve(rulesDirectoryOption, host.Environment(RulesDirectory.EnvironmentVariable), host.CurrentDirectory);
        var loaded = CheckCommand.LoadRules(rulesDirectory);
        var configuration = line.ConfigurationHeader(host.CurrentDirectory);
        CompilationMacros macros;
        try
        {
            macros = CompilationMacros.Read(configuration, line.Macros);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KbuildUsageError(configuration!, "cannot read the kernel configuration: " + e.Message);
        }

        var inputs = SourceDiscovery.Discover(line.Sources, host.CurrentDirectory, new SourceDiscoveryOptions(), cancellationToken);
        var context = loaded with { Macros = macros };
        var engine = new CheckEngine(host.Composition.CreateFrontend(context), host.Composition.CreateRules(context), context.Catalog);
        var options = EngineSettings.Default.Apply(new CheckOptions { FrontendVariant = macros.Identity() }, host, rulesDirectory);
        var result = inputs.Files.IsEmpty
            ? new CheckResult(ImmutableArray<Finding>.Empty, inputs.Problems, new RunStats(0, 0, 0, 0, 0))
            : engine.Check(inputs, options, progress: null, cancellationToken);

        // Kbuild asks about this file: findings whose primary location is in another file (a header) are the header's.
        var checkedFiles = inputs.Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var findings = result.Findings.Where(f => checkedFiles.Contains(f.Primary.File)).ToList();
        string Display(string treePath) => Path.GetRelativePath(host.CurrentDirectory, Path.Combine(inputs.TreeRoot, treePath));
        TextReport.WriteFindings(host.Error, findings, Display, line.FindingsAreErrors ? "error" : null);
        CheckCommand.WriteDiagnostics(result, host);
        host.Error.Flush();

        if (!line.FindingsAreErrors)
            return ExitCodes.Clean;
        return ExitCodes.ForProblems(result.Problems) ?? (findings.Count == 0 ? ExitCodes.Clean : ExitCodes.Findings);
    }
}
