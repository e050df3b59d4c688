using Folint.CSource.Engine;

namespace Folint.Cli;

/// <summary>This build of folint has no C frontend wired in (src/Cli/Composition.cs): it cannot check anything.</summary>
public sealed class FrontendNotWiredError : FolintError
{
    public FrontendNotWiredError()
        : base("check", "the C frontend is not wired into this build of folint, so it cannot parse C",
            "wire the tree-sitter frontend in src/Cli/Composition.cs (Composition.Default)")
    {
    }

    public override int ExitCode => ExitCodes.InternalError;
}

/// <summary><c>--output FILE</c> cannot be written.</summary>
public sealed class OutputWriteError : FolintError
{
    public OutputWriteError(string path, string problem)
        : base(path, "cannot write the report: " + problem, "check that the directory exists and is writable, or write to stdout (leave out --output)")
    {
    }
}
