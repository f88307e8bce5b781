using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace IstioTls.TestApiServer;

/// <summary>
/// <c>GET /api/v1/namespaces/{ns}/pods/{name}/portforward?ports=N</c> as a WebSocket upgrade with
/// the binary channel protocol <c>v4.channel.k8s.io</c> that KubernetesClient speaks (and kubectl
/// before its SPDY-over-WebSocket tunnel): each message starts with its channel (0 data, 1 error),
/// and the first message on each channel carries the port, two bytes little-endian. A pod's port
/// goes to the local endpoint a test maps it to, as the kubelet connects to the pod's port; an
/// unmapped port fails as a closed one does on a kubelet: an error on channel 1. SPDY is not served.
/// </summary>
public sealed class PortForwarding
{
    public const string Protocol = "v4.channel.k8s.io";

    const byte DataChannel = 0;
    const byte ErrorChannel = 1;

    readonly ConcurrentDictionary<(string Namespace, string Pod, int Port), IPEndPoint> _targets = new();

    /// <summary>Connections to <paramref name="port"/> of pod <paramref name="ns"/>/<paramref name="pod"/> go to <paramref name="target"/>.</summary>
    public PortForwarding Map(string ns, string pod, int port, IPEndPoint target)
    {
        _targets[(ns, pod, port)] = target;
        return this;
    }

    /// <summary>WebSockets accepted so far (one per forwarded connection).</summary>
    public int Accepted => _accepted;

    int _accepted;

    internal async Task HandleAsync(HttpContext http, RequestInfo info, ObjectStore store)
    {
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsPost(http.Request.Method))
        {
            throw ApiErrors.MethodNotAllowed();
        }
        if (store.Get("", "pods", info.Namespace, info.Name!) is null)
        {
            throw new ApiException(404, "NotFound", $"pods \"{info.Name}\" not found");
        }
        if (!http.WebSockets.IsWebSocketRequest)
        {
            throw ApiErrors.BadRequest($"port-forward is served only as a WebSocket upgrade with subprotocol {Protocol} (no SPDY)");
        }
        if (!http.WebSockets.WebSocketRequestedProtocols.Contains(Protocol))
        {
            throw ApiErrors.BadRequest($"no supported WebSocket subprotocol in [{string.Join(", ", http.WebSockets.WebSocketRequestedProtocols)}]: this server speaks {Protocol}");
        }
        var ports = http.Request.Query["ports"].ToString();
        if (!int.TryParse(ports, out var port) || port is <= 0 or > 65535)
        {
            throw ApiErrors.BadRequest($"one port to forward is needed (ports={ports}); this server forwards one port per WebSocket");
        }
        using var socket = await http.WebSockets.AcceptWebSocketAsync(Protocol).ConfigureAwait(false);
        Interlocked.Increment(ref _accepted);
        var prefix = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(prefix, (ushort)port);
        await SendAsync(socket, DataChannel, prefix, http.RequestAborted).ConfigureAwait(false);
        await SendAsync(socket, ErrorChannel, prefix, http.RequestAborted).ConfigureAwait(false);

        using var tcp = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            var target = _targets.GetValueOrDefault((info.Namespace!, info.Name!, port)) ?? throw new SocketException((int)SocketError.ConnectionRefused);
            await tcp.ConnectAsync(target, http.RequestAborted).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            var message = $"error forwarding port {port} to pod {info.Namespace}/{info.Name}: failed to connect to localhost:{port}: {e.Message}";
            await SendAsync(socket, ErrorChannel, Encoding.UTF8.GetBytes(message), http.RequestAborted).ConfigureAwait(false);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, http.RequestAborted).ConfigureAwait(false);
            return;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        var up = PumpUpAsync(socket, tcp, stop.Token);
        var down = PumpDownAsync(socket, tcp, stop.Token);
        await Task.WhenAny(up, down).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(up, down).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or SocketException or IOException)
        {
            // One side went away: the forwarded connection ends with it.
        }
        if (socket.State == WebSocketState.Open)
        {
            socket.Abort();
        }
    }

    /// <summary>The client's data frames, without their channel byte, to the target.</summary>
    static async Task PumpUpAsync(WebSocket socket, Socket tcp, CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024];
        var first = true;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }
            var data = buffer.AsMemory(0, result.Count);
            if (first)
            {
                if (data.Length == 0 || data.Span[0] != DataChannel)
                {
                    // Only the data channel carries bytes for the pod; anything else is skipped to the message's end.
                    while (!result.EndOfMessage)
                    {
                        result = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                    }
                    continue;
                }
                data = data[1..];
            }
            first = result.EndOfMessage;
            await tcp.SendAsync(data, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The target's bytes to the client on the data channel; the WebSocket closes when the target does.</summary>
    static async Task PumpDownAsync(WebSocket socket, Socket tcp, CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024];
        buffer[0] = DataChannel;
        while (true)
        {
            var read = await tcp.ReceiveAsync(buffer.AsMemory(1), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken).ConfigureAwait(false);
                return;
            }
            await socket.SendAsync(buffer.AsMemory(0, read + 1), WebSocketMessageType.Binary, true, cancellationToken).ConfigureAwait(false);
        }
    }

    static Task SendAsync(WebSocket socket, byte channel, byte[] payload, CancellationToken cancellationToken)
    {
        var frame = new byte[payload.Length + 1];
        frame[0] = channel;
        payload.CopyTo(frame, 1);
        return socket.SendAsync(frame.AsMemory(), WebSocketMessageType.Binary, true, cancellationToken).AsTask();
    }
}
