using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Folint.CSource.Engine;
using Folint.CSource.Knowledge;
using Microsoft.VisualStudio.Threading;
using StreamJsonRpc;

namespace Folint.Cli.Lsp;

internal sealed record LspArguments(string? RulesDirectory, TimeSpan Debounce);

/// <summary>
/// <c>folint lsp</c>: a language server on stdin/stdout. rules/ and the composition are loaded before the first
/// message, so a broken rules/ fails the start (exit 2) instead of every check.
/// </summary>
internal static class LspCommand
{
    public static readonly TimeSpan DefaultDebounce = TimeSpan.FromMilliseconds(30);

    public static int Run(LspArguments arguments, CliHost host, Stream input, Stream output, CancellationToken cancellationToken) =>
        RunAsync(arguments, host, input, output, cancellationToken).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(LspArguments arguments, CliHost host, Stream input, Stream output, CancellationToken cancellationToken)
    {
        var rulesDirectory = RulesDirectory.Resolve(arguments.RulesDirectory, host.Environment(RulesDirectory.EnvironmentVariable), host.CurrentDirectory);
        var context = CheckCommand.LoadRules(rulesDirectory);
        var catalog = context.Catalog;
        var engine = new CheckEngine(host.Composition.CreateFrontend(context), host.Composition.CreateRules(context), catalog);

        var formatter = new LenientFormatter { JsonSerializerOptions = LspJson.Options };
        using var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(output, new MessageSizeLimit(input), formatter))
        {
            SynchronizationContext = new NonConcurrentSynchronizationContext(sticky: false),
            CancelLocallyInvokedMethodsWhenConnectionIsClosed = true,
        };
        LanguageServer? server = null;
        server = new LanguageServer(
            rpc,
            (root, hasTreeHeaders) => new TreeSession(
                engine,
                root,
                hasTreeHeaders,
                problem: p => host.Error.WriteLine($"folint lsp: {p.Path}: {p.Reason}")),
            host.Error,
            arguments.Debounce);
        rpc.AddLocalRpcTarget(server, new JsonRpcTargetOptions { UseSingleObjectParameterDeserialization = true });
        rpc.StartListening();

        var interrupted = Task.Delay(Timeout.Infinite, cancellationToken);
        var ended = await Task.WhenAny(server.Exited, rpc.Completion, interrupted).ConfigureAwait(false);
        await server.StopAsync().ConfigureAwait(false);
        if (ended == server.Exited)
            return await server.Exited.ConfigureAwait(false);
        // A signal ends the server like any command: Program reports it with the signal's code (130 or 143).
        if (ended == interrupted)
            throw new OperationCanceledException(cancellationToken);
        var failure = rpc.Completion.Exception?.InnerException;
        if (failure is EndOfStreamException)
            host.Error.WriteLine("folint lsp: the client closed the connection in the middle of a message");
        else if (failure is not null)
            host.Error.WriteLine($"folint lsp: connection failed: {failure.Message}");
        else if (!server.ShutdownRequested)
            host.Error.WriteLine("folint lsp: the client closed the connection without 'shutdown' and 'exit'");
        return server.ShutdownRequested && failure is null ? ExitCodes.Clean : 1;
    }
}
