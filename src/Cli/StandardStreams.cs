using System;
using System.IO;
using Folint.Cli.Output;

namespace Folint.Cli;

/// <summary>
/// The process's stdout and stderr as a run sees them. A report that cannot be written to stdout (<c>&gt;/dev/full</c>,
/// a closed pipe) is a <see cref="StandardOutputError"/> naming stdout, not an internal error with a stack trace; a
/// message that cannot be written to stderr is dropped, since there is nowhere left to say anything and the exit code
/// still tells.
/// </summary>
internal sealed class StandardStreamWriter : ForwardingWriter
{
    private readonly bool _dropFailures;

    private StandardStreamWriter(TextWriter inner, bool dropFailures)
        : base(inner)
    {
        _dropFailures = dropFailures;
    }

    public static TextWriter Output(TextWriter inner) => new StandardStreamWriter(inner, dropFailures: false);

    public static TextWriter Error(TextWriter inner) => new StandardStreamWriter(inner, dropFailures: true);

    protected override void Guard(Action write)
    {
        try
        {
            write();
        }
        catch (IOException e)
        {
            if (!_dropFailures)
                throw new StandardOutputError(e.Message);
        }
    }
}
