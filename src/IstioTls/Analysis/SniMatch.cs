using IstioTls.Model;

namespace IstioTls.Analysis;

/// <summary>
/// Which server of a listener a new TLS connection for a name reaches: Envoy matches the SNI
/// against the servers' hosts, the exact host first, else the longest <c>*.suffix</c>, else
/// <c>*</c>; between equal hosts the oldest server wins, because istiod drops the newer one.
/// </summary>
internal static class SniMatch
{
    /// <summary>The servers of a listener with a TLS filter chain, matched by SNI.</summary>
    public static bool HasFilterChain(Server server) => server.Tls is not null && (server.Port.IsHttps || server.Port.IsTls);

    /// <param name="servers">The listener's servers, oldest first.</param>
    /// <param name="name">A name, or a wildcard standing for a name of that form that no server
    /// lists exactly.</param>
    public static Server? Select(IReadOnlyList<Server> servers, string name)
    {
        name = HostNames.Normalize(name);
        var wildcard = HostNames.IsWildcard(name);
        if (!wildcard && servers.FirstOrDefault(s => s.Hosts.Any(h => HostNames.Normalize(h.Host) == name)) is { } exact)
        {
            return exact;
        }
        var probe = wildcard ? "x" + name[1..] : name;
        Server? best = null;
        var bestLength = -1;
        foreach (var server in servers)
        {
            foreach (var host in server.Hosts.Select(h => HostNames.Normalize(h.Host)))
            {
                if (HostNames.IsWildcard(host) && host.Length > bestLength && probe.EndsWith(host[1..], StringComparison.Ordinal))
                {
                    best = server;
                    bestLength = host.Length;
                }
            }
        }
        return best ?? servers.FirstOrDefault(s => s.Hosts.Any(h => h.Host == "*"));
    }
}
