using System;
using System.Buffers;
using System.Text;
using System.Text.Json;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace Folint.Cli.Lsp;

/// <summary>
/// The LSP message formatter, made to survive a message that is not JSON-RPC. StreamJsonRpc ends the connection
/// on one; here its body (already cut out by the framing, which stays intact) becomes a call of
/// <see cref="LanguageServer.MalformedMessage"/>: a notification the server logs, or, when an <c>id</c> can be
/// read from it, a request the server answers with an error for that id, so the client does not wait forever.
/// A broken header (no Content-Length) still ends the connection: nothing says where the next message starts.
/// </summary>
internal sealed class LenientFormatter : SystemTextJsonFormatter, IJsonRpcMessageTextFormatter
{
    JsonRpcMessage IJsonRpcMessageFormatter.Deserialize(ReadOnlySequence<byte> contentBuffer) =>
        ((IJsonRpcMessageTextFormatter)this).Deserialize(contentBuffer, Encoding);

    JsonRpcMessage IJsonRpcMessageTextFormatter.Deserialize(ReadOnlySequence<byte> contentBuffer, Encoding encoding)
    {
        try
        {
            return Deserialize(contentBuffer, encoding);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NotSupportedException or ArgumentException or DecoderFallbackException)
        {
            return new JsonRpcRequest
            {
                RequestId = IdOf(contentBuffer),
                Method = LanguageServer.MalformedMessage,
                ArgumentsList = new object?[] { e.Message },
            };
        }
    }

    /// <summary>The request id of a message that is JSON but not valid JSON-RPC; the default (no id) otherwise.</summary>
    private static RequestId IdOf(ReadOnlySequence<byte> content)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("id", out var id))
            {
                if (id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var number))
                    return new RequestId(number);
                if (id.ValueKind == JsonValueKind.String)
                    return new RequestId(id.GetString());
            }
        }
        catch (JsonException)
        {
        }
        return default;
    }
}
