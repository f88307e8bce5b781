using IstioTls.Model;

namespace IstioTls.Analysis;

/// <summary>
/// The Gateways that reach one gateway workload: istiod merges their servers into one Envoy
/// configuration, so the rules judge them together. <see cref="Workloads"/> names the workloads
/// where pods or Deployments told; <see cref="Namespace"/> is where their Secrets resolve.
/// <see cref="Possible"/> marks a group formed from nested selectors offline, where nothing tells
/// whether the Gateways reach the same pods.
/// </summary>
public sealed record WorkloadGroup(
    IReadOnlyList<string> Workloads,
    string? Namespace,
    IReadOnlyList<Gateway> Gateways,
    bool Possible)
{
    /// <summary>The servers of these Gateways that pass <paramref name="filter"/>, in the order
    /// istiod merges them: oldest Gateway first, then by position in <c>spec.servers</c>.</summary>
    public IEnumerable<Server> Servers(Func<Server, bool> filter) =>
        Gateways.SelectMany(g => g.Servers).Where(filter).Order(GatewayOrder.Instance);
}
