namespace IstioTls.Model;

/// <summary>
/// A Kubernetes Service, as far as it says where a gateway workload is reached from outside: the
/// pods it selects, its ports, and its addresses (a load balancer's ingress IPs or host names,
/// then <c>spec.externalIPs</c>).
/// </summary>
public sealed record GatewayService(string Namespace, string Name, string Type, LabelSet Selector, IReadOnlyList<int> Ports, IReadOnlyList<string> Ingress, IReadOnlyList<string> ExternalIps)
{
    public string Key => $"{Namespace}/{Name}";

    /// <summary>Whether the Service sends to this pod: a selector, every key of which the pod has.
    /// A Service without a selector selects nothing (its endpoints are managed by hand).</summary>
    public bool Selects(WorkloadInstance pod) =>
        !Selector.IsEmpty && pod.Namespace == Namespace && Selector.IsSubsetOf(pod.Labels);
}
