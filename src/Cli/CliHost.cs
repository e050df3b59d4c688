using System;
using System.IO;

namespace Folint.Cli;

/// <summary>
/// What a command run sees of its process: the two streams, the current directory, the environment, whether
/// stderr is a terminal, and the composition. Tests run the whole command line in-process with their own host.
/// </summary>
public sealed record CliHost(
    TextWriter Out,
    TextWriter Error,
    string CurrentDirectory,
    Func<string, string?> Environment,
    bool ErrorIsTerminal,
    Composition Composition)
{
    public static CliHost ForProcess() => new(
        StandardStreamWriter.Output(Console.Out),
        StandardStreamWriter.Error(Console.Error),
        Directory.GetCurrentDirectory(),
        System.Environment.GetEnvironmentVariable,
        !Console.IsErrorRedirected,
        Composition.Default);
}
