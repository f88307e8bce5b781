namespace IstioTls.BrowserTests.Support;

/// <summary>The gateway pods the stand-in plays: their namespace and labels.</summary>
public sealed record Workload(string Namespace, IReadOnlyDictionary<string, string> Labels)
{
    public static Workload Istio(string selector, string ns = "istio-system") =>
        new(ns, selector.Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]));

    /// <summary>The pods istiod deploys for a Kubernetes Gateway API Gateway.</summary>
    public static Workload GatewayApi(string ns, string gateway) =>
        new(ns, new Dictionary<string, string> { ["gateway.networking.k8s.io/gateway-name"] = gateway });

    public bool Selects(IReadOnlyDictionary<string, string> selector) =>
        selector.All(s => Labels.TryGetValue(s.Key, out var value) && value == s.Value);
}

/// <summary>
/// One TLS-terminating server as Envoy gets it: a filter chain chosen by SNI among
/// <see cref="Hosts"/> ("*": no SNI match, the chain taking every other name), presenting the
/// certificate of <see cref="Credential"/>, with its own route table for <see cref="Domains"/>.
/// </summary>
public sealed record FilterChain(string Id, string Server, IReadOnlyList<string> Hosts, string Credential, IReadOnlyList<string> Domains);

/// <summary>One Envoy listener: the port of the Gateways, and its filter chains in istiod's order.</summary>
public sealed record Listener(int Port, IReadOnlyList<FilterChain> Chains);

/// <summary>
/// What istiod makes of the objects for one gateway workload (istio/istio pilot/pkg/model/gateway.go,
/// networking/core/gateway.go): Gateways oldest first, then by name and namespace; one filter
/// chain and one route table per terminating HTTPS server, never shared; a server repeating a host
/// of an earlier one on its port dropped whole; the route table holding the hosts of the
/// VirtualServices (HTTPRoutes) bound to that server, intersected with the server's hosts.
/// </summary>
public static class GatewayModel
{
    private static readonly HashSet<string> TerminatingModes = ["SIMPLE", "MUTUAL", "OPTIONAL_MUTUAL"];

    public static IReadOnlyList<Listener> Build(IReadOnlyList<KubeObject> objects, Workload workload)
    {
        var servers = IstioServers(objects, workload).Concat(GatewayApiServers(objects, workload));
        var listeners = new List<Listener>();
        foreach (var port in servers.GroupBy(s => s.Port).OrderBy(g => g.Key))
        {
            var chains = new List<FilterChain>();
            var seen = new HashSet<string>();
            foreach (var (_, server, hosts, credential, domains) in port)
            {
                if (hosts.Any(h => !seen.Add(h)))
                {
                    continue;
                }
                chains.Add(new FilterChain($"c{chains.Count + 1}", server, hosts, credential, domains));
            }
            listeners.Add(new Listener(port.Key, chains));
        }
        return listeners;
    }

    private static IEnumerable<KubeObject> Ordered(IEnumerable<KubeObject> gateways) => gateways
        .OrderBy(g => g.Root.Map("metadata")?.Text("creationTimestamp") ?? "", StringComparer.Ordinal)
        .ThenBy(g => g.Name, StringComparer.Ordinal)
        .ThenBy(g => g.Namespace, StringComparer.Ordinal);

    private static IEnumerable<(int Port, string Server, string[] Hosts, string Credential, string[] Domains)> IstioServers(IReadOnlyList<KubeObject> objects, Workload workload)
    {
        var gateways = objects.Where(o => o.Kind == "Gateway" && o.ApiGroup == "networking.istio.io"
            && workload.Selects(o.Root.Map("spec")?.Map("selector").Labels() ?? new Dictionary<string, string>()));
        var services = objects.Where(o => o.Kind == "VirtualService").ToList();
        foreach (var gateway in Ordered(gateways))
        {
            foreach (var server in gateway.Root.Map("spec")?.Maps("servers") ?? [])
            {
                if (server.Map("tls") is not { } tls || server.Map("port")?.Text("protocol")?.ToUpperInvariant() != "HTTPS" || !TerminatingModes.Contains(tls.Text("mode") ?? ""))
                {
                    continue;
                }
                var hosts = server.Texts("hosts").ToArray();
                var credential = tls.Text("credentialName") ?? tls.Texts("credentialNames").FirstOrDefault() ?? "";
                var domains = services
                    .Where(vs => vs.Root.Map("spec")!.Texts("gateways").Any(g => (g.Contains('/') ? g : $"{vs.Namespace}/{g}") == $"{gateway.Namespace}/{gateway.Name}"))
                    .SelectMany(vs => vs.Root.Map("spec")!.Texts("hosts").SelectMany(h => hosts.Where(s => MayBind(s, vs.Namespace, gateway.Namespace)).Select(s => Intersect(h, Bare(s)))))
                    .OfType<string>().Distinct().ToArray();
                yield return (int.Parse(server.Map("port")!.Text("number")!, System.Globalization.CultureInfo.InvariantCulture),
                    $"{gateway.Namespace}/{gateway.Name} {server.Map("port")!.Text("name")}", [.. hosts.Select(Bare)], credential.Replace("kubernetes://", "", StringComparison.Ordinal), domains);
            }
        }
    }

    private static IEnumerable<(int Port, string Server, string[] Hosts, string Credential, string[] Domains)> GatewayApiServers(IReadOnlyList<KubeObject> objects, Workload workload)
    {
        var gateways = objects.Where(o => o.Kind == "Gateway" && o.ApiGroup == "gateway.networking.k8s.io" && o.Namespace == workload.Namespace
            && workload.Selects(new Dictionary<string, string> { ["gateway.networking.k8s.io/gateway-name"] = o.Name }));
        var routes = objects.Where(o => o.Kind == "HTTPRoute").ToList();
        foreach (var gateway in Ordered(gateways))
        {
            foreach (var listener in gateway.Root.Map("spec")?.Maps("listeners") ?? [])
            {
                var tls = listener.Map("tls");
                if (listener.Text("protocol") != "HTTPS" || (tls?.Text("mode") ?? "Terminate") != "Terminate")
                {
                    continue;
                }
                var name = listener.Text("name")!;
                var port = int.Parse(listener.Text("port")!, System.Globalization.CultureInfo.InvariantCulture);
                var hostname = listener.Text("hostname") ?? "*";
                var fromAll = listener.Map("allowedRoutes")?.Map("namespaces")?.Text("from") == "All";
                var domains = routes
                    .Where(r => fromAll || r.Namespace == gateway.Namespace)
                    .Where(r => r.Root.Map("spec")!.Maps("parentRefs").Any(p => p.Text("name") == gateway.Name
                        && (p.Text("namespace") ?? r.Namespace) == gateway.Namespace
                        && (p.Text("sectionName") ?? name) == name
                        && (p.Text("port") ?? listener.Text("port")) == listener.Text("port")))
                    .SelectMany(r => r.Root.Map("spec")!.Texts("hostnames").DefaultIfEmpty("*").Select(h => Intersect(h, hostname)))
                    .OfType<string>().Distinct().ToArray();
                var certificate = tls?.Maps("certificateRefs").FirstOrDefault()?.Text("name") ?? "";
                yield return (port, $"{gateway.Namespace}/{gateway.Name} {name}", [hostname], certificate, domains);
            }
        }
    }

    /// <summary>A server host "ns/host" takes VirtualServices of that namespace only ("." the Gateway's, "*" any).</summary>
    private static bool MayBind(string serverHost, string serviceNamespace, string gatewayNamespace)
    {
        var slash = serverHost.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return true;
        }
        var ns = serverHost[..slash];
        return ns == "*" || ns == serviceNamespace || (ns == "." && serviceNamespace == gatewayNamespace);
    }

    private static string Bare(string host) => host[(host.IndexOf('/', StringComparison.Ordinal) + 1)..].ToLowerInvariant();

    /// <summary>The hosts two patterns both match, as the narrower pattern; null when disjoint.</summary>
    public static string? Intersect(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        if (a == b || b == "*")
        {
            return a;
        }
        if (a == "*")
        {
            return b;
        }
        if (b.StartsWith("*.", StringComparison.Ordinal) && a.EndsWith(b[1..], StringComparison.Ordinal))
        {
            return a;
        }
        if (a.StartsWith("*.", StringComparison.Ordinal) && b.EndsWith(a[1..], StringComparison.Ordinal))
        {
            return b;
        }
        return null;
    }
}
