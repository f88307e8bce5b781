using IstioTls.Analysis.Istiod;
using IstioTls.Model;

namespace IstioTls.Analysis.Rules;

/// <summary>
/// Two filter chains of one Envoy listener that match the same SNI name (or two catch-all
/// chains): Envoy refuses the whole listener ("multiple filter chains with the same matching
/// rules"), so every host on it fails, which is worse than a 404. istiod lets it through where
/// its duplicate check does not see the clash: hosts that differ only in their namespace part
/// (<c>ns1/a.com</c>, <c>ns2/a.com</c>), or a host whose remembered bind another server
/// overwrote (istio/istio#24638).
/// </summary>
internal static class ListenerRejectedRule
{
    private const string CatchAll = "*";

    public static IEnumerable<Finding> Find(WorkloadGroup workload)
    {
        foreach (var listener in workload.Merged.Kept.Where(k => k.Chains.Count > 0).GroupBy(k => k.Listener))
        {
            var byName = new SortedDictionary<string, List<Server>>(StringComparer.Ordinal);
            foreach (var kept in listener)
            {
                foreach (var chain in kept.Chains)
                {
                    foreach (var name in chain.ServerNames ?? [CatchAll])
                    {
                        if (!byName.TryGetValue(name, out var servers))
                        {
                            byName[name] = servers = [];
                        }
                        servers.Add(kept.Server);
                    }
                }
            }
            var clashes = byName.Where(e => e.Value.Count > 1).ToList();
            if (clashes.Count > 0)
            {
                yield return ToFinding(workload, listener.Key, [.. clashes.SelectMany(c => c.Value).Distinct().Order(GatewayOrder.Instance)], [.. clashes.Select(c => c.Key)]);
            }
        }
    }

    private static Finding ToFinding(WorkloadGroup workload, PortBinding listener, IReadOnlyList<Server> servers, IReadOnlyList<string> names) => new()
    {
        Code = FindingCodes.ListenerRejected,
        Severity = workload.Possible ? Severity.Info : Severity.Error,
        Message = $"{servers.Count} servers on {listener} give filter chains that match SNI {string.Join(", ", names)}; Envoy rejects the whole listener, so every host on {listener} fails (worse than a 404)",
        Binding = listener,
        Selector = servers[0].Gateway.Selector,
        Workloads = workload.Workloads,
        Servers = servers,
        Detail = new ListenerRejectedDetail(names),
        Fix = new FixAdvice(null, $"list {string.Join(", ", names)} in only one server on {listener} (istiod compares hosts as written: ns1/{names[0]} and ns2/{names[0]} are no duplicates to it)"),
    };
}
