using System.Buffers;
using System.Net.WebSockets;
using System.Text;

namespace IstioTls.Cluster;

/// <summary>
/// The bytes of one forwarded port, over the API server's WebSocket port-forward protocol
/// (<c>v4.channel.k8s.io</c>, as KubernetesClient and kubectl before 1.30 speak it): every binary
/// message starts with its channel, 0 for data and 1 for errors, and the server's first message
/// on each channel carries the port (two bytes, little-endian) before any payload. One WebSocket
/// carries one connection: when either side closes, the forwarded connection ends.
/// </summary>
internal sealed class PortForwardStream(WebSocket socket, string target) : Stream
{
    private const byte DataChannel = 0;
    private const byte ErrorChannel = 1;

    private readonly int[] portBytesLeft = [2, 2];
    private ReadOnlyMemory<byte> pending;
    private bool ended;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (pending.IsEmpty)
        {
            if (ended)
            {
                return 0;
            }
            var message = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
            if (message is not { } m)
            {
                ended = true;
                return 0;
            }
            var payload = m.Payload;
            if (m.Channel is DataChannel or ErrorChannel)
            {
                var skip = Math.Min(portBytesLeft[m.Channel], payload.Length);
                portBytesLeft[m.Channel] -= skip;
                payload = payload[skip..];
            }
            if (m.Channel == ErrorChannel && payload.Length > 0)
            {
                ended = true;
                throw new IOException($"{target}: {Encoding.UTF8.GetString(payload.Span).Trim()}");
            }
            if (m.Channel == DataChannel)
            {
                pending = payload;
            }
        }
        var count = Math.Min(buffer.Length, pending.Length);
        pending[..count].CopyTo(buffer);
        pending = pending[count..];
        return count;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var frame = new byte[buffer.Length + 1];
        frame[0] = DataChannel;
        buffer.CopyTo(frame.AsMemory(1));
        try
        {
            await socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException e)
        {
            throw new IOException($"{target}: {e.Message}", e);
        }
    }

    /// <summary>One whole message and its channel; null when the server closed the WebSocket.</summary>
    private async Task<(byte Channel, ReadOnlyMemory<byte> Payload)?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var message = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(message.GetMemory(16 * 1024), cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }
                message.Advance(result.Count);
                if (result.EndOfMessage)
                {
                    break;
                }
            }
        }
        catch (WebSocketException e)
        {
            throw new IOException($"{target}: {e.Message}", e);
        }
        return message.WrittenCount == 0 ? (byte.MaxValue, ReadOnlyMemory<byte>.Empty) : (message.WrittenSpan[0], message.WrittenMemory[1..]);
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    // Aborting closes the WebSocket's connection, which ends the forwarded one: there is nothing
    // left to say to the server, and a close handshake would wait on it.
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            socket.Abort();
            socket.Dispose();
        }
        base.Dispose(disposing);
    }
}
