using IstioTls.Analysis.Istiod;
using IstioTls.Model;

namespace IstioTls.Plans.Misdirected;

/// <summary>
/// One gateway workload to protect: the EnvoyFilter's <c>workloadSelector</c> (a Gateway
/// selector), the namespace it goes in (the workload's), the Gateways that apply there, and
/// whether servers there share a certificate (else the filter is there on purpose, by
/// <c>--all</c> or <c>--selector</c>).
/// </summary>
public sealed record FilterTarget(LabelSet Selector, string Namespace, IReadOnlyList<Gateway> Gateways, bool AtRisk)
{
    /// <summary>What istiod builds from the Gateways on these pods: the listeners a precise
    /// filter matches, and the hosts of their filter chains.</summary>
    public required MergedGateway Merged { get; init; }

    /// <summary>The EnvoyFilter's name (<see cref="FilterNames"/>).</summary>
    public string Name { get; init; } = FilterNames.For(Selector);
}
