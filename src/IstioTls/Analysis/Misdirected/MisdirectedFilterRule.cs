using IstioTls.Model;

namespace IstioTls.Analysis.Misdirected;

/// <summary>
/// What the EnvoyFilters in the input change about the findings: a shared certificate on a
/// workload that this tool's current 421 filter covers is mitigated (info: browsers get 421 and
/// reconnect instead of 404); a precise filter whose host table no longer matches the Gateways
/// is stale; a strict filter left on a workload with nothing to mitigate is unneeded; a copy of
/// the seed's snippet is reported with its defects.
/// </summary>
internal static class MisdirectedFilterRule
{
    public static IEnumerable<Finding> Review(ConfigSnapshot snapshot, IEnumerable<Finding> findings)
    {
        var current = new List<EnvoyFilter>();
        var filterFindings = new List<Finding>();
        foreach (var filter in snapshot.EnvoyFilters)
        {
            switch (MisdirectedFilterMarks.ModeOf(filter))
            {
                case MisdirectedMode.Strict:
                    current.Add(filter);
                    break;
                case MisdirectedMode.Precise when Stale(snapshot, filter) is { } stale:
                    filterFindings.Add(stale);
                    break;
                case MisdirectedMode.Precise:
                    current.Add(filter);
                    break;
                default:
                    if (SeedSnippet.Defects(filter) is { Count: > 0 } defects)
                    {
                        filterFindings.Add(Seed(filter, defects));
                    }
                    break;
            }
        }
        var risks = findings.Where(f => f.Code is FindingCodes.SharedCertificate or FindingCodes.PossibleSharedCertificate or FindingCodes.CoveringCertificate).ToList();
        foreach (var filter in current.Where(f => MisdirectedFilterMarks.ModeOf(f) == MisdirectedMode.Strict))
        {
            if (Unneeded(snapshot, filter, risks) is { } unneeded)
            {
                filterFindings.Add(unneeded);
            }
        }
        foreach (var finding in findings)
        {
            // A certificate that covers another server's host is reused the same way: the host
            // differs from the SNI, and the filter answers 421 to it too.
            var cover = finding.Code is FindingCodes.SharedCertificate or FindingCodes.CoveringCertificate
                ? current.OrderBy(f => f.Key, StringComparer.Ordinal).FirstOrDefault(f => Covers(snapshot, f, finding))
                : null;
            yield return cover is null ? finding : finding with
            {
                Severity = Severity.Info,
                MitigatedBy = cover.Key,
                Message = $"{finding.Message}; mitigated: EnvoyFilter {cover.Key} answers 421 Misdirected Request, so browsers open a new connection",
            };
        }
        foreach (var finding in filterFindings)
        {
            yield return finding;
        }
    }

    /// <summary>The filter applies to the pods of the finding's workload: they carry its
    /// workloadSelector labels (and, when pods tell, run in its namespace).</summary>
    private static bool Covers(ConfigSnapshot snapshot, EnvoyFilter filter, Finding finding)
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

    private static Finding? Stale(ConfigSnapshot snapshot, EnvoyFilter filter)
    {
        var table = HostTable.Of(WorkloadGateways.For(snapshot, filter.WorkloadSelector, filter.Meta.Namespace));
        filter.Meta.Annotations.TryGetValue(MisdirectedFilterMarks.HostTableAnnotation, out var generatedFrom);
        if (generatedFrom == table.Hash)
        {
            return null;
        }
        var rerun = $"kubectl istio-tls apply-421 --mode precise --selector {filter.WorkloadSelector} --namespace {filter.Meta.Namespace}";
        return new Finding
        {
            Code = FindingCodes.StaleMisdirectedFilter,
            Severity = Severity.Warning,
            Message = $"EnvoyFilter {filter.Key} was generated from other Gateway hosts than its workload has now: it lets misdirected requests for new hosts through (404) and may answer 421 for hosts that moved",
            Port = 0,
            Selector = filter.WorkloadSelector,
            Hosts = [.. table.Ports.SelectMany(p => p.Servers).SelectMany(s => s.Hosts).Distinct(StringComparer.Ordinal)],
            Servers = [],
            Filter = filter,
            Fix = new FixAdvice(null, $"regenerate it: {rerun}"),
        };
    }

    /// <summary>A strict filter answers 421 whenever the host is not the SNI host, also between
    /// hosts of one server, which after a merge is every reused connection. Only where the input
    /// shows its workload's terminating servers, and none of them at risk: a filter whose
    /// Gateways are not in the input may still be needed.</summary>
    private static Finding? Unneeded(ConfigSnapshot snapshot, EnvoyFilter filter, IReadOnlyList<Finding> risks)
    {
        if (filter.WorkloadSelector.IsEmpty || risks.Any(r => Covers(snapshot, filter, r)))
        {
            return null;
        }
        if (WorkloadGateways.Instances(snapshot, filter.WorkloadSelector, filter.Meta.Namespace).Count == 0
            && snapshot.Workloads.Any(w => filter.WorkloadSelector.IsSubsetOf(w.Labels)))
        {
            // Its gateway pods run in another namespace: it reaches none, which is another matter.
            return null;
        }
        var hosts = WorkloadGateways.For(snapshot, filter.WorkloadSelector, filter.Meta.Namespace)
            .SelectMany(g => g.Servers)
            .Where(s => s.TerminatesHttps)
            .SelectMany(s => s.Hosts.Select(h => h.Host))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (hosts.Count == 0)
        {
            return null;
        }
        return new Finding
        {
            Code = FindingCodes.UnneededMisdirectedFilter,
            Severity = Severity.Info,
            Message = $"EnvoyFilter {filter.Key} answers 421 to every request whose host is not the TLS SNI host, but no servers of its workload share a certificate any more: browsers that reuse a connection for another host of one server now pay a new connection",
            Port = 0,
            Selector = filter.WorkloadSelector,
            Hosts = hosts,
            Servers = [],
            Filter = filter,
            Details = snapshot.CertificatesInspected ? [] : ["certificates were not inspected: a wildcard certificate that covers another server's host needs the filter too; check with --inspect-certs before deleting it"],
            Fix = new FixAdvice(null, $"delete it: kubectl istio-tls apply-421 --delete --selector {filter.WorkloadSelector} --namespace {filter.Meta.Namespace}"),
        };
    }

    private static Finding Seed(EnvoyFilter filter, IReadOnlyList<string> defects) => new()
    {
        Code = FindingCodes.SeedMisdirectedFilter,
        Severity = Severity.Warning,
        Message = $"EnvoyFilter {filter.Key} carries the widely copied 421 Lua snippet, which has known defects",
        Port = 0,
        Selector = filter.WorkloadSelector,
        Servers = [],
        Filter = filter,
        Details = defects,
        Fix = new FixAdvice(null, $"replace it with a scoped filter without these defects: kubectl istio-tls apply-421 --dry-run, then kubectl delete envoyfilter -n {filter.Meta.Namespace} {filter.Meta.Name}"),
    };
}
