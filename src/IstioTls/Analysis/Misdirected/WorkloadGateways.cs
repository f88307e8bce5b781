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
            return [.. snapshot.Gateways.Where(g => pods.Any(p => g.Selector.IsSubsetOf(p.Labels)))];
        }
        // No pods in the input: a Gateway whose selector is part of the filter's labels applies
        // to every pod the filter selects; others may or may not, and are left out.
        return [.. snapshot.Gateways.Where(g => g.Selector.IsSubsetOf(selector))];
    }

    /// <summary>Pods (or Deployments' pod templates) in <paramref name="ns"/> that the selector selects.</summary>
    public static IReadOnlyList<WorkloadInstance> Instances(ConfigSnapshot snapshot, LabelSet selector, string ns) =>
        [.. snapshot.Workloads.Where(w => w.Namespace == ns && selector.IsSubsetOf(w.Labels))];
}
