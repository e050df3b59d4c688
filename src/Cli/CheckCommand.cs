using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Folint.Analyzer.Catalog;
using Folint.Analyzer.Contracts;
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
    string? MaxFileSize)
{
    /// <summary><c>--baseline FILE</c>: findings it records do not fail the run.</summary>
    public string? Baseline { get; init; }

    /// <summary><c>--write-baseline FILE</c>: record this run's findings.</summary>
    public string? WriteBaseline { get; init; }

    /// <summary><c>--list-suppressions</c>: print the suppression comments instead of the report.</summary>
    public bool ListSuppressions { get; init; }

    /// <summary><c>--cache-dir</c>, <c>--no-cache</c>, <c>--no-prefilter</c>.</summary>
    public EngineSettings Engine { get; init; } = EngineSettings.Default;

    /// <summary><c>--min-confidence</c>: findings below it are not reported.</summary>
    public Folint.Analyzer.Findings.FindingConfidence MinConfidence { get; init; } = Folint.Analyzer.Findings.FindingConfidence.Medium;
}

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
        var context = LoadRules(rulesDirectory);
        var catalog = context.Catalog;
        var enabled = RuleFilter.Parse(arguments.Rules, catalog);
        var baseline = arguments.Baseline is null ? null : Baseline.Load(Path.GetFullPath(arguments.Baseline, host.CurrentDirectory), arguments.Baseline, cancellationToken);

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
            var engine = new CheckEngine(host.Composition.CreateFrontend(context), host.Composition.CreateRules(context), catalog);
            using var progress = host.ErrorIsTerminal ? new TerminalProgress(Printable.Unescaped(host.Error)) : null;
            try
            {
                var options = arguments.Engine.Apply(new CheckOptions { EnabledRules = enabled, MaxFileSize = maxFileSize }, host, rulesDirectory);
                result = engine.Check(inputs, options, progress, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                progress?.Dispose();
                host.Error.WriteLine("folint: interrupted; no report written");
                throw;
            }
        }
        result = ConfidenceFilter.Apply(result with { Stats = result.Stats with { ElapsedSeconds = clock.Elapsed.TotalSeconds } }, arguments.MinConfidence);

        var report = new CheckReport(result, catalog, inputs.TreeRoot, ToolInfo.Version) { Baseline = baseline?.Compare(result.Findings) };
        if (arguments.ListSuppressions)
            WriteSuppressions(report, host);
        else
            Write(report, arguments.Format, arguments.Output, host);

        WriteDiagnostics(result, host);
        if (report.Baseline is { } comparison)
        {
            foreach (var fixedFinding in comparison.Fixed)
                host.Error.WriteLine($"folint: {Printable.Name(fixedFinding.File)}: fixed since the baseline: {(fixedFinding.Function is null ? "" : Printable.Name(fixedFinding.Function) + "(): ")}{Printable.Name(fixedFinding.Message)} [{Printable.Name(fixedFinding.RuleId)}]");
        }
        if (arguments.WriteBaseline is not null)
        {
            WriteFile(arguments.WriteBaseline, writer => Baseline.Of(result.Findings, ToolInfo.Name, ToolInfo.Version).Write(writer), host, "baseline");
            host.Error.WriteLine($"folint: wrote {(result.Findings.Length == 1 ? "1 finding" : $"{result.Findings.Length} findings")} to the baseline {arguments.WriteBaseline}");
        }
        host.Error.WriteLine(TextReport.Summary(report));

        if (ExitCodes.ForProblems(result.Problems) is { } incomplete)
            return incomplete;
        if (arguments.ListSuppressions)
            return ExitCodes.Clean;
        if (report.Baseline is { } compared)
            return compared.New.IsEmpty ? ExitCodes.Clean : ExitCodes.Findings;
        if (arguments.WriteBaseline is not null)
            return ExitCodes.Clean;
        return result.Findings.IsEmpty ? ExitCodes.Clean : ExitCodes.Findings;
    }

    /// <summary>What goes to stderr after a report: inputs not checked, notes, suppressions that hid nothing.</summary>
    internal static void WriteDiagnostics(CheckResult result, CliHost host)
    {
        foreach (var problem in result.Problems)
            host.Error.WriteLine($"folint: {Printable.Name(problem.Path)}: {Printable.Name(problem.Reason)}");
        foreach (var note in result.Notes)
            host.Error.WriteLine($"folint: {Printable.Name(note.Path)}: note: {Printable.Name(note.Message)}");
        foreach (var unused in result.Suppressions.Where(s => s.Used == false))
            host.Error.WriteLine($"folint: {Printable.Name(unused.File)}:{unused.Line}: note: {unused.UnusedMessage}; delete it");
    }

    /// <summary><c>--list-suppressions</c>: <c>file:line: FOL001 -- reason</c>, one line per suppression comment.</summary>
    private static void WriteSuppressions(CheckReport report, CliHost host)
    {
        foreach (var suppression in report.Result.Suppressions)
            host.Out.WriteLine($"{Printable.Name(suppression.File)}:{suppression.Line}: {string.Join(",", suppression.RuleIds)} -- {Printable.Name(suppression.Reason ?? "(no reason given)")}");
        host.Out.Flush();
    }

    /// <summary>The catalog of rules/, checked with every knowledge file of rules/kernel being read by someone; the knowledge itself loads when the composition asks.</summary>
    internal static CompositionContext LoadRules(string rulesDirectory)
    {
        RuleCatalog catalog;
        try
        {
            catalog = RuleCatalogLoader.Load(rulesDirectory);
        }
        catch (RulesLoadException e)
        {
            throw new RulesInvalidError(rulesDirectory, e);
        }
        var unread = KnowledgeLoader.Unread(rulesDirectory, Composition.KnowledgeTypes.ToArray()).ToImmutableArray();
        if (!unread.IsEmpty)
            throw new RulesInvalidError(rulesDirectory, new RulesLoadException(unread));
        return new CompositionContext(rulesDirectory, catalog);
    }

    internal static void Write(CheckReport report, ReportFormat format, string? output, CliHost host)
    {
        Action<TextWriter> write = format switch
        {
            ReportFormat.Json => writer => JsonReport.Write(writer, report),
            ReportFormat.Sarif => writer => SarifReport.Write(writer, report, report.Columns),
            _ => writer => TextReport.Write(Printable.Writer(writer), report),
        };
        if (output is null)
        {
            write(host.Out);
            host.Out.Flush();
            return;
        }
        WriteFile(output, write, host, "report");
    }

    private static void WriteFile(string given, Action<TextWriter> write, CliHost host, string what)
    {
        var path = Path.GetFullPath(given, host.CurrentDirectory);
        try
        {
            AtomicFile.Write(path, write, host.Out, host.Error);
        }
        catch (FileRefusedException e)
        {
            throw new OutputWriteError(given, e.Message, what);
        }
        catch (UnauthorizedAccessException)
        {
            throw new OutputWriteError(given, "permission denied", what);
        }
        catch (DirectoryNotFoundException)
        {
            throw new OutputWriteError(given, "no such directory", what);
        }
        catch (IOException e)
        {
            throw new OutputWriteError(given, e.Message, what);
        }
    }
}
