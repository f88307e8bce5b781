using IstioTls.Analysis;
using IstioTls.Cluster;
using IstioTls.Model;
using IstioTls.Probing;

namespace IstioTls.Application;

/// <summary>
/// <c>--port-forward</c>: the tunnel to one Running and Ready pod of the finding's gateway
/// workload, to the port Envoy listens on (the Service's targetPort, which the finding's listener
/// is), tried once so that a refusal is the group's one-line error rather than every pair's.
/// </summary>
public sealed class GatewayTunnel : IGatewayTunnel
{
    private readonly PodPortForward forward;

    private GatewayTunnel(PodPortForward forward) => this.forward = forward;

    public string Target => $"pod {forward.Pod} port {forward.Port} (port-forward)";

    public async Task<Stream> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await forward.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterException e)
        {
            throw new IOException(e.Message, e);
        }
    }

    /// <summary>The tunnel, or the one line that says why there is none.</summary>
    public static async Task<(GatewayTunnel? Tunnel, string? Error)> ForAsync(Finding finding, ConfigSnapshot snapshot, KubeConnection connection, CancellationToken cancellationToken)
    {
        var binding = finding.Binding!.Value;
        var workload = string.Join(", ", finding.Workloads);
        if (!finding.PortEstablished)
        {
            return (null, $"the port Envoy listens on for port {binding.Port} is not established (no Service in front of gateway workload {workload} was read): --port-forward needs the pod's port; give the gateway's address with --address");
        }
        var pods = snapshot.Workloads.Where(w => w.Kind == "Pod" && finding.Workloads.Contains(w.WorkloadKey)).ToList();
        if (pods.Count == 0)
        {
            return (null, $"no gateway pod found for {(workload.Length > 0 ? $"workload {workload}" : $"selector {finding.Selector}")}: nothing to port-forward to; give the gateway's address with --address");
        }
        try
        {
            var ready = await PodPortForward.FirstReadyAsync(connection, pods[0].Namespace, pods.Select(p => p.Name), cancellationToken).ConfigureAwait(false);
            if (ready is null)
            {
                return (null, $"no pod of gateway workload {workload} is Running and Ready ({pods.Count} pod{(pods.Count == 1 ? "" : "s")}): nothing to port-forward to");
            }
            var tunnel = new GatewayTunnel(new PodPortForward(connection, pods[0].Namespace, ready, binding.Port));
            await using (await tunnel.forward.OpenAsync(cancellationToken).ConfigureAwait(false))
            {
                // Opened and closed: the API server lets this user forward to the pod.
            }
            return (tunnel, null);
        }
        catch (ClusterException e)
        {
            return (null, e.Message);
        }
    }
}
