using System;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Folint.CSource.Engine;
using Folint.CSource.Knowledge;
using Folint.Cli.Lsp;
using Folint.Cli.Output;

namespace Folint.Cli;

/// <summary>The command line: options, parsing, and the mapping of errors to messages and exit codes.</summary>
internal static class Program
{
    private const string ExitCodeHelp =
        """
        Exit codes:
          0  no findings
          1  findings reported
          2  bad usage, or an input that could not be checked (each one named on stderr with the reason:
             unreadable, not a regular file, binary, parse timeout, nesting too deep; the findings of the
             other inputs are still reported). Files over --max-file-size are named on stderr too but do
             not change the exit code.
          3  folint failed on a file (an internal error, named on stderr; the run went on and the other
             findings are reported) or as a whole (a bug: please report it with the input)
          130  interrupted (SIGINT, Ctrl+C); 143  terminated (SIGTERM). Nothing is written then: --output
             and --write-baseline files are replaced only when complete, so the previous ones stay.
             A second signal exits at once.
        With --baseline FILE, only findings the baseline does not record count (new ones); check with
        --write-baseline or --list-suppressions alone exits 0 unless an input could not be checked.
        """;

    private static int Main(string[] args)
    {
        using var interruption = Interruption.ForProcess();
        return Run(args, CliHost.ForProcess(), interruption);
    }

    internal static int Run(string[] args, CliHost host)
    {
        using var interruption = Interruption.None();
        return Run(args, host, interruption);
    }

    internal static int Run(string[] args, CliHost host, Interruption interruption)
    {
        // Every message names inputs folint does not control: what reaches the terminal is escaped (Printable).
        host = host with { Error = Printable.Writer(host.Error) };
        var root = BuildCommandLine(host);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is ParseErrorAction)
        {
            foreach (var error in parsed.Errors)
                host.Error.WriteLine($"folint: {error.Message}");
            host.Error.WriteLine("folint: hint: see 'folint --help'");
            return ExitCodes.BadInput;
        }
        try
        {
            // Signals are Interruption's: System.CommandLine's own handler would exit 130 even for SIGTERM.
            return parsed.InvokeAsync(new InvocationConfiguration
            {
                Output = host.Out,
                Error = host.Error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            }, interruption.Token).GetAwaiter().GetResult();
        }
        catch (FolintError e)
        {
            host.Error.WriteLine($"folint: {e.Message}");
            host.Error.WriteLine($"folint: hint: {e.Hint}");
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            host.Error.WriteLine("folint: interrupted");
            return interruption.ExitCode;
        }
        catch (Exception e)
        {
            host.Error.WriteLine($"folint: internal error: {e}");
            return ExitCodes.InternalError;
        }
    }

    private static RootCommand BuildCommandLine(CliHost host)
    {
        var rulesDirectory = new Option<string?>("--rules-dir")
        {
            Description = $"The rules/ directory to read (default: ${RulesDirectory.EnvironmentVariable}, else the one installed with folint)",
            HelpName = "DIR",
            Recursive = true,
        };

        var paths = new Argument<string[]>("PATH")
        {
            Description = "Files or directories to check (*.c and *.h below directories); default: the current directory",
            Arity = ArgumentArity.ZeroOrMore,
        };
        // A misspelled option would otherwise become a PATH that does not exist; a file whose name starts with
        // '-' is still reachable as ./-name.
        paths.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.Length > 1 && token.Value[0] == '-')
                    result.AddError($"unknown option '{token.Value}' (a file whose name starts with '-' is ./{token.Value})");
                else if (token.Value.Length == 0)
                    result.AddError(EmptyValue("PATH"));
            }
        });
        var tree = new Option<string?>("--tree")
        {
            Description = $"The kernel tree's top directory (must hold {SourceDiscovery.TreeMarker}); default: found above the first PATH",
            HelpName = "DIR",
        };
        var format = new Option<string>("--format")
        {
            Description = "Report format: text (gcc style), json or sarif (SARIF 2.1.0)",
            DefaultValueFactory = _ => "text",
            HelpName = "text|json|sarif",
        };
        format.AcceptOnlyFromAmong("text", "json", "sarif");
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Write the report to FILE (atomically) instead of stdout",
            HelpName = "FILE",
        };
        var rules = new Option<string[]>("--rules")
        {
            Description = "Run only these rules (comma-separated ids, e.g. FOL000,FOL001)",
            HelpName = "ID,...",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var maxFileSize = new Option<string?>("--max-file-size")
        {
            Description = "Skip files larger than this (bytes, or with K/M/G; default 8M)",
            HelpName = "SIZE",
        };

        var baseline = new Option<string?>("--baseline")
        {
            Description = "Findings recorded in FILE (by fingerprint) do not fail the run: exit 1 only for new ones; fixed ones are listed",
            HelpName = "FILE",
        };
        var writeBaseline = new Option<string?>("--write-baseline")
        {
            Description = "Record this run's findings in FILE (atomically), for later runs with --baseline",
            HelpName = "FILE",
        };
        var minConfidence = new Option<string>(ConfidenceFilter.OptionName)
        {
            Description = "Report only findings at least this certain: high (what the tree shows) or medium (the default: also races with memory_failure() alone and guesses by name without a tree)",
            DefaultValueFactory = _ => "medium",
            HelpName = "high|medium",
        };
        minConfidence.AcceptOnlyFromAmong("high", "medium");
        var listSuppressions = new Option<bool>("--list-suppressions")
        {
            Description = "Print the /* folint: ignore ... */ comments of the checked files (file:line: rule -- reason) instead of the report",
        };

        foreach (var option in new Option[] { rulesDirectory, tree, output, maxFileSize, baseline, writeBaseline })
            RejectEmpty(option);
        rules.Validators.Add(result =>
        {
            if (result.Tokens.Any(t => t.Value.Split(',').All(id => id.Trim().Length == 0)))
                result.AddError("--rules names no rule (an empty list would run none); leave the option out to run every rule");
        });

        var check = new Command("check", "Check kernel C files for misuse of page and folio metadata.")
        {
            paths, tree, format, output, rules, maxFileSize, baseline, writeBaseline, listSuppressions, minConfidence,
        };
        var engine = new EngineSettings.Options();
        RejectEmpty(engine.CacheDirectory);
        engine.AddTo(check);
        check.SetAction((parse, cancellationToken) => Task.FromResult(CheckCommand.Run(
            new CheckArguments(
                parse.GetValue(paths) ?? Array.Empty<string>(),
                parse.GetValue(tree),
                Enum.Parse<ReportFormat>(parse.GetValue(format)!, ignoreCase: true),
                parse.GetValue(output),
                parse.GetValue(rules),
                parse.GetValue(rulesDirectory),
                parse.GetValue(maxFileSize))
            {
                Baseline = parse.GetValue(baseline),
                WriteBaseline = parse.GetValue(writeBaseline),
                ListSuppressions = parse.GetValue(listSuppressions),
                Engine = engine.Read(parse),
                MinConfidence = ConfidenceFilter.Parse(parse.GetValue(minConfidence)),
            },
            host,
            cancellationToken)));

        var patchFiles = new Argument<string[]>("PATCH")
        {
            Description = "Patch files: git format-patch output, an mbox holding a series or a review thread, a mail, a unified diff ('-' reads stdin)",
            Arity = ArgumentArity.OneOrMore,
        };
        var patchTree = new Option<string?>("--tree")
        {
            Description = $"The kernel tree the series applies to (must hold {SourceDiscovery.TreeMarker}); without it, the hunks are checked on their own",
            HelpName = "DIR",
        };
        RejectEmpty(patchTree);
        patchFiles.Validators.Add(result =>
        {
            if (result.Tokens.Any(t => t.Value.Length == 0))
                result.AddError(EmptyValue("PATCH"));
        });
        var checkPatch = new Command("check-patch", "Check what a patch series changes: findings on the lines it adds and on functions whose exclusive-phase status it changes.")
        {
            patchFiles, patchTree, format, output, rules, maxFileSize, minConfidence,
        };
        engine.AddTo(checkPatch);
        checkPatch.SetAction((parse, cancellationToken) => Task.FromResult(CheckPatchCommand.Run(
            new CheckPatchArguments(
                parse.GetValue(patchFiles) ?? Array.Empty<string>(),
                parse.GetValue(patchTree),
                Enum.Parse<ReportFormat>(parse.GetValue(format)!, ignoreCase: true),
                parse.GetValue(output),
                parse.GetValue(rules),
                parse.GetValue(rulesDirectory),
                parse.GetValue(maxFileSize))
            {
                Engine = engine.Read(parse),
                MinConfidence = ConfidenceFilter.Parse(parse.GetValue(minConfidence)),
            },
            host,
            cancellationToken)));

        var ruleId = new Argument<string?>("ID")
        {
            Description = "A rule id (FOL001); without it, the list of rules",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var markdown = new Option<bool>("--markdown")
        {
            Description = "Print the rule's page as Markdown (what docs/rules/ID.md holds)",
        };
        var explain = new Command("explain", "Print a rule's documentation from rules/: rationale, the review it was learned from, fix and examples.")
        {
            ruleId, markdown,
        };
        explain.SetAction(parse => ExplainCommand.Run(parse.GetValue(ruleId), parse.GetValue(markdown), parse.GetValue(rulesDirectory), host));

        var scenario = new Argument<string?>("SCENARIO")
        {
            Description = "partially-mapped (seed 000), speculative-get (001), mapcount-underflow (004); without it, the list",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var order = new Option<string?>("--order")
        {
            Description = "Replay one interleaving: the CPU that runs each step, e.g. 0,0,1,1 (default: enumerate them all)",
            HelpName = "CPUS",
        };
        RejectEmpty(order);
        var useFix = new Option<bool>("--fixed")
        {
            Description = "With --order: run the code as the review fixed it instead of as seeded",
        };
        var simulate = new Command("simulate", "Replay a seed's bug on the managed simulation: every interleaving, the trace of one that breaks the invariant, and the same order with the fix.")
        {
            scenario, order, useFix,
        };
        simulate.SetAction(parse => SimulateCommand.Run(parse.GetValue(scenario), parse.GetValue(order), parse.GetValue(useFix), host));

        var stdio = new Option<bool>("--stdio")
        {
            Description = "Talk LSP over stdin/stdout (the default and only transport; accepted because editors pass it)",
        };
        var debounce = new Option<int>("--debounce")
        {
            Description = "Milliseconds to wait after a change before checking the file again (a newer change restarts the wait)",
            DefaultValueFactory = _ => (int)LspCommand.DefaultDebounce.TotalMilliseconds,
            HelpName = "MS",
        };
        debounce.CustomParser = result =>
        {
            // Parsed here rather than validated after: a value that is not a number must be a usage error (exit 2),
            // and reading the option's value in a validator throws for one.
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var milliseconds) && milliseconds <= 10_000)
                return milliseconds;
            result.AddError($"--debounce takes milliseconds from 0 to 10000, not '{text}'");
            return 0;
        };
        var lsp = new Command("lsp", "Run as a language server (LSP over stdio): diagnostics for C files of a kernel tree as they are edited, and quick fixes. Exits 0 after 'shutdown' then 'exit'; 1 when the client exits without 'shutdown' or closes the connection (as LSP says); 2 when rules/ is unusable.")
        {
            stdio, debounce,
        };
        lsp.SetAction((parse, cancellationToken) =>
        {
            // stdout carries the protocol: anything else written to it would corrupt a message.
            var protocolOut = Console.OpenStandardOutput();
            Console.SetOut(host.Error);
            return Task.FromResult(LspCommand.Run(
                new LspArguments(parse.GetValue(rulesDirectory), TimeSpan.FromMilliseconds(parse.GetValue(debounce))),
                host,
                Console.OpenStandardInput(),
                protocolOut,
                cancellationToken));
        });

        var compilerLine = new Argument<string[]>("ARG")
        {
            Description = "What Kbuild passes a checker: $(CHECKFLAGS), the compiler flags and the C file. -I/-include find the configuration (include/generated/autoconf.h), -D/-U and it decide #ifdef branches; other flags are read past. " +
                KbuildCompilerLine.ErrorFlag + " (e.g. in CF=) prints findings as errors and exits 1 on them",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var kbuildCheck = new Command("kbuild-check", "Run as Kbuild's source checker: make C=1 CHECK=\"folint kbuild-check\" (C=2: every file). Prints the file's findings gcc-style on stderr; exits 0 on findings, as Sparse does, unless " + KbuildCompilerLine.ErrorFlag + " is given.")
        {
            compilerLine,
        };
        // Compiler flags are not folint options: they are the argument's tokens, whatever they look like.
        kbuildCheck.TreatUnmatchedTokensAsErrors = false;
        kbuildCheck.SetAction((parse, cancellationToken) => Task.FromResult(KbuildCheckCommand.Run(
            (parse.GetValue(compilerLine) ?? Array.Empty<string>()).Concat(parse.UnmatchedTokens).ToArray(),
            parse.GetValue(rulesDirectory),
            host,
            cancellationToken)));

        var root = new RootCommand("folint: finds misuse of page and folio metadata in Linux kernel C.")
        {
            check, checkPatch, kbuildCheck, explain, simulate, lsp, rulesDirectory,
        };
        foreach (var option in root.Options)
        {
            if (option is HelpOption help && help.Action is HelpAction standard)
                help.Action = new HelpWithExitCodes(standard);
        }
        return root;
    }

    /// <summary>
    /// An empty value is never what was meant (a variable that expanded to nothing): <c>check ''</c> would check the
    /// current directory, <c>--cache-dir ''</c> write the cache into it.
    /// </summary>
    private static void RejectEmpty(Option option) =>
        option.Validators.Add(result =>
        {
            if (result.Tokens.Any(t => t.Value.Length == 0))
                result.AddError(EmptyValue(option.Name));
        });

    private static string EmptyValue(string what) => $"{what} is empty (a variable that expanded to nothing?); give a value or leave it out";

    /// <summary>The standard help, followed by the exit codes every command shares.</summary>
    private sealed class HelpWithExitCodes : SynchronousCommandLineAction
    {
        private readonly HelpAction _standard;

        public HelpWithExitCodes(HelpAction standard)
        {
            _standard = standard;
        }

        public override int Invoke(ParseResult parseResult)
        {
            var result = _standard.Invoke(parseResult);
            parseResult.InvocationConfiguration.Output.WriteLine(ExitCodeHelp);
            return result;
        }
    }
}
