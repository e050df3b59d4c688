using System;
using System.Runtime.InteropServices;
using System.Threading;
using Folint.CSource.Engine;

namespace Folint.Cli;

/// <summary>
/// SIGINT and SIGTERM for a command run: the first one cancels the run, which stops at the next file and writes
/// nothing (reports and baselines are replaced by rename only once complete, so the previous ones stay); a second
/// one ends the process at once, and so does the first when the run has not wound down after
/// <see cref="GracePeriod"/> (a read that waits on a silent pipe, a native parse, a writer blocked on a FIFO cannot
/// see the cancellation). The exit code is 128 + the signal's number, as shells report it.
/// </summary>
internal sealed class Interruption : IDisposable
{
    /// <summary>How long a cancelled run may take to stop before the process ends without it.</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _cancellation = new();
    private Timer? _deadline;
    private readonly PosixSignalRegistration[] _registrations;
    private int _exitCode;

    private Interruption(bool listen)
    {
        _registrations = listen
            ? new[] { PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle) }
            : Array.Empty<PosixSignalRegistration>();
    }

    /// <summary>Listens to the process's signals.</summary>
    public static Interruption ForProcess() => new(listen: true);

    /// <summary>No signal handling (tests running commands in-process).</summary>
    public static Interruption None() => new(listen: false);

    public CancellationToken Token => _cancellation.Token;

    /// <summary>The exit code of the signal that cancelled the run; 130 when it was cancelled some other way.</summary>
    public int ExitCode => _exitCode == 0 ? ExitCodes.Interrupted : _exitCode;

    private void Handle(PosixSignalContext context)
    {
        var code = context.Signal == PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Interrupted;
        if (Interlocked.CompareExchange(ref _exitCode, code, 0) != 0)
        {
            // The second signal: the user does not want to wait for the run to wind down.
            Say("folint: second signal; exiting now");
            Environment.Exit(code);
        }
        context.Cancel = true;
        _deadline = new Timer(_ =>
        {
            Say("folint: interrupted; the run did not stop within the grace period, exiting now");
            Environment.Exit(code);
        }, null, GracePeriod, Timeout.InfiniteTimeSpan);
        _cancellation.Cancel();
    }

    private static void Say(string message)
    {
        try
        {
            Console.Error.WriteLine(message);
        }
        catch (System.IO.IOException)
        {
            // stderr is gone (a closed pipe, a full disk): the exit code still tells
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
        _deadline?.Dispose();
        _cancellation.Dispose();
    }
}
