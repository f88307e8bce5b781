using IstioTls.Analysis.Istiod;
using IstioTls.Model;

namespace IstioTls.Analysis.Misdirected;

/// <summary>
/// The Gateways that apply to the pods an EnvoyFilter's <c>workloadSelector</c> selects in its
/// namespace. <c>apply-421</c> builds a precise filter's host table from them and <c>check</c>
/// recomputes it from them, so both always mean the same pods.
/// </summary>
public static class WorkloadGateways
{
    public static IReadOnlyList<Gateway> For(ConfigSnapshot snapshot, LabelSet selector, string ns)
    {
        var pods = Instances(snapshot, selector, ns);
        if (pods.Count > 0)
        {
            return StrictGatewayMerging.Filter([.. snapshot.Gateways.Where(g => g.ReachesAny(pods))]);
        }
        // No pods in the input: a pod with just the filter's labels, in its namespace, stands for
        // them. A Gateway that reaches it applies to every pod the filter selects; others may or
        // may not, and are left out.
        var selected = new WorkloadInstance(ns, WorkloadName: "", Kind: "", Name: "", selector);
        return StrictGatewayMerging.Filter([.. snapshot.Gateways.Where(g => g.Reaches(selected))]);
    }

    /// <summary>What istiod builds on the pods the selector selects in <paramref name="ns"/>: the
    /// Gateways that apply there, merged, with their ports resolved through the Services in
    /// front of those pods.</summary>
    public static MergedGateway Merged(ConfigSnapshot snapshot, LabelSet selector, string ns)
    {
        var gateways = For(snapshot, selector, ns);
        var pods = Instances(snapshot, selector, ns);
        return MergedGateway.Build(gateways.SelectMany(g => g.Servers).Order(GatewayOrder.Instance), ListenerPorts.For(snapshot, pods, gateways), snapshot.VirtualServices);
    }

    /// <summary>Pods (or Deployments' pod templates) in <paramref name="ns"/> that the selector selects.</summary>
    public static IReadOnlyList<WorkloadInstance> Instances(ConfigSnapshot snapshot, LabelSet selector, string ns) =>
        [.. snapshot.Workloads.Where(w => w.Namespace == ns && selector.IsSubsetOf(w.Labels))];
}
