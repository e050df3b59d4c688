using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Folint.Analyzer.Catalog;
using Folint.Analyzer.Rules;
using Folint.Cli.Output;
using Folint.CSource.Engine;
using Folint.CSource.Knowledge;

namespace Folint.Cli;

internal enum ReportFormat { Text, Json, Sarif }

/// <summary>The values of <c>folint check</c>, as parsed from the command line.</summary>
internal sealed record CheckArguments(
    IReadOnlyList<string> Paths,
    string? Tree,
    ReportFormat Format,
    string? Output,
    IReadOnlyList<string>? Rules,
    string? RulesDirectory,
    string? MaxFileSize);

/// <summary><c>folint check</c>: wires rules/, discovery, the composition's frontend and rules, and the engine; then prints.</summary>
internal static class CheckCommand
{
    public static int Run(CheckArguments arguments, CliHost host, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var maxFileSize = arguments.MaxFileSize is null
            ? SourceDiscoveryOptions.DefaultMaxFileSize
            : ByteSize.Parse("--max-file-size", arguments.MaxFileSize);
        var rulesDirectory = RulesDirectory.Resolve(arguments.RulesDirectory, host.Environment(RulesDirectory.EnvironmentVariable), host.CurrentDirectory);
        var (catalog, knowledge) = LoadRules(rulesDirectory);
        var enabled = RuleFilter.Parse(arguments.Rules, catalog);

        var inputs = SourceDiscovery.Discover(arguments.Paths, host.CurrentDirectory, new SourceDiscoveryOptions { Tree = arguments.Tree, MaxFileSize = maxFileSize }, cancellationToken);
        if (!inputs.HasTreeHeaders)
            host.Error.WriteLine($"folint: no kernel tree around the inputs (no {SourceDiscovery.TreeMarker} in {inputs.TreeRoot} or above): checking without the tree's headers");

        CheckResult result;
        if (inputs.Files.IsEmpty)
        {
            result = new CheckResult(ImmutableArray<Folint.Analyzer.Findings.Finding>.Empty, inputs.Problems, new RunStats(0, 0, 0, 0, 0));
        }
        else
        {
            var context = new CompositionContext(rulesDirectory, catalog, knowledge);
            var engine = new CheckEngine(host.Composition.CreateFrontend(context), host.Composition.CreateRules(context), catalog, knowledge);
            using var progress = host.ErrorIsTerminal ? new TerminalProgress(host.Error) : null;
            try
            {
                result = engine.Check(inputs, new CheckOptions { EnabledRules = enabled, MaxFileSize = maxFileSize }, progress, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                progress?.Dispose();
                host.Error.WriteLine("folint: interrupted; no report written");
                throw;
            }
        }
        result = result with { Stats = result.Stats with { ElapsedSeconds = clock.Elapsed.TotalSeconds } };

        var report = new CheckReport(result, catalog, inputs.TreeRoot, ToolInfo.Version);
        Write(report, arguments.Format, arguments.Output, host);

        foreach (var problem in result.Problems)
            host.Error.WriteLine($"folint: {problem.Path}: {problem.Reason}");
        foreach (var note in result.Notes)
            host.Error.WriteLine($"folint: {note.Path}: note: {note.Message}");
        host.Error.WriteLine(TextReport.Summary(report));

        if (result.Problems.Any(p => p.Kind == InputProblemKind.Unusable))
            return ExitCodes.BadInput;
        return result.Findings.IsEmpty ? ExitCodes.Clean : ExitCodes.Findings;
    }

    internal static (RuleCatalog Catalog, KernelKnowledge Knowledge) LoadRules(string rulesDirectory)
    {
        try
        {
            return (RuleCatalogLoader.Load(rulesDirectory), KernelKnowledgeLoader.Load(rulesDirectory));
        }
        catch (RulesLoadException e)
        {
            throw new RulesInvalidError(rulesDirectory, e);
        }
    }

    internal static void Write(CheckReport report, ReportFormat format, string? output, CliHost host)
    {
        Action<TextWriter> write = format switch
        {
            ReportFormat.Json => writer => JsonReport.Write(writer, report),
            ReportFormat.Sarif => writer => SarifReport.Write(writer, report, report.Columns),
            _ => writer => TextReport.Write(writer, report),
        };
        if (output is null)
        {
            write(host.Out);
            host.Out.Flush();
            return;
        }
        var path = Path.GetFullPath(output, host.CurrentDirectory);
        try
        {
            AtomicFile.Write(path, write);
        }
        catch (UnauthorizedAccessException)
        {
            throw new OutputWriteError(output, "permission denied");
        }
        catch (DirectoryNotFoundException)
        {
            throw new OutputWriteError(output, "no such directory");
        }
        catch (IOException e)
        {
            throw new OutputWriteError(output, e.Message);
        }
    }
}
