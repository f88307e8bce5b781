using System.Text.Json.Nodes;
using IstioTls.Documents;

namespace IstioTls.Cluster;

/// <summary>
/// <c>kubectl port-forward</c>'s tunnel to one port of one pod through the API server, for
/// clusters whose gateway has no address this machine reaches. Each <see cref="OpenAsync"/> is a
/// WebSocket of its own, because the protocol carries one connection per WebSocket. Needs
/// <c>create</c> on <c>pods/portforward</c>.
/// </summary>
public sealed class PodPortForward(KubeConnection connection, string @namespace, string pod, int port)
{
    /// <summary>The WebSocket subprotocol of port-forward's binary channels.</summary>
    public const string Protocol = "v4.channel.k8s.io";

    public string Pod => $"{@namespace}/{pod}";

    public int Port => port;

    public string Path => $"/api/v1/namespaces/{Uri.EscapeDataString(@namespace)}/pods/{Uri.EscapeDataString(pod)}/portforward?ports={port}";

    /// <summary>A new connection to the pod's port.</summary>
    public async Task<Stream> OpenAsync(CancellationToken cancellationToken)
    {
        var socket = await connection.OpenWebSocketAsync(Path, Protocol, "create", cancellationToken).ConfigureAwait(false);
        if (socket.SubProtocol != Protocol)
        {
            socket.Dispose();
            throw new ClusterException($"context \"{connection.Context}\": port-forward to pod {Pod}: the server did not agree to {Protocol}");
        }
        return new PortForwardStream(socket, $"port-forward to pod {Pod} port {port}");
    }

    /// <summary>The first of <paramref name="pods"/> by name that is Running with its Ready
    /// condition true, as the API server reports them now; null when none is.</summary>
    public static async Task<string?> FirstReadyAsync(KubeConnection connection, string @namespace, IEnumerable<string> pods, CancellationToken cancellationToken)
    {
        foreach (var name in pods.Order(StringComparer.Ordinal))
        {
            var pod = await connection.GetJsonAsync($"/api/v1/namespaces/{Uri.EscapeDataString(@namespace)}/pods/{Uri.EscapeDataString(name)}", cancellationToken).ConfigureAwait(false);
            if (IsReady(pod))
            {
                return name;
            }
        }
        return null;
    }

    private static bool IsReady(JsonNode? pod) =>
        JsonNodes.StringAt(pod, "status", "phase") == "Running"
        && pod?["status"]?["conditions"] is JsonArray conditions
        && conditions.Any(c => JsonNodes.StringAt(c, "type") == "Ready" && JsonNodes.StringAt(c, "status") == "True");
}
