using IstioTls.Model;

namespace IstioTls.Analysis.Rules;

/// <summary>
/// Runs every rule about servers on every workload group. Two workloads with the same Gateways
/// (two ingress deployments with the same labels) give the same finding once, naming both; a
/// possible group (nested selectors) reports only servers no definite group reported already.
/// Live, a group that reaches no gateway pod now reports at info: no proxy serves it yet.
/// </summary>
internal static class WorkloadRules
{
    public static IReadOnlyList<Finding> Find(WorkloadGroups groups, CertificateCatalog certificates, DateTimeOffset now, TimeSpan expiryWarning, string? context, ToolCommand command)
    {
        var found = new Dictionary<string, Finding>(StringComparer.Ordinal);
        foreach (var workload in groups.OrderBy(g => g.Possible))
        {
            IEnumerable<Finding>[] rules =
            [
                SharedCertificateRule.Find(workload, certificates, command),
                DuplicateHostRule.Find(workload),
                ListenerRejectedRule.Find(workload),
                CoveringCertificateRule.Find(workload, certificates, command),
                CertificateValidityRule.Find(workload, certificates, now, expiryWarning),
                HostNotCoveredRule.Find(workload, certificates),
            ];
            foreach (var finding in rules.SelectMany(r => workload.ReachesNoPod ? r.Select(NotServedNow) : r))
            {
                if (found.TryGetValue(finding.Identity, out var earlier))
                {
                    found[finding.Identity] = earlier with { Workloads = [.. earlier.Workloads.Union(finding.Workloads, StringComparer.Ordinal)] };
                }
                else if (!workload.Possible || !found.Values.Any(f => SameServers(f, finding)))
                {
                    found[finding.Identity] = finding with { Context = context };
                }
            }
        }
        return [.. found.Values];
    }

    /// <summary>The Gateways' selector matched none of the gateway pods listed: istiod sends
    /// these servers to no proxy, so the finding is what happens once a pod matches.</summary>
    private static Finding NotServedNow(Finding finding) => finding with
    {
        Severity = Severity.Info,
        Message = $"{finding.Message}; selector {finding.Selector} reaches no gateway pod now, so no browser is at risk yet",
    };

    private static bool SameServers(Finding a, Finding b) =>
        a.Servers.Count == b.Servers.Count && a.Servers.All(b.Servers.Contains);
}
