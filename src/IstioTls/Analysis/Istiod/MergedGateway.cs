using IstioTls.Model;

namespace IstioTls.Analysis.Istiod;

/// <summary>A server istiod builds into Envoy's configuration: on which listener, with which
/// hosts (as istiod compares them), and the filter chains it gets there.</summary>
/// <param name="Hosts">The hosts after istiod's sanitising: <c>./h</c> is <c>namespace/h</c>,
/// <c>*/h</c> is <c>h</c>, and <c>*/*</c> turns the whole list into <c>*</c>.</param>
public sealed record KeptServer(Server Server, PortBinding Listener, ListenerPort Port, IReadOnlyList<string> Hosts, IReadOnlyList<FilterChainMatch> Chains);

/// <summary>The SNI names one filter chain matches; null: every name (a catch-all chain, which
/// a <c>*</c> among the hosts gives). <paramref name="Route"/>: the VirtualService whose
/// <c>tls</c> match gave a PASSTHROUGH server's chain.</summary>
public sealed record FilterChainMatch(IReadOnlyList<string>? ServerNames, Server Server, VirtualService? Route = null)
{
    public bool IsCatchAll => ServerNames is null;

    /// <summary>Where the chain comes from, in words: made when asked, since every server of
    /// every Gateway has a chain and nothing but a reader of the chain asks.</summary>
    public string Origin => Route is null ? Server.ToString() : $"VirtualService {Route.Key} on {Server}";
}

/// <summary>A server istiod leaves out, and why.</summary>
public abstract record SkippedServer(Server Server, PortBinding Listener);

/// <summary>"skipping server on gateway ..., duplicate host names": an older kept server on the
/// same listener port and bind already holds <paramref name="Hosts"/>.</summary>
public sealed record DuplicateHostSkip(Server Server, PortBinding Listener, IReadOnlyList<string> Hosts, IReadOnlyList<Server> HeldBy) : SkippedServer(Server, Listener);

/// <summary>"conflict with existing server": a plain-text server took the port first (same
/// bind), and this server's protocol cannot share it.</summary>
public sealed record ProtocolConflictSkip(Server Server, PortBinding Listener, Server PlainText) : SkippedServer(Server, Listener);

/// <summary>
/// istiod's merge of the Gateways that apply to one gateway workload (pilot/pkg/model/gateway.go,
/// mergeGateways; pilot/pkg/networking/core/gateway.go for the filter chains), in one place:
/// servers are taken in istiod's order; each port resolves through the Services to the listener
/// port; a server with a tls block whose hosts (exact strings after sanitising) another kept
/// server on that port and bind holds is skipped whole, and only kept servers' hosts count (one
/// bind remembered per host, as istiod's map keeps it); a plain-text server first on a port
/// keeps later servers of other protocols off it; a terminating server gets one filter chain
/// for its hosts (none with <c>*</c>: then it is the catch-all), a PASSTHROUGH server one per
/// <c>tls[].match[]</c> of the VirtualServices bound to it.
/// </summary>
public sealed class MergedGateway
{
    private readonly Dictionary<Server, KeptServer> _byServer;

    private MergedGateway(IReadOnlyList<KeptServer> kept, IReadOnlyList<SkippedServer> skipped)
    {
        Kept = kept;
        Skipped = skipped;
        _byServer = new Dictionary<Server, KeptServer>(kept.Count, ReferenceEqualityComparer.Instance);
        foreach (var k in kept)
        {
            _byServer[k.Server] = k;
        }
    }

    /// <summary>How istiod builds <paramref name="server"/>; null when it skips it.</summary>
    public KeptServer? Find(Server server) => _byServer.GetValueOrDefault(server);

    public IReadOnlyList<KeptServer> Kept { get; }

    public IReadOnlyList<SkippedServer> Skipped { get; }

    /// <param name="servers">The servers of the Gateways that apply, in istiod's order.</param>
    public static MergedGateway Build(IEnumerable<Server> servers, ListenerPorts ports, IReadOnlyList<VirtualService> virtualServices)
    {
        var kept = new List<KeptServer>();
        var skipped = new List<SkippedServer>();
        var tlsHostsByPort = new Dictionary<int, Dictionary<string, (string? Bind, Server Server)>>();
        var plainTextServers = new Dictionary<int, (string Protocol, string? Bind, Server Server)>();
        var passthroughSniByPort = new Dictionary<int, Dictionary<string, (string? Bind, Server Server)>>();
        foreach (var server in servers)
        {
            var hosts = IstiodHosts(server);
            var port = ports.Resolve(server.Port.Number);
            if (server.Gateway.FromGatewayApi && port.Source == ListenerPortSource.Assumed)
            {
                // istiod's Service for a Gateway API Gateway exposes each listener on its own port.
                port = port with { Source = ListenerPortSource.AsWritten };
            }
            var listener = new PortBinding(port.Number, server.Bind);
            if (server.Tls is not null)
            {
                var known = Map(tlsHostsByPort, port.Number);
                if (CheckDuplicates(hosts, server, known) is { Count: > 0 } duplicates)
                {
                    skipped.Add(new DuplicateHostSkip(server, listener, duplicates, [.. duplicates.Select(h => known[h].Server).Distinct()]));
                    continue;
                }
            }
            // istiod keeps a set of the ports seen and a map of each port's first plain-text
            // server; the map alone decides, since a port without an entry is handled alike
            // whether seen before or not.
            if (plainTextServers.TryGetValue(port.Number, out var current))
            {
                if (!CanMergeProtocols(server.Port.Protocol, current.Protocol) && current.Bind == server.Bind)
                {
                    skipped.Add(new ProtocolConflictSkip(server, listener, current.Server));
                    continue;
                }
            }
            else if (!IsTlsServer(server))
            {
                plainTextServers[port.Number] = (server.Port.Protocol, server.Bind, server);
            }
            kept.Add(new KeptServer(server, listener, port, hosts, Chains(server, hosts, listener, virtualServices, passthroughSniByPort)));
        }
        return new MergedGateway(kept, skipped);
    }

    /// <summary>sanitizeServerHostNamespace: <c>./h</c> → <c>namespace/h</c>, <c>*/h</c> →
    /// <c>h</c>, other prefixes stay; <c>*/*</c> replaces the whole list with <c>*</c>.</summary>
    public static IReadOnlyList<string> IstiodHosts(Server server)
    {
        var hosts = new List<string>(server.Hosts.Count);
        foreach (var host in server.Hosts)
        {
            if (host is { NamespacePrefix: "*", Host: "*" })
            {
                return ["*"];
            }
            hosts.Add(host.IstiodForm(server.Gateway.Meta.Namespace));
        }
        return hosts;
    }

    /// <summary>CheckDuplicates: the hosts another server holds on the same bind; when there are
    /// none, this server's hosts are recorded (overwriting the bind a host had).</summary>
    private static List<string> CheckDuplicates(IReadOnlyList<string> hosts, Server server, Dictionary<string, (string? Bind, Server Server)> known)
    {
        // Loops, not LINQ: this runs for every server, and a clash is rare.
        List<string>? duplicates = null;
        foreach (var host in hosts)
        {
            if (known.TryGetValue(host, out var held) && held.Bind == server.Bind && !(duplicates?.Contains(host) ?? false))
            {
                (duplicates ??= []).Add(host);
            }
        }
        if (duplicates is null)
        {
            foreach (var host in hosts)
            {
                known[host] = (server.Bind, server);
            }
        }
        return duplicates ?? [];
    }

    private static IReadOnlyList<FilterChainMatch> Chains(Server server, IReadOnlyList<string> hosts, PortBinding listener, IReadOnlyList<VirtualService> virtualServices, Dictionary<int, Dictionary<string, (string? Bind, Server Server)>> passthroughSniByPort)
    {
        if (!IsTlsServer(server) || server.Tls is not { } tls)
        {
            return [];
        }
        switch (tls.Mode)
        {
            case TlsMode.AutoPassthrough:
                // Chains per mesh-internal cluster name: no browser host reaches them.
                return [];
            case TlsMode.Passthrough:
                return [.. PassthroughChains(server, hosts, listener, virtualServices, Map(passthroughSniByPort, listener.Port))];
            default:
                var names = new List<string>(hosts.Count);
                foreach (var host in hosts)
                {
                    var name = SniName(host);
                    if (!names.Contains(name))
                    {
                        names.Add(name);
                    }
                }
                return [new FilterChainMatch(names.Contains("*") ? null : names, server)];
        }
    }

    /// <summary>A PASSTHROUGH server's chains come from the VirtualServices bound to its Gateway
    /// whose hosts meet the server's: one per <c>tls[].match[]</c> for this port, named by its
    /// <c>sniHosts</c>; a match whose names another such chain on the port and bind has is
    /// skipped, as istiod skips it.</summary>
    private static IEnumerable<FilterChainMatch> PassthroughChains(Server server, IReadOnlyList<string> hosts, PortBinding listener, IReadOnlyList<VirtualService> virtualServices, Dictionary<string, (string? Bind, Server Server)> known)
    {
        var gateway = server.Gateway.Key;
        var chains = new List<FilterChainMatch>();
        foreach (var vs in virtualServices.Where(v => v.BoundGateways.Contains(gateway, StringComparer.Ordinal)).OrderBy(v => v.Meta.CreationTimestamp ?? DateTimeOffset.MinValue).ThenBy(v => v.Key, StringComparer.Ordinal))
        {
            if (!vs.Hosts.Any(h => hosts.Any(s => HostNames.Shared(SniName(s), h) is not null)))
            {
                continue;
            }
            foreach (var match in vs.TlsMatches)
            {
                var onPort = match.Port is null || match.Port == server.Port.Number;
                var onGateway = match.Gateways.Count == 0 || match.Gateways.Any(g => vs.ResolveGateway(g) == gateway);
                if (!onPort || !onGateway || match.SniHosts.Count == 0)
                {
                    continue;
                }
                if (CheckDuplicates(match.SniHosts, server, known).Count > 0)
                {
                    continue;
                }
                chains.Add(new FilterChainMatch(match.SniHosts.Contains("*") ? null : [.. match.SniHosts.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)], server, vs));
            }
        }
        return chains;
    }

    /// <summary>The name a host gives a filter chain: without its namespace part.</summary>
    private static string SniName(string istiodHost)
    {
        var slash = istiodHost.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? istiodHost : istiodHost[(slash + 1)..];
    }

    private static Dictionary<string, (string? Bind, Server Server)> Map(Dictionary<int, Dictionary<string, (string? Bind, Server Server)>> byPort, int port)
    {
        if (!byPort.TryGetValue(port, out var map))
        {
            byPort[port] = map = new Dictionary<string, (string? Bind, Server Server)>(StringComparer.Ordinal);
        }
        return map;
    }

    /// <summary>gateway.IsTLSServer: a tls block on a protocol that is not HTTP (an HTTP server's
    /// tls block is an https redirect).</summary>
    private static bool IsTlsServer(Server server) => server.Tls is not null && !IsHttp(server.Port.Protocol);

    /// <summary>canMergeProtocols: a later server joins a plain-text one only over HTTP.</summary>
    private static bool CanMergeProtocols(string protocol, string existing) =>
        (IsHttp(protocol) || string.Equals(protocol, existing, StringComparison.OrdinalIgnoreCase)) && IsHttp(existing);

    private static bool IsHttp(string protocol) =>
        protocol.ToUpperInvariant() is "HTTP" or "HTTP2" or "HTTP_PROXY" or "GRPC" or "GRPC-WEB";
}
