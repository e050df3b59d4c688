using System;
using System.IO;
using System.Text;

namespace Folint.Cli.Output;

/// <summary>
/// A writer that hands every write to another one: the one shape of the decorators around stdout and stderr, which
/// change what is written (<see cref="Printable"/>: escapes) or what a failure to write means
/// (<see cref="StandardStreamWriter"/>).
/// </summary>
internal abstract class ForwardingWriter : TextWriter
{
    protected ForwardingWriter(TextWriter inner) => Inner = inner;

    public TextWriter Inner { get; }

    public override Encoding Encoding => Inner.Encoding;

    public override IFormatProvider FormatProvider => Inner.FormatProvider;

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string NewLine
    {
        get => Inner.NewLine;
        set => Inner.NewLine = value;
    }

    public override void Write(char value) => Write(value.ToString());

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Write(string? value) => Guard(() => Inner.Write(value is null ? null : Transform(value)));

    public override void WriteLine(string? value) => Guard(() => Inner.WriteLine(value is null ? null : Transform(value)));

    public override void WriteLine() => Guard(() => Inner.WriteLine());

    public override void Flush() => Guard(() => Inner.Flush());

    /// <summary>What reaches the inner writer for <paramref name="value"/>.</summary>
    protected virtual string Transform(string value) => value;

    /// <summary>Runs one write to the inner writer.</summary>
    protected virtual void Guard(Action write) => write();
}
