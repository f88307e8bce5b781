using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using IstioTls.Model;

namespace IstioTls.Analysis.Misdirected;

/// <summary>The hosts of one server that owns an SNI filter chain on a port.</summary>
public sealed record ServerHosts(Server Server, IReadOnlyList<string> Hosts)
{
    /// <summary>Envoy terminates TLS here, so HTTP filters (the Lua) run on its connections.</summary>
    public bool Terminates => Server.TerminatesHttps;
}

/// <summary>The servers that share one port of a gateway workload.</summary>
public sealed record PortHosts(int Port, IReadOnlyList<ServerHosts> Servers)
{
    /// <summary>A port where a request can reach the wrong server: two or more servers, one of
    /// which terminates TLS (the only connections the Lua sees).</summary>
    public bool NeedsFilter => Servers.Count > 1 && Servers.Any(s => s.Terminates);
}

/// <summary>
/// What the precise 421 filter knows about a gateway workload: per port, the hosts of every
/// server that has its own SNI filter chain. Terminating servers (SIMPLE, MUTUAL,
/// OPTIONAL_MUTUAL) are where the Lua runs; PASSTHROUGH servers are there too, because a
/// request for a passthrough host on a reused connection is misdirected as well and only a new
/// connection reaches it. A server that istiod drops for a duplicate host is left out, as
/// istiod leaves it out. Hosts are compared as the Lua compares them: ASCII lower case, one
/// trailing dot removed.
/// </summary>
public sealed class HostTable
{
    private HostTable(IReadOnlyList<PortHosts> ports) => Ports = ports;

    public IReadOnlyList<PortHosts> Ports { get; }

    public static HostTable Of(IEnumerable<Gateway> gateways)
    {
        var byPort = new SortedDictionary<int, List<ServerHosts>>();
        var taken = new Dictionary<int, HashSet<string>>();
        var servers = gateways.Distinct().SelectMany(g => g.Servers).Where(s => s.Tls is not null).Order(GatewayOrder.Instance);
        foreach (var server in servers)
        {
            var hosts = server.Hosts.Select(h => Normalize(h.Host)).Where(h => h.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (!taken.TryGetValue(server.Port.Number, out var known))
            {
                taken[server.Port.Number] = known = new HashSet<string>(StringComparer.Ordinal);
            }
            if (hosts.Any(known.Contains))
            {
                // istiod skips the whole later server ("duplicate host names"): Envoy never sees it.
                continue;
            }
            known.UnionWith(hosts);
            if (HasSniFilterChain(server) && hosts.Count > 0)
            {
                if (!byPort.TryGetValue(server.Port.Number, out var list))
                {
                    byPort[server.Port.Number] = list = [];
                }
                list.Add(new ServerHosts(server, hosts));
            }
        }
        return new HostTable([.. byPort.Select(p => new PortHosts(p.Key, [.. p.Value.OrderBy(s => string.Join(' ', s.Hosts), StringComparer.Ordinal)]))]);
    }

    /// <summary>A stable digest of the hosts per port (not of Gateway names or order): a precise
    /// filter carries it, and <c>check</c> recomputes it to tell a stale filter.</summary>
    public string Hash
    {
        get
        {
            var canonical = new JsonArray();
            foreach (var port in Ports)
            {
                var servers = new JsonArray();
                foreach (var server in port.Servers)
                {
                    var hosts = new JsonArray();
                    foreach (var host in server.Hosts)
                    {
                        hosts.Add((JsonNode)JsonValue.Create(host));
                    }
                    servers.Add((JsonNode)hosts);
                }
                canonical.Add((JsonNode)new JsonArray(JsonValue.Create(port.Port), servers));
            }
            return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToJsonString())));
        }
    }

    /// <summary>The form the Lua compares: ASCII lower case (Lua's string.lower), one trailing
    /// dot removed.</summary>
    public static string Normalize(string host)
    {
        var chars = host.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] is >= 'A' and <= 'Z')
            {
                chars[i] = (char)(chars[i] + 32);
            }
        }
        var text = new string(chars);
        return text.EndsWith('.') ? text[..^1] : text;
    }

    // Envoy matches these servers' filter chains by SNI. ISTIO_MUTUAL carries no certificate a
    // browser accepts; AUTO_PASSTHROUGH matches mesh-internal SNI names.
    private static bool HasSniFilterChain(Server server) =>
        server.TerminatesHttps || (server.TlsMode == TlsMode.Passthrough && (server.Port.IsHttps || server.Port.IsTls));
}
