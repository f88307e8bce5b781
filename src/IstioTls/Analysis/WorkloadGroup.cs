using IstioTls.Analysis.Istiod;
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
    private MergedGateway? _merged;

    /// <summary>True live, when the gateway pods were listed and none of them is selected by
    /// these Gateways: istiod sends their servers to no proxy now, so nothing is at risk yet.</summary>
    public bool ReachesNoPod { get; init; }

    /// <summary>The ports Envoy listens on for the Gateway ports, through the Services in front
    /// of the workload.</summary>
    public ListenerPorts Ports { get; init; } = ListenerPorts.Assumed;

    /// <summary>The VirtualServices of the snapshot: PASSTHROUGH servers' filter chains come
    /// from them.</summary>
    public IReadOnlyList<VirtualService> VirtualServices { get; init; } = [];

    /// <summary>What istiod builds from these Gateways on this workload.</summary>
    public MergedGateway Merged => _merged ??= MergedGateway.Build(
        Gateways.SelectMany(g => g.Servers).Order(GatewayOrder.Instance), Ports, VirtualServices);

    /// <summary>The servers istiod keeps for this workload that pass <paramref name="filter"/>,
    /// in the order istiod merges them: oldest Gateway first, then by position in
    /// <c>spec.servers</c>. A server istiod skips (a duplicate host, a port taken by plain text)
    /// reaches no browser and shares nothing.</summary>
    public IEnumerable<Server> Servers(Func<Server, bool> filter) =>
        Merged.Kept.Select(k => k.Server).Where(filter);

    /// <summary>The Envoy listener a kept server is on: its resolved port and its bind.</summary>
    public PortBinding Binding(Server server) =>
        Merged.Find(server)?.Listener ?? PortBinding.Of(server);
}
