using IstioTls.Model;

namespace IstioTls.Analysis.Misdirected;

/// <summary>Whether a 421 filter reaches the gateway pods of a finding: what both mitigation and
/// <c>UnneededMisdirectedFilter</c> ask, so they must agree.</summary>
internal static class FilterCoverage
{
    /// <summary>The filter applies to the pods of the finding's workload: they carry its
    /// workloadSelector labels (and, when pods tell, run in its namespace).</summary>
    public static bool Covers(ConfigSnapshot snapshot, EnvoyFilter filter, Finding finding)
    {
        if (filter.WorkloadSelector.IsEmpty)
        {
            return false;
        }
        if (finding.Workloads.Count > 0)
        {
            return snapshot.Workloads.Any(w =>
                finding.Workloads.Contains(w.WorkloadKey)
                && w.Namespace == filter.Meta.Namespace
                && filter.WorkloadSelector.IsSubsetOf(w.Labels));
        }
        // Offline without pods: the workload is the pods the Gateways' selector selects; the
        // filter reaches all of them when its labels are part of that selector.
        var selectors = finding.Servers.Select(s => s.Gateway.Selector).Where(s => !s.IsEmpty).Distinct().ToList();
        return selectors.Count > 0 && selectors.All(filter.WorkloadSelector.IsSubsetOf);
    }
}
