using IstioTls.Analysis.Istiod;
using IstioTls.Model;

namespace IstioTls.Analysis.Rules;

/// <summary>
/// A server that istiod skips because an older kept server on the same listener port and bind
/// already lists one of its hosts ("skipping server on gateway ..., duplicate host names"): the
/// whole later server, with all its hosts, is silently not served. Hosts compare as istiod
/// compares them (exact strings after sanitising), so <c>ns1/a.com</c> and <c>ns2/a.com</c> are
/// no duplicates (see <see cref="ListenerRejectedRule"/> for what that leads to).
/// </summary>
internal static class DuplicateHostRule
{
    public static IEnumerable<Finding> Find(WorkloadGroup workload) =>
        workload.Merged.Skipped.OfType<DuplicateHostSkip>().Select(skip => ToFinding(workload, skip));

    private static Finding ToFinding(WorkloadGroup workload, DuplicateHostSkip skip)
    {
        IReadOnlyList<Server> servers = [.. skip.HeldBy, skip.Server];
        var hosts = skip.Hosts.Order(StringComparer.Ordinal).ToList();
        var keptBy = string.Join(", ", skip.HeldBy.Select(s => s.ToString()));
        return new Finding
        {
            Code = FindingCodes.DuplicateHost,
            Severity = workload.Possible ? Severity.Info : Severity.Error,
            Message = $"{servers.Count} servers on {skip.Listener} list {string.Join(", ", hosts)}; istiod keeps {keptBy} (the oldest) and drops {skip.Server} with all its hosts",
            Binding = skip.Listener,
            Selector = skip.HeldBy[0].Gateway.Selector,
            Workloads = workload.Workloads,
            Servers = servers,
            Detail = new DuplicateHostDetail(hosts),
            Fix = new FixAdvice(null, "list each host in only one server per port of a gateway workload"),
        };
    }
}
