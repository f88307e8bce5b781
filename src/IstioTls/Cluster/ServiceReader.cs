using IstioTls.Model;
using IstioTls.Sources;

namespace IstioTls.Cluster;

/// <summary>The Services of one namespace (where a gateway workload runs), for its address.</summary>
public static class ServiceReader
{
    public static async Task<IReadOnlyList<GatewayService>> ListAsync(KubeConnection connection, string @namespace, CancellationToken cancellationToken)
    {
        var items = await ListPager.ListAsync(connection, $"/api/v1/namespaces/{Uri.EscapeDataString(@namespace)}/services", cancellationToken).ConfigureAwait(false);
        try
        {
            return [.. items.Select(ServiceDecoder.Decode)];
        }
        catch (DecodeException e)
        {
            throw new ClusterException($"context \"{connection.Context}\": a Service in {@namespace}: {e.Message}");
        }
    }
}
