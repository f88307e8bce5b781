using IstioTls.Model;

namespace IstioTls.Analysis.Rules;

/// <summary>
/// Two servers with a tls block on one workload and listener that list the same host. istiod
/// processes Gateways oldest first and skips a later server whose hosts are already taken
/// ("skipping server on gateway ..., duplicate host names"): the whole later server, with all
/// its hosts, is silently not served.
/// </summary>
internal static class DuplicateHostRule
{
    public static IEnumerable<Finding> Find(WorkloadGroup workload)
    {
        var withTls = workload.Servers(s => s.Tls is not null);
        foreach (var onPort in withTls.GroupBy(PortBinding.Of))
        {
            var byHost = new Dictionary<string, List<Server>>(StringComparer.Ordinal);
            foreach (var server in onPort)
            {
                foreach (var host in server.Hosts.Select(h => h.Sni).Distinct(StringComparer.Ordinal))
                {
                    if (!byHost.TryGetValue(host, out var list))
                    {
                        byHost[host] = list = [];
                    }
                    list.Add(server);
                }
            }
            var clashes = byHost
                .Where(e => e.Value.Count > 1)
                .GroupBy(e => string.Join(',', e.Value.Select(s => s.Key)), StringComparer.Ordinal);
            foreach (var clash in clashes)
            {
                var servers = clash.First().Value;
                var hosts = clash.Select(e => e.Key).Order(StringComparer.Ordinal).ToList();
                yield return ToFinding(workload, onPort.Key, servers, hosts);
            }
        }
    }

    private static Finding ToFinding(WorkloadGroup workload, PortBinding binding, IReadOnlyList<Server> servers, IReadOnlyList<string> hosts)
    {
        var kept = servers[0];
        var dropped = string.Join(", ", servers.Skip(1).Select(s => s.ToString()));
        return new Finding
        {
            Code = FindingCodes.DuplicateHost,
            Severity = workload.Possible ? Severity.Info : Severity.Error,
            Message = $"{servers.Count} servers on {binding} list {string.Join(", ", hosts)}; istiod keeps {kept} (the oldest) and drops {dropped} with all its hosts",
            Binding = binding,
            Selector = kept.Gateway.Selector,
            Workloads = workload.Workloads,
            Servers = servers,
            Detail = new DuplicateHostDetail(hosts),
            Fix = new FixAdvice(null, "list each host in only one server per port of a gateway workload"),
        };
    }
}
