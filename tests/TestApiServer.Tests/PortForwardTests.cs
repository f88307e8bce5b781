using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using k8s;

namespace IstioTls.TestApiServer.Tests;

/// <summary>
/// pods/portforward over WebSocket (<c>v4.channel.k8s.io</c>): KubernetesClient's own port-forward
/// and stream demuxer reach a local echo server that a pod's port is mapped to; the channels' port
/// prefixes, a port that is not listening, RBAC and a request that is no WebSocket.
/// </summary>
public sealed class PortForwardTests : IAsyncLifetime
{
    readonly TempDir _dir = new();
    readonly TcpListener _echo = new(IPAddress.Loopback, 0);
    readonly CancellationTokenSource _stop = new();
    TestApiServer _server = null!;
    string _kubeconfig = null!;

    public async Task InitializeAsync()
    {
        _server = await TestApiServer.StartAsync(new TestApiServerOptions());
        _server.Store.PutManifests("""
            apiVersion: v1
            kind: Pod
            metadata: {name: gw-0, namespace: istio-system}
            """);
        _echo.Start();
        _ = EchoAsync();
        _server.PortForwarding.Map("istio-system", "gw-0", 8443, (IPEndPoint)_echo.LocalEndpoint);
        var limited = _server.Users.AddTokenUser("reader", "reader-token", AccessPolicy.DenyAll().Allow("get,list", "", "pods,pods/portforward"));
        _server.Kubeconfig.AddUserContext("reader", limited);
        _kubeconfig = _server.WriteKubeconfig(_dir.File("kubeconfig"));
    }

    [Fact]
    public async Task KubernetesClients_port_forward_reaches_the_mapped_endpoint_and_back()
    {
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_kubeconfig, currentContext: "test"));
        using var socket = await client.WebSocketNamespacedPodPortForwardAsync("gw-0", "istio-system", [8443], WebSocketProtocol.V4BinaryWebsocketProtocol);
        using var demuxer = new StreamDemuxer(socket, StreamType.PortForward);
        demuxer.Start();
        var stream = demuxer.GetStream((byte?)0, (byte?)0);

        await stream.WriteAsync(Encoding.ASCII.GetBytes("hello gateway"));
        var answer = new byte[13];
        await stream.ReadExactlyAsync(answer);

        Assert.Equal("hello gateway", Encoding.ASCII.GetString(answer));
        Assert.Equal(1, _server.PortForwarding.Accepted);
    }

    [Fact]
    public async Task Each_channel_starts_with_the_port_little_endian_and_a_closed_port_is_an_error_on_channel_1()
    {
        using var socket = await ConnectAsync("admin-token", 9999);

        Assert.Equal(PortForwarding.Protocol, socket.SubProtocol);
        Assert.Equal(new byte[] { 0, 0x0f, 0x27 }, await ReceiveAsync(socket));
        Assert.Equal(new byte[] { 1, 0x0f, 0x27 }, await ReceiveAsync(socket));
        var error = await ReceiveAsync(socket);
        Assert.Equal(1, error[0]);
        Assert.StartsWith("error forwarding port 9999 to pod istio-system/gw-0: ", Encoding.UTF8.GetString(error.AsSpan(1)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Port_forward_needs_create_on_pods_portforward()
    {
        var error = await Assert.ThrowsAsync<WebSocketException>(() => ConnectAsync("reader-token", 8443));

        Assert.Contains("'403'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.PortForwarding.Accepted);
    }

    [Theory]
    [InlineData("/api/v1/namespaces/istio-system/pods/gw-0/portforward?ports=8443", HttpStatusCode.BadRequest, "only as a WebSocket upgrade")]
    [InlineData("/api/v1/namespaces/istio-system/pods/nope/portforward?ports=8443", HttpStatusCode.NotFound, "pods \\\"nope\\\" not found")]
    public async Task What_is_not_a_WebSocket_to_a_pod_is_refused_with_a_status(string path, HttpStatusCode code, string message)
    {
        using var http = _server.CreateHttpClient();
        using var response = await http.GetAsync(path);

        Assert.Equal(code, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ports=80,443", PortForwarding.Protocol, "one port to forward is needed (ports=80,443)")]
    [InlineData("ports=8443", "SPDY/3.1+portforward.k8s.io", "no supported WebSocket subprotocol in [SPDY/3.1+portforward.k8s.io]")]
    public async Task A_WebSocket_needs_one_port_and_the_channel_protocol(string query, string protocol, string message)
    {
        using var http = _server.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/istio-system/pods/gw-0/portforward?{query}");
        request.Headers.Add("Connection", "Upgrade");
        request.Headers.Add("Upgrade", "websocket");
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(new byte[16]));
        request.Headers.Add("Sec-WebSocket-Protocol", protocol);
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    async Task<ClientWebSocket> ConnectAsync(string token, int port)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(PortForwarding.Protocol);
        socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is System.Security.Cryptography.X509Certificates.X509Certificate2 c && _server.ServerCa.Issued(c);
        var uri = new Uri($"wss://127.0.0.1:{_server.Port}/api/v1/namespaces/istio-system/pods/gw-0/portforward?ports={port}");
        try
        {
            await socket.ConnectAsync(uri, CancellationToken.None);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return socket;
    }

    static async Task<byte[]> ReceiveAsync(WebSocket socket)
    {
        var buffer = new byte[4096];
        var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
        Assert.True(result.EndOfMessage);
        return buffer[..result.Count];
    }

    async Task EchoAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _echo.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    var buffer = new byte[4096];
                    int read;
                    while ((read = await client.ReceiveAsync(buffer)) > 0)
                    {
                        await client.SendAsync(buffer.AsMemory(0, read));
                    }
                }
            });
        }
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _echo.Stop();
        await _server.DisposeAsync();
        _stop.Dispose();
        _dir.Dispose();
    }
}
