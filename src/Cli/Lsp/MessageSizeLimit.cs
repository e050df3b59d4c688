using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Folint.Cli.Lsp;

/// <summary>
/// The server's stdin, passed through unchanged while it follows the LSP framing, with one check: a message whose
/// Content-Length is over <see cref="MaxMessageBytes"/> ends the connection before its body is read. StreamJsonRpc
/// would buffer whatever length a header claims (up to 2 GB) before it parses a byte of it; no editor sends a
/// document a tenth of the limit.
/// </summary>
internal sealed class MessageSizeLimit : Stream
{
    /// <summary>Larger than any source file an editor holds (folint skips files over 8 MiB by default).</summary>
    public const long MaxMessageBytes = 64L * 1024 * 1024;

    private readonly Stream _inner;
    private readonly StringBuilder _header = new();
    private long _bodyLeft;
    private long _contentLength = -1;

    public MessageSizeLimit(Stream inner) => _inner = inner;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = _inner.Read(buffer);
        Follow(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Follow(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Walks the bytes just read through the framing: header lines up to an empty one, then the body.</summary>
    private void Follow(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            if (_bodyLeft > 0)
            {
                var skip = (int)Math.Min(_bodyLeft, bytes.Length);
                _bodyLeft -= skip;
                bytes = bytes[skip..];
                continue;
            }
            var b = bytes[0];
            bytes = bytes[1..];
            if (b != (byte)'\n')
            {
                // A header line longer than this is no LSP header: the reader fails on it anyway; stop collecting.
                if (_header.Length < 1024)
                    _header.Append((char)b);
                continue;
            }
            var line = _header.ToString().TrimEnd('\r');
            _header.Clear();
            if (line.Length > 0)
            {
                const string name = "Content-Length:";
                if (line.StartsWith(name, StringComparison.OrdinalIgnoreCase) && long.TryParse(line.AsSpan(name.Length).Trim(), out var length))
                    _contentLength = length;
                continue;
            }
            if (_contentLength > MaxMessageBytes)
                throw new IOException($"a message of {_contentLength} bytes (Content-Length), over the limit of {MaxMessageBytes / (1024 * 1024)} MiB");
            _bodyLeft = Math.Max(_contentLength, 0);
            _contentLength = -1;
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _inner.Dispose();
        base.Dispose(disposing);
    }
}
