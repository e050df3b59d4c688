using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using Folint.Analyzer.Contracts;
using Folint.Tests.Doubles;

namespace Folint.Cli.Tests;

public sealed record CliRun(int ExitCode, string Out, string Error);

/// <summary>Runs the whole command line in-process, with the test frontend and rules unless told otherwise.</summary>
internal static class CliRunner
{
    /// <summary>The LineFrontend test double and a FOL000 double that reports __set_bit() with evidence from page-flags.h and a fix hint.</summary>
    public static Composition TestComposition { get; } = new(
        _ => new LineFrontend(),
        _ => ImmutableArray.Create<ISourceRule>(
            new CallRule("FOL000", "__set_bit") { EvidenceUnit = "include/linux/page-flags.h", FixHint = "use set_bit(), which is atomic" },
            new CallRule("FOL003", "__clear_bit")));

    public static CliRun Run(string currentDirectory, params string[] arguments) =>
        Run(currentDirectory, TestComposition, null, arguments);

    public static CliRun Run(string currentDirectory, Composition composition, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var host = new CliHost(
            output,
            error,
            currentDirectory,
            name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
            ErrorIsTerminal: false,
            composition);
        var exitCode = Program.Run(arguments, host);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    public const string OpenCoded =
        "#include <linux/page-flags.h>\n" +
        "\n" +
        "void attach_private(struct page *page)\n" +
        "{\n" +
        "\tpage->private = 1;\n" +
        "\t__set_bit(PG_private, &page->flags);\n" +
        "}\n";

    public const string Atomic =
        "void attach_private(struct page *page)\n" +
        "{\n" +
        "\tset_bit(PG_private, &page->flags);\n" +
        "}\n";

    public static TempTree TreeWithFinding()
    {
        var tree = new TempTree();
        tree.Write("mm/open_coded.c", OpenCoded);
        tree.Write("mm/atomic.c", Atomic);
        return tree;
    }
}
