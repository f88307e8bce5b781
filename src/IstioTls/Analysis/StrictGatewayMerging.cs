using IstioTls.Model;

namespace IstioTls.Analysis;

/// <summary>
/// istiod's strict Gateway merging (<c>PILOT_ENABLE_STRICT_GATEWAY_MERGING</c>, on by default;
/// pilot/pkg/model/push_context.go filterStrictGatewayMerging): on a pod that a managed Gateway
/// API Gateway (or a ListenerSet of one) reaches, istiod keeps the Gateway API servers and the
/// Istio Gateways of those Gateway API objects' namespaces, and drops every other Istio Gateway,
/// so that another namespace's credentials never land on the pod.
/// </summary>
public static class StrictGatewayMerging
{
    /// <summary>The Gateways istiod applies to one pod, given all that reach it.</summary>
    public static IReadOnlyList<Gateway> Filter(IReadOnlyList<Gateway> reaching)
    {
        var managed = reaching.Where(g => g.FromGatewayApi && g.Managed).Select(g => g.Meta.Namespace).ToHashSet(StringComparer.Ordinal);
        return managed.Count == 0
            ? reaching
            : [.. reaching.Where(g => g.FromGatewayApi || managed.Contains(g.Meta.Namespace))];
    }
}
