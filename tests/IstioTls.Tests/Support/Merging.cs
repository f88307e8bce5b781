using System.Text.Json.Nodes;
using IstioTls.Analysis;
using IstioTls.Documents;
using IstioTls.Model;
using IstioTls.Plans.Merge;
using IstioTls.Plans;
using IstioTls.Sources;

namespace IstioTls.Tests.Support;

/// <summary>Plans from YAML, and the input as a cluster would hold it once a plan is applied.</summary>
public static class Merging
{
    public static MergePlan Plan(string yaml, MergeOptions? options = null) => Plan(Manifests.Read(yaml), options);

    public static MergePlan Plan((ConfigSnapshot Snapshot, ObjectsAsRead Objects) read, MergeOptions? options = null) =>
        MergePlanner.Plan(read.Snapshot, read.Objects, options);

    /// <summary>A VirtualService: key "ns/name", hosts "a,b", gateway lists "g1,ns/g2" for
    /// spec.gateways and for the first http, tls and tcp route's match.</summary>
    public static string VirtualService(string key, string hosts, string? gateways = null, string? http = null, string? tls = null, string? tcp = null)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        static string List(string items) => $"[{string.Join(", ", items.Split(',').Select(i => $"\"{i}\""))}]";
        var sb = new System.Text.StringBuilder();
        sb.Append($"---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {{name: {key[(slash + 1)..]}, namespace: {key[..slash]}}}\nspec:\n  hosts: {List(hosts)}\n");
        if (gateways is not null)
        {
            sb.Append($"  gateways: {List(gateways)}\n");
        }
        foreach (var (section, names) in (ReadOnlySpan<(string, string?)>)[("http", http), ("tls", tls), ("tcp", tcp)])
        {
            if (names is not null)
            {
                sb.Append($"  {section}:\n  - match: [{{gateways: {List(names)}}}]\n    route: [{{destination: {{host: backend}}}}]\n");
            }
        }
        return sb.ToString();
    }

    /// <summary>Replaces the applied objects (the planned spec; metadata such as
    /// creationTimestamp stays, as the API server keeps it) and drops the deleted ones.</summary>
    public static (ConfigSnapshot Snapshot, ObjectsAsRead Objects) Applied((ConfigSnapshot Snapshot, ObjectsAsRead Objects) before, MergePlan plan)
    {
        var planned = plan.Apply.ToDictionary(p => p.Target, p => p.Object);
        var deleted = plan.Delete.Select(d => d.Target).ToHashSet();
        var kept = new ObjectsAsRead();
        var builder = new SnapshotBuilder(keep: kept);
        var objects = before.Snapshot.Gateways.Select(g => (g.Ref, Raw: before.Objects.Of(g)))
            .Concat(before.Snapshot.VirtualServices.Select(v => (v.Ref, Raw: before.Objects.Of(v))));
        foreach (var (target, raw) in objects)
        {
            if (deleted.Contains(target))
            {
                continue;
            }
            var obj = planned.TryGetValue(target, out var changed) ? ManifestObjects.WithSpec(raw, changed["spec"]) : raw.DeepClone().AsObject();
            builder.Add(obj, new SourceLocation("applied"));
        }
        var after = builder.Build();
        return (new ConfigSnapshot { Gateways = after.Gateways, VirtualServices = after.VirtualServices, Workloads = before.Snapshot.Workloads }, kept);
    }

    public static JsonObject Applied(MergePlan plan, string kind, string key) =>
        plan.Apply.Single(p => p.Target.Kind == kind && $"{p.Target.Namespace}/{p.Target.Name}" == key).Object;

    public static string[] Strings(JsonNode? list) => [.. (list as JsonArray ?? []).Select(n => (string)n!)];

    /// <summary>"Kind ns/name" of each applied object, in order.</summary>
    public static string[] ApplyOrder(MergePlan plan) => [.. plan.Apply.Select(p => p.Target.ToString())];

    /// <summary>Each merged group as its servers' keys, "ns/name#index" joined by commas.</summary>
    public static string[] GroupServers(MergePlan plan) => [.. plan.Groups.Select(g => string.Join(",", g.Servers.Select(s => s.Key)))];

    public static string[] Deletions(MergePlan plan) => [.. plan.Delete.Select(d => d.Target.ToString())];

    /// <summary>The hosts each server serves, as (selector, port, certificate, host): what a
    /// browser can reach with which certificate.</summary>
    public static HashSet<string> Served(ConfigSnapshot snapshot) =>
    [
        .. snapshot.Gateways.SelectMany(g => g.Servers).SelectMany(s => s.Hosts.Select(h =>
            $"{s.Gateway.Selector}|{s.Port.Number}|{s.Port.Protocol}|{s.TlsMode}|{string.Join(",", CertificateIdentity.Of(s).Order(StringComparer.Ordinal))}|{h.Sni}")),
    ];

    /// <summary>Whether a server host entry (possibly a wildcard) covers a host.</summary>
    public static bool Covers(string serverHost, string host) =>
        serverHost == host || serverHost == "*" || (serverHost.StartsWith("*.", StringComparison.Ordinal) && host.EndsWith(serverHost[1..], StringComparison.Ordinal));

    /// <summary>Every (VirtualService, host, workload selector, port, certificate) the VirtualService
    /// is bound to: it names a Gateway whose server lists a matching host that admits the
    /// VirtualService's namespace.</summary>
    public static HashSet<string> Bindings(ConfigSnapshot snapshot)
    {
        var gateways = snapshot.Gateways.ToDictionary(g => g.Key, StringComparer.Ordinal);
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var vs in snapshot.VirtualServices)
        {
            foreach (var reference in vs.GatewayReferences)
            {
                if (vs.ResolveGateway(reference.Name) is not { } key || !gateways.TryGetValue(key, out var gateway))
                {
                    continue;
                }
                foreach (var server in gateway.Servers)
                {
                    foreach (var entry in server.Hosts)
                    {
                        var admits = entry.NamespacePrefix switch
                        {
                            null or "*" => true,
                            "." => gateway.Meta.Namespace == vs.Meta.Namespace,
                            var ns => ns == vs.Meta.Namespace,
                        };
                        foreach (var host in vs.Hosts.Where(h => admits && Covers(entry.Sni, h.ToLowerInvariant())))
                        {
                            result.Add($"{vs.Key}|{reference.Section}|{host}|{gateway.Selector}|{server.Port.Number}|{string.Join(",", CertificateIdentity.Of(server).Order(StringComparer.Ordinal))}");
                        }
                    }
                }
            }
        }
        return result;
    }

    /// <summary>
    /// The hosts a browser reaches with routes, as (selector, port, host): istiod takes servers
    /// oldest first and skips a later TLS server that lists a host already taken (its hosts
    /// compared as istiod writes them: <c>./h</c> is <c>ns/h</c>, <c>*/h</c> is <c>h</c>); the SNI
    /// picks the server with the host itself, else the longest wildcard; the request is routed
    /// when a VirtualService naming that server's Gateway, admitted by its host entry, lists the host.
    /// </summary>
    /// <remarks><paramref name="asked"/>: the (selector, port, host) to try; by default every
    /// host the snapshot's TLS servers list by name.</remarks>
    public static HashSet<string> Routed(ConfigSnapshot snapshot, IEnumerable<string>? asked = null)
    {
        var effective = new Dictionary<string, List<Server>>(StringComparer.Ordinal);
        var listeners = snapshot.Gateways.SelectMany(g => g.Servers).Where(s => s.Tls is not null)
            .GroupBy(s => $"{s.Gateway.Selector}|{s.Port.Number}", StringComparer.Ordinal);
        foreach (var listener in listeners)
        {
            var taken = new HashSet<string>(StringComparer.Ordinal);
            var kept = effective[listener.Key] = [];
            foreach (var server in listener.OrderBy(s => s.Gateway, IstiodTakesFirst).ThenBy(s => s.Index))
            {
                var names = server.Hosts.Select(h => h.NamespacePrefix switch
                {
                    "." => $"{server.Gateway.Meta.Namespace}/{h.Host}",
                    null or "*" => h.Host,
                    var ns => $"{ns}/{h.Host}",
                }).ToList();
                if (!names.Any(taken.Contains))
                {
                    taken.UnionWith(names);
                    kept.Add(server);
                }
            }
        }
        asked ??= listeners.SelectMany(l => l.SelectMany(s => s.Hosts).Select(h => h.Sni).Where(h => !h.StartsWith('*')).Select(h => $"{l.Key}|{h}"));
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in asked)
        {
            var cut = candidate.LastIndexOf('|');
            var host = candidate[(cut + 1)..];
            var servers = effective.GetValueOrDefault(candidate[..cut]) ?? [];
            var chosen = servers.FirstOrDefault(s => s.Hosts.Any(h => h.Sni == host))
                ?? servers.Where(s => s.Hosts.Any(h => Covers(h.Sni, host))).MaxBy(s => s.Hosts.Where(h => Covers(h.Sni, host)).Max(h => h.Sni.Length));
            if (chosen is not null && RoutedThrough(snapshot, chosen, host))
            {
                result.Add(candidate);
            }
        }
        return result;
    }

    /// <summary>istiod's order of Gateways, written here apart from the library's so that the
    /// model checks it: pilot/pkg/model sortConfigByCreationTime sorts by creationTimestamp,
    /// then name, then namespace. A missing creationTimestamp (never on a cluster; the
    /// generated inputs leave some out) is Go's zero time there: it sorts first.</summary>
    public static readonly IComparer<Gateway> IstiodTakesFirst = Comparer<Gateway>.Create((x, y) =>
    {
        var (a, b) = (x!.Meta.CreationTimestamp, y!.Meta.CreationTimestamp);
        if (a != b)
        {
            return a is null ? -1 : b is null ? 1 : a.Value.CompareTo(b.Value);
        }
        var byName = string.CompareOrdinal(x.Meta.Name, y.Meta.Name);
        return byName != 0 ? byName : string.CompareOrdinal(x.Meta.Namespace, y.Meta.Namespace);
    });

    private static bool RoutedThrough(ConfigSnapshot snapshot, Server server, string host) =>
        snapshot.VirtualServices.Any(vs =>
            vs.Hosts.Any(h => h.Equals(host, StringComparison.OrdinalIgnoreCase))
            && vs.GatewayReferences.Any(r => vs.ResolveGateway(r.Name) == server.Gateway.Key)
            && server.Hosts.Any(entry => Covers(entry.Sni, host) && entry.NamespacePrefix switch
            {
                null or "*" => true,
                "." => server.Gateway.Meta.Namespace == vs.Meta.Namespace,
                var ns => ns == vs.Meta.Namespace,
            }));
}
