using IstioTls.Probing;

namespace IstioTls.Application;

/// <summary>Which hosts <c>probe</c> tries, as the command line chose them.</summary>
public abstract record ProbeTargets;

/// <summary><c>--host A --host B ...</c>: one group of the given hosts; no cluster is read.</summary>
/// <param name="Address">null: each host's own name on port 443.</param>
public sealed record GivenHosts(IReadOnlyList<string> Hosts, ProbeAddress? Address) : ProbeTargets;

/// <summary>The servers of <c>check</c>'s findings on a live cluster, one concrete host each.</summary>
/// <param name="Namespace">Only findings that involve this namespace (<c>-n</c>), as check.</param>
/// <param name="SampleHosts">A concrete name for a wildcard host (<c>--sample-host '*.example.com=www.example.com'</c>).</param>
/// <param name="Address">Where every group's gateway listens (<c>--address</c>); null: the address of
/// the gateway workload's Service.</param>
/// <param name="PortForward">Through a tunnel to a Ready gateway pod instead (<c>--port-forward</c>).</param>
public sealed record FindingHosts(ClusterInput Input, string? Namespace, IReadOnlyDictionary<string, string> SampleHosts, ProbeAddress? Address, bool PortForward = false) : ProbeTargets;
