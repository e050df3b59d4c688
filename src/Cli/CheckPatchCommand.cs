using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Folint.Cli.Output;
using Folint.CSource.Engine;
using Folint.CSource.Knowledge;
using Folint.CSource.Patches;

namespace Folint.Cli;

/// <summary>The values of <c>folint check-patch</c>, as parsed from the command line.</summary>
internal sealed record CheckPatchArguments(
    IReadOnlyList<string> Patches,
    string? Tree,
    ReportFormat Format,
    string? Output,
    IReadOnlyList<string>? Rules,
    string? RulesDirectory,
    string? MaxFileSize)
{
    /// <summary><c>--cache-dir</c>, <c>--no-cache</c>, <c>--no-prefilter</c>.</summary>
    public EngineSettings Engine { get; init; } = EngineSettings.Default;

    /// <summary><c>--min-confidence</c>: findings below it are not reported.</summary>
    public Folint.Analyzer.Findings.FindingConfidence MinConfidence { get; init; } = Folint.Analyzer.Findings.FindingConfidence.Medium;
}

/// <summary>
/// <c>folint check-patch PATCH... [--tree DIR]</c>: reads the patches (mbox series, format-patch files, mails,
/// diffs), checks the series' post-image (applied on the tree, or its hunks alone), prints what it brings.
/// </summary>
internal static class CheckPatchCommand
{
    public static int Run(CheckPatchArguments arguments, CliHost host, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var maxFileSize = arguments.MaxFileSize is null
            ? SourceDiscoveryOptions.DefaultMaxFileSize
            : ByteSize.Parse("--max-file-size", arguments.MaxFileSize);
        var rulesDirectory = RulesDirectory.Resolve(arguments.RulesDirectory, host.Environment(RulesDirectory.EnvironmentVariable), host.CurrentDirectory);
        var context = CheckCommand.LoadRules(rulesDirectory);
        var catalog = context.Catalog;
        var enabled = RuleFilter.Parse(arguments.Rules, catalog);
        var tree = arguments.Tree is null ? null : TreeRoot(arguments.Tree, host.CurrentDirectory);

        var problems = ImmutableArray.CreateBuilder<InputProblem>();
        var patches = ImmutableArray.CreateBuilder<Patch>();
        foreach (var given in arguments.Patches)
        {
            var content = ReadPatchFile(given, host.CurrentDirectory, maxFileSize, cancellationToken, out var problem);
            if (content is null)
            {
                problems.Add(new InputProblem(given, problem!));
                continue;
            }
            var input = PatchInput.Read(given, content);
            if (!input.HasPatch)
                problems.Add(new InputProblem(given, "no patch found: " + input.NoPatchReason));
            patches.AddRange(input.Patches);
        }
        var series = new PatchSeries(patches.ToImmutable());

        var root = tree ?? host.CurrentDirectory;
        PatchCheckResult checkedSeries;
        if (series.Patches.IsEmpty)
        {
            checkedSeries = new PatchCheckResult(
                new CheckResult(ImmutableArray<Folint.Analyzer.Findings.Finding>.Empty, problems.ToImmutable(), new RunStats(0, 0, 0, 0, 0)),
                root, tree is not null, ImmutableArray<string>.Empty, _ => null);
        }
        else
        {
            var engine = new CheckEngine(host.Composition.CreateFrontend(context), host.Composition.CreateRules(context), catalog);
            HunkKnowledge hunkKnowledge;
            try
            {
                hunkKnowledge = HunkKnowledge.Load(rulesDirectory, context.Knowledge<FrontendKnowledge>().Patches);
            }
            catch (RulesLoadException e)
            {
                throw new RulesInvalidError(rulesDirectory, e);
            }
            checkedSeries = new PatchCheck(engine, hunkKnowledge).Check(series, tree, host.CurrentDirectory,
                arguments.Engine.Apply(new CheckOptions { EnabledRules = enabled, MaxFileSize = maxFileSize }, host, rulesDirectory), problems.ToImmutable(), cancellationToken);
        }
        var result = ConfidenceFilter.Apply(checkedSeries.Result with { Stats = checkedSeries.Result.Stats with { ElapsedSeconds = clock.Elapsed.TotalSeconds } }, arguments.MinConfidence);

        var report = new CheckReport(result, catalog, checkedSeries.TreeRoot, ToolInfo.Version)
        {
            Columns = new Utf16Columns(checkedSeries.ReadPostImage),
        };
        CheckCommand.Write(report, arguments.Format, arguments.Output, host);

        CheckCommand.WriteDiagnostics(result, host);
        foreach (var note in checkedSeries.Notes)
            host.Error.WriteLine($"folint: note: {note}");
        host.Error.WriteLine(Summary(report, series));

        if (ExitCodes.ForProblems(result.Problems) is { } incomplete)
            return incomplete;
        return result.Findings.IsEmpty ? ExitCodes.Clean : ExitCodes.Findings;
    }

    private static string Summary(CheckReport report, PatchSeries series)
    {
        if (series.Patches.IsEmpty)
            return "folint: no patch found in the input";
        var findings = report.Result.Findings.Length;
        var what = findings == 0 ? "no findings on what the series changes" : findings == 1 ? "1 finding on what the series changes" : $"{findings} findings on what the series changes";
        var patches = series.Patches.Length == 1 ? "1 patch" : $"{series.Patches.Length} patches";
        return $"folint: {what}; {patches}, {series.HunkCount} hunk(s), {series.AddedLineCount} added line(s); " +
               TextReport.Summary(report).Substring("folint: ".Length).Split("; ", 2)[1];
    }

    private static string TreeRoot(string tree, string currentDirectory)
    {
        var directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(tree, currentDirectory));
        if (!Directory.Exists(directory))
            throw new TreeNotFoundError(tree, "no such directory");
        if (!File.Exists(Path.Combine(directory, SourceDiscovery.TreeMarker)))
            throw new TreeNotFoundError(tree, $"not a kernel tree: it has no {SourceDiscovery.TreeMarker}");
        return directory;
    }

    /// <summary>
    /// A patch file, a pipe (<c>&lt;(git format-patch --stdout ...)</c>) or stdin (<c>-</c>), at most
    /// <paramref name="maxFileSize"/> bytes: an endless stdin or <c>/dev/zero</c> is refused at the limit, a device
    /// without being opened, a FIFO nobody writes to at once.
    /// </summary>
    private static byte[]? ReadPatchFile(string given, string currentDirectory, long maxFileSize, CancellationToken cancellationToken, out string? problem)
    {
        problem = null;
        try
        {
            if (given == "-")
                return BoundedInput.ReadStandardInput(maxFileSize, cancellationToken);
            var path = Path.GetFullPath(given, currentDirectory);
            if (Directory.Exists(path))
            {
                problem = "is a directory; name the patch files (0001-*.patch) or an mbox";
                return null;
            }
            return BoundedInput.Read(path, maxFileSize, cancellationToken);
        }
        catch (FileRefusedException e)
        {
            problem = e.Refusal switch
            {
                FileRefusal.Missing => "no such file",
                FileRefusal.TooLarge => "skipped: " + e.Message,
                FileRefusal.NotRegular => e.Message + (given == "-" ? "" : "; to read a device, pass it on stdin with '-'"),
                _ => "cannot read: " + e.Message,
            };
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = "cannot read: " + e.Message;
            return null;
        }
    }
}
