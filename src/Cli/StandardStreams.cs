using System;
using System.IO;
using System.Text;

namespace Folint.Cli;

/// <summary>
/// The process's stdout and stderr as a run sees them. A report that cannot be written to stdout (<c>&gt;/dev/full</c>,
/// a closed pipe) is a <see cref="StandardOutputError"/> naming stdout, not an internal error with a stack trace; a
/// message that cannot be written to stderr is dropped, since there is nowhere left to say anything and the exit code
/// still tells.
/// </summary>
internal sealed class StandardStreamWriter : TextWriter
{
    private readonly TextWriter _inner;
    private readonly bool _dropFailures;

    private StandardStreamWriter(TextWriter inner, bool dropFailures)
    {
        _inner = inner;
        _dropFailures = dropFailures;
    }

    public static TextWriter Output(TextWriter inner) => new StandardStreamWriter(inner, dropFailures: false);

    public static TextWriter Error(TextWriter inner) => new StandardStreamWriter(inner, dropFailures: true);

    public override Encoding Encoding => _inner.Encoding;

    public override IFormatProvider FormatProvider => _inner.FormatProvider;

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string NewLine
    {
        get => _inner.NewLine;
        set => _inner.NewLine = value;
    }

    public override void Write(char value) => Guard(() => _inner.Write(value));

    public override void Write(string? value) => Guard(() => _inner.Write(value));

    public override void Write(char[] buffer, int index, int count) => Guard(() => _inner.Write(buffer, index, count));

    public override void WriteLine(string? value) => Guard(() => _inner.WriteLine(value));

    public override void WriteLine() => Guard(() => _inner.WriteLine());

    public override void Flush() => Guard(() => _inner.Flush());

    private void Guard(Action write)
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
