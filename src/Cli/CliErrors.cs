using Folint.CSource.Engine;

namespace Folint.Cli;

/// <summary><c>--output FILE</c> cannot be written.</summary>
public sealed class OutputWriteError : FolintError
{
    public OutputWriteError(string path, string problem, string what = "report")
        : base(path, $"cannot write the {what}: " + problem,
            what == "report" ? "check that the directory exists and is writable, or write to stdout (leave out --output)" : "check that the directory exists and is writable")
    {
    }
}

/// <summary>The report cannot be written to stdout (a full disk behind a redirection, a closed pipe).</summary>
public sealed class StandardOutputError : FolintError
{
    public StandardOutputError(string problem)
        : base("stdout", "cannot write the output: " + problem, "write the report to a file with --output FILE, or free the disk stdout is redirected to")
    {
    }
}
