using IstioTls.Model;

namespace IstioTls.Analysis.Rules;

/// <summary>
/// Different terminating servers on one workload and listener that present the same
/// certificate: a browser pools its HTTP/2 connection across their hosts (RFC 9113 9.1.1) and
/// Envoy routes the reused connection through the first server's filter chain and route table,
/// which answers 404 for the other servers' hosts. One finding per group of such servers.
/// </summary>
internal static class SharedCertificateRule
{
    public static IEnumerable<Finding> Find(WorkloadGroup workload, CertificateCatalog catalog, ToolCommand command)
    {
        var certificates = catalog.For(workload);
        var terminating = workload.Servers(s => s.TerminatesHttps);
        foreach (var onPort in terminating.GroupBy(workload.Binding))
        {
            foreach (var group in GroupBySharedIdentity([.. onPort], certificates))
            {
                if (workload.Possible && group.Servers.Select(s => (s.Gateway.Selector, s.Gateway.SelectorNamespace)).Distinct().Count() < 2)
                {
                    // Same selector: the definite group already reports these servers.
                    continue;
                }
                yield return ToFinding(workload, onPort.Key, group, command);
            }
        }
    }

    private static Finding ToFinding(WorkloadGroup workload, PortBinding binding, ServerGroup group, ToolCommand command)
    {
        var servers = group.Servers;
        var certificate = string.Join(", ", group.Shared.SelectMany(c => c.Names));
        var described = string.Join(", ", group.Shared.Select(c => c.Names.Count == 1 ? c.Names[0] : $"{string.Join(" and ", c.Names)} (one certificate in {c.Names.Count} Secrets)"));
        var survivor = servers.Select(s => s.Gateway).Min(GatewayOrder.Instance)!;
        var severity = workload.Possible
            ? Severity.Info
            : servers.Any(s => s.TlsMode is TlsMode.Simple or TlsMode.OptionalMutual) ? Severity.Error : Severity.Warning;
        var message = workload.Possible
            ? $"{servers.Count} servers on {binding} of Gateways with nested selectors share TLS certificate {described}; if the selectors reach the same pods, browsers reuse one HTTP/2 connection across their hosts and get 404 from all but one server"
            : $"{servers.Count} servers on {binding} of one gateway workload share TLS certificate {described}; browsers reuse one HTTP/2 connection across their hosts and get 404 from all but one server";
        if (!workload.Possible && severity == Severity.Warning)
        {
            message += " (all MUTUAL: Chromium does not pool connections that sent a client certificate, other clients may)";
        }
        return new Finding
        {
            Code = workload.Possible ? FindingCodes.PossibleSharedCertificate : FindingCodes.SharedCertificate,
            Severity = severity,
            Message = message,
            Binding = binding,
            PortEstablished = servers.All(s => workload.Merged.Find(s)?.Port.Established ?? false),
            Selector = survivor.Selector,
            Workloads = workload.Workloads,
            Servers = servers,
            Detail = new SharedCertificateDetail(
                certificate,
                [.. group.Shared.Select(c => c.Fingerprint).OfType<string>()],
                [.. servers.SelectMany(s => s.Hosts).Select(h => h.Host).Distinct(StringComparer.OrdinalIgnoreCase)]),
            Fix = Fix(servers, survivor, command),
        };
    }

    private static FixAdvice Fix(IReadOnlyList<Server> servers, Gateway survivor, ToolCommand command)
    {
        if (servers.Any(s => s.Gateway.FromGatewayApi))
        {
            // A listener has one hostname: there is no server to merge the others into.
            return new FixAdvice(null, "merge does not apply to Gateway API listeners (one hostname each): use one listener whose hostname covers these hosts, or give each listener its own certificate", command.Answer421);
        }
        var gateways = servers.Select(s => s.Gateway).Distinct().ToList();
        var mergeText = gateways.Count == 1
            ? $"merge them into one server of Gateway {survivor.Key}"
            : gateways.All(g => g.Meta.CreationTimestamp is not null)
                ? $"merge them into one server of Gateway {survivor.Key} (the oldest)"
                : $"merge them into one server of Gateway {survivor.Key} (the oldest, else first by name, then namespace)";
        return new FixAdvice(survivor.Key, $"{mergeText}: {command.MergeDryRun}", command.Answer421);
    }

    /// <summary>A certificate the servers of a group share: the Secret or file names it goes by,
    /// and its fingerprint when it was read.</summary>
    private sealed record SharedCertificate(IReadOnlyList<string> Names, string? Fingerprint);

    private sealed record ServerGroup(IReadOnlyList<Server> Servers, IReadOnlyList<SharedCertificate> Shared);

    // A server presents a certificate or a few: a scan, not a set per server.
    private static bool SeenBefore(IReadOnlyList<PresentedCertificate> presented, int index)
    {
        for (var i = 0; i < index; i++)
        {
            if (string.Equals(presented[i].Key, presented[index].Key, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Union-find over certificate identities: servers that share any identity, directly
    /// or through another server, are one group.</summary>
    private static IEnumerable<ServerGroup> GroupBySharedIdentity(IReadOnlyList<Server> servers, ServerCertificates certificates)
    {
        var presented = servers.Select(certificates.Of).ToList();
        var parent = Enumerable.Range(0, servers.Count).ToArray();
        int Find(int i) => parent[i] == i ? i : parent[i] = Find(parent[i]);
        var firstWithIdentity = new Dictionary<string, int>(StringComparer.Ordinal);
        var holders = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < servers.Count; i++)
        {
            for (var c = 0; c < presented[i].Count; c++)
            {
                var key = presented[i][c].Key;
                if (SeenBefore(presented[i], c))
                {
                    continue;
                }
                holders[key] = holders.GetValueOrDefault(key) + 1;
                if (firstWithIdentity.TryGetValue(key, out var first))
                {
                    parent[Find(i)] = Find(first);
                }
                else
                {
                    firstWithIdentity[key] = i;
                }
            }
        }
        var groups = Enumerable.Range(0, servers.Count)
            .GroupBy(Find)
            .Where(g => g.Count() > 1);
        foreach (var group in groups)
        {
            var members = group.ToList();
            var shared = members
                .SelectMany(i => presented[i])
                .Where(c => holders[c.Key] > 1)
                .GroupBy(c => c.Key, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new SharedCertificate([.. g.Select(c => c.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)], g.First().Info?.Fingerprint))
                .ToList();
            yield return new ServerGroup([.. members.Select(i => servers[i])], shared);
        }
    }
}
