using IstioTls.Model;

namespace IstioTls.Analysis;

/// <summary>
/// A gateway workload as istiod sees it: the set of Gateways merged into one Envoy
/// configuration. <see cref="Possible"/> marks a group formed from nested selectors offline,
/// where nothing tells whether the Gateways reach the same pods.
/// </summary>
public sealed record Proxy(
    string Key,
    IReadOnlyList<string> Workloads,
    string? Namespace,
    IReadOnlyList<Gateway> Gateways,
    bool Possible);
