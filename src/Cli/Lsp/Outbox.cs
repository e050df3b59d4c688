using System;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using StreamJsonRpc;

namespace Folint.Cli.Lsp;

/// <summary>
/// Notifications to the client, sent one at a time in the order they were posted: a document's diagnostics are
/// posted under that document's lock, so a stale publication can never overtake a newer one on the wire, and a
/// progress "end" never overtakes its "begin". Posting never blocks the caller.
/// </summary>
internal sealed class Outbox
{
    private readonly Channel<(string Method, object Parameters)> _queue = Channel.CreateUnbounded<(string, object)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _sending;

    public Outbox(JsonRpc rpc, Action<Exception> failed)
    {
        _sending = Task.Run(async () =>
        {
            await foreach (var (method, parameters) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                try
                {
                    await rpc.NotifyWithParameterObjectAsync(method, parameters).ConfigureAwait(false);
                }
                catch (Exception e) when (e is ConnectionLostException or ObjectDisposedException or OperationCanceledException)
                {
                    return;
                }
                catch (Exception e)
                {
                    failed(e);
                }
            }
        });
    }

    public void Post(string method, object parameters) => _queue.Writer.TryWrite((method, parameters));

    /// <summary>Stops taking notifications and waits (briefly) for those already posted to be written.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        _queue.Writer.TryComplete();
        await Task.WhenAny(_sending, Task.Delay(timeout)).ConfigureAwait(false);
    }
}
