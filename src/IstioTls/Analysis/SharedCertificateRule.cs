using IstioTls.Model;

namespace IstioTls.Analysis;

/// <summary>
/// Different terminating servers on one workload and listener that present the same
/// certificate: a browser pools its HTTP/2 connection across their hosts (RFC 9113 9.1.1) and
/// Envoy routes the reused connection through the first server's filter chain and route table,
/// which answers 404 for the other servers' hosts. One finding per group of such servers.
/// </summary>
internal static class SharedCertificateRule
{
    public static IEnumerable<Finding> Find(Proxy proxy)
    {
        var terminating = proxy.Gateways
            .SelectMany(g => g.Servers)
            .Where(s => s.TerminatesHttps)
            .Order(GatewayOrder.Instance);
        foreach (var listener in terminating.GroupBy(Listener.Of))
        {
            foreach (var group in GroupBySharedIdentity([.. listener]))
            {
                if (proxy.Possible && group.Servers.Select(s => s.Gateway.Selector).Distinct().Count() < 2)
                {
                    // Same selector: the definite group already reports these servers.
                    continue;
                }
                yield return ToFinding(proxy, listener.Key, group.Servers, group.SharedIdentities);
            }
        }
    }

    private static Finding ToFinding(Proxy proxy, Listener listener, IReadOnlyList<Server> servers, IReadOnlyList<string> identities)
    {
        var certificate = string.Join(", ", identities.Select(i => CertificateIdentity.Display(i, proxy.Namespace)));
        var survivor = servers.Select(s => s.Gateway).Min(GatewayOrder.Instance)!;
        var severity = proxy.Possible
            ? Severity.Info
            : servers.Any(s => s.TlsMode is TlsMode.Simple or TlsMode.OptionalMutual) ? Severity.Error : Severity.Warning;
        var message = proxy.Possible
            ? $"{servers.Count} servers on {listener} of Gateways with nested selectors share TLS certificate {certificate}; if the selectors reach the same pods, browsers reuse one HTTP/2 connection across their hosts and get 404 from all but one server"
            : $"{servers.Count} servers on {listener} of one gateway workload share TLS certificate {certificate}; browsers reuse one HTTP/2 connection across their hosts and get 404 from all but one server";
        if (!proxy.Possible && severity == Severity.Warning)
        {
            message += " (all MUTUAL: Chromium does not pool connections that sent a client certificate, other clients may)";
        }
        var gateways = servers.Select(s => s.Gateway).Distinct().ToList();
        var mergeText = gateways.Count == 1
            ? $"merge them into one server of Gateway {survivor.Key}"
            : gateways.All(g => g.Meta.CreationTimestamp is not null)
                ? $"merge them into one server of Gateway {survivor.Key} (the oldest)"
                : $"merge them into one server of Gateway {survivor.Key} (the oldest, else first by namespace/name)";
        return new Finding
        {
            Code = proxy.Possible ? FindingCodes.PossibleSharedCertificate : FindingCodes.SharedCertificate,
            Severity = severity,
            Message = message,
            Port = listener.Port,
            Bind = listener.Bind,
            Selector = survivor.Selector,
            Workloads = proxy.Workloads,
            Certificate = certificate,
            Hosts = [.. servers.SelectMany(s => s.Hosts).Select(h => h.Host).Distinct(StringComparer.OrdinalIgnoreCase)],
            Servers = servers,
            Fix = new FixAdvice(survivor.Key, $"{mergeText}: kubectl istio-tls merge --dry-run; or answer 421 to misdirected requests: kubectl istio-tls apply-421"),
        };
    }

    private sealed record ServerGroup(IReadOnlyList<Server> Servers, IReadOnlyList<string> SharedIdentities);

    /// <summary>Union-find over certificate identities: servers that share any identity, directly
    /// or through another server, are one group.</summary>
    private static IEnumerable<ServerGroup> GroupBySharedIdentity(IReadOnlyList<Server> servers)
    {
        var parent = Enumerable.Range(0, servers.Count).ToArray();
        int Find(int i) => parent[i] == i ? i : parent[i] = Find(parent[i]);
        var firstWithIdentity = new Dictionary<string, int>(StringComparer.Ordinal);
        var holders = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < servers.Count; i++)
        {
            foreach (var identity in CertificateIdentity.Of(servers[i]))
            {
                holders[identity] = holders.GetValueOrDefault(identity) + 1;
                if (firstWithIdentity.TryGetValue(identity, out var first))
                {
                    parent[Find(i)] = Find(first);
                }
                else
                {
                    firstWithIdentity[identity] = i;
                }
            }
        }
        var groups = Enumerable.Range(0, servers.Count)
            .GroupBy(Find)
            .Where(g => g.Count() > 1);
        foreach (var group in groups)
        {
            var members = group.Select(i => servers[i]).ToList();
            var shared = members
                .SelectMany(CertificateIdentity.Of)
                .Distinct(StringComparer.Ordinal)
                .Where(id => holders[id] > 1)
                .Order(StringComparer.Ordinal)
                .ToList();
            yield return new ServerGroup(members, shared);
        }
    }
}
