using IstioTls.Analysis.Misdirected;
using IstioTls.Model;

namespace IstioTls.Analysis.Rules;

/// <summary>
/// A strict filter answers 421 whenever the host is not the SNI host, also between hosts of one
/// server, which after a merge is every reused connection. Reported only where the input shows
/// its workload's terminating servers, and none of them at risk: a filter whose Gateways are not
/// in the input may still be needed.
/// </summary>
internal static class UnneededMisdirectedFilterRule
{
    /// <param name="found">The findings on the workloads, before mitigation: those at risk are
    /// what a filter is there for.</param>
    public static IEnumerable<Finding> Find(ConfigSnapshot snapshot, IReadOnlyList<Finding> found, string rootNamespace)
    {
        var risks = found.Where(f => f.Code is FindingCodes.SharedCertificate or FindingCodes.PossibleSharedCertificate or FindingCodes.CoveringCertificate).ToList();
        foreach (var filter in snapshot.EnvoyFilters.Where(f => MisdirectedFilterMarks.ModeOf(f) == MisdirectedMode.Strict))
        {
            if (filter.WorkloadSelector.IsEmpty || risks.Any(r => FilterCoverage.Judge(snapshot, filter, r, rootNamespace).Kind != CoverageKind.None) || ReachesNoPod(snapshot, filter))
            {
                continue;
            }
            var gateways = WorkloadGateways.For(snapshot, filter.WorkloadSelector, filter.Meta.Namespace);
            if (risks.Any(r => r.Servers.Any(s => gateways.Contains(s.Gateway))))
            {
                // Its Gateways are at risk and it does not reach them (another namespace): it is
                // not unneeded but misplaced, and the risk stays reported unmitigated.
                continue;
            }
            var hosts = gateways
                .SelectMany(g => g.Servers)
                .Where(s => s.TerminatesHttps)
                .SelectMany(s => s.Hosts.Select(h => h.Host))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (hosts.Count > 0)
            {
                yield return ToFinding(snapshot, filter, hosts);
            }
        }
    }

    // Its gateway pods run in another namespace: it reaches none, which is another matter.
    private static bool ReachesNoPod(ConfigSnapshot snapshot, EnvoyFilter filter) =>
        WorkloadGateways.Instances(snapshot, filter.WorkloadSelector, filter.Meta.Namespace).Count == 0
        && snapshot.Workloads.Any(w => filter.WorkloadSelector.IsSubsetOf(w.Labels));

    private static Finding ToFinding(ConfigSnapshot snapshot, EnvoyFilter filter, IReadOnlyList<string> hosts) => new()
    {
        Code = FindingCodes.UnneededMisdirectedFilter,
        Severity = Severity.Info,
        Message = $"EnvoyFilter {filter.Key} answers 421 to every request whose host is not the TLS SNI host, but no servers of its workload share a certificate any more: browsers that reuse a connection for another host of one server now pay a new connection",
        Selector = filter.WorkloadSelector,
        Servers = [],
        Detail = new MisdirectedFilterDetail(
            filter,
            hosts,
            snapshot.CertificatesInspected ? [] : ["certificates were not inspected: a wildcard certificate that covers another server's host needs the filter too; check with --inspect-certs before deleting it"]),
        Fix = new FixAdvice(null, Delete(filter, ToolCommand.For(snapshot.Origin))),
    };

    // apply-421 --delete reads a cluster; from files, the filter is deleted where it is written.
    private static string Delete(EnvoyFilter filter, ToolCommand command)
    {
        var delete = $"kubectl istio-tls apply-421 --delete --selector {filter.WorkloadSelector} --namespace {filter.Meta.Namespace}";
        return command.OnFiles ? $"delete it: remove EnvoyFilter {filter.Key} from the manifests, or run {delete} on the cluster" : $"delete it: {delete}";
    }
}
