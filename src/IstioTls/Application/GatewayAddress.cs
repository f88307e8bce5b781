using IstioTls.Analysis;
using IstioTls.Model;
using IstioTls.Probing;

namespace IstioTls.Application;

/// <summary>
/// Where browsers reach a gateway workload: the Service that selects its pods and serves the
/// Gateway's port, at its load balancer's ingress IP or host name, else its first external IP.
/// The Gateway's port is the Service's port (istiod maps it to the targetPort Envoy listens on,
/// which is the finding's listener port).
/// </summary>
public static class GatewayAddress
{
    /// <summary>The address, or the one line that says why there is none and what to do.</summary>
    public static (ProbeAddress? Address, string? Error) For(Finding finding, ConfigSnapshot snapshot)
    {
        var ports = finding.Servers.Select(s => s.Port.Number).Distinct().ToList();
        var pods = snapshot.Workloads.Where(w => finding.Workloads.Contains(w.WorkloadKey)).ToList();
        var workload = string.Join(", ", finding.Workloads);
        if (pods.Count == 0)
        {
            return (null, $"no gateway pod found for selector {finding.Selector}: give the gateway's address with --address");
        }
        var serving = snapshot.Services.Where(s => pods.Any(s.Selects) && s.Ports.Any(p => ports.Contains(p.Port))).OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
        var port = serving.Count == 0 ? ports[0] : serving[0].Ports.First(p => ports.Contains(p.Port)).Port;
        if (serving.Count == 0)
        {
            return (null, $"no Service selects gateway workload {workload} on port {port}: give the gateway's address with --address");
        }
        if (serving.FirstOrDefault(s => s.Ingress.Count > 0) is { } balanced)
        {
            return (new ProbeAddress(balanced.Ingress[0], port), null);
        }
        if (serving.FirstOrDefault(s => s.ExternalIps.Count > 0) is { } external)
        {
            return (new ProbeAddress(external.ExternalIps[0], port), null);
        }
        var names = string.Join(", ", serving.Select(s => $"{s.Key} ({s.Type})"));
        return (null, $"Service {names} of gateway workload {workload} has no load-balancer address and no external IP: give the gateway's address with --address (with kubectl port-forward -n {serving[0].Meta.Namespace} svc/{serving[0].Meta.Name} 8443:{port} in another shell: --address 127.0.0.1:8443), or tunnel to a gateway pod with --port-forward");
    }
}
