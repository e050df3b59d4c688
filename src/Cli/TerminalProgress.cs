using System;
using System.Diagnostics;
using System.IO;
using Folint.CSource.Engine;

namespace Folint.Cli;

/// <summary>
/// A one-line progress indicator on stderr for runs longer than a second, redrawn at most ten times a second and
/// erased at the end. Only used when stderr is a terminal: logs and CI output stay clean.
/// </summary>
internal sealed class TerminalProgress : IProgress<CheckProgress>, IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly TextWriter _error;
    private readonly TimeSpan _delay;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private TimeSpan? _lastDraw;
    private bool _drawn;

    /// <param name="delay">How long a run stays silent: short runs never show a progress line.</param>
    public TerminalProgress(TextWriter error, TimeSpan? delay = null)
    {
        _error = error;
        _delay = delay ?? TimeSpan.FromSeconds(1);
    }

    public void Report(CheckProgress value)
    {
        var now = _clock.Elapsed;
        if (now < _delay)
            return;
        lock (_gate)
        {
            if (now - _lastDraw < Interval && value.Done != value.Total)
                return;
            _lastDraw = now;
            var stage = value.Stage switch { CheckStage.Indexing => "indexing", CheckStage.Parsing => "parsing", _ => "checking" };
            _error.Write($"\rfolint: {stage} {value.Done}/{value.Total} files\u001b[K");
            _error.Flush();
            _drawn = true;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_drawn)
                _error.Write("\r\u001b[K");
            _drawn = false;
        }
    }
}
