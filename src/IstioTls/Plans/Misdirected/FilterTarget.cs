using IstioTls.Model;

namespace IstioTls.Plans.Misdirected;

/// <summary>
/// One gateway workload to protect: the EnvoyFilter's <c>workloadSelector</c> (a Gateway
/// selector), the namespace it goes in (the workload's), and the Gateways that apply there.
/// </summary>
public sealed record FilterTarget(LabelSet Selector, string Namespace, IReadOnlyList<Gateway> Gateways)
{
    public string Name => FilterNames.For(Selector);
}
