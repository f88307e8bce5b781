using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using IstioTls.Analysis.Istiod;
using IstioTls.Model;

namespace IstioTls.Analysis.Misdirected;

/// <summary>The hosts of one server that owns an SNI filter chain on a listener.</summary>
public sealed record ServerHosts(Server Server, IReadOnlyList<string> Hosts)
{
    /// <summary>Envoy terminates TLS here, so HTTP filters (the Lua) run on its connections.</summary>
    public bool Terminates => Server.TerminatesHttps;
}

/// <summary>The servers that share one Envoy listener of a gateway workload: its port (the port
/// Envoy listens on, resolved through the Services) and bind address.</summary>
/// <param name="Established">The port was resolved through the Services (or they are known and
/// name none): an EnvoyFilter can match it. False: assumed to be the Gateway port as written.</param>
public sealed record PortHosts(PortBinding Listener, IReadOnlyList<ServerHosts> Servers, bool Established = true, IReadOnlyList<int>? GatewayPorts = null)
{
    public int Port => Listener.Port;

    /// <summary>A listener where a request can reach the wrong server: two or more servers, one
    /// of which terminates TLS (the only connections the Lua sees).</summary>
    public bool NeedsFilter => Servers.Count > 1 && Servers.Any(s => s.Terminates);

    /// <summary>The listener's name in Envoy (<c>0.0.0.0_8443</c>; <c>10.0.0.1_443</c> with a bind).</summary>
    public string ListenerName => Listener.EnvoyName;
}

/// <summary>
/// What the precise 421 filter knows about a gateway workload: per Envoy listener, the SNI names
/// of every filter chain, per server, as istiod builds them (<see cref="MergedGateway"/>):
/// terminating servers (SIMPLE, MUTUAL, OPTIONAL_MUTUAL) are where the Lua runs; PASSTHROUGH
/// servers are there too, with the <c>sniHosts</c> of the VirtualServices that give them their
/// chains, because a request for a passthrough host on a reused connection is misdirected as
/// well and only a new connection reaches it. A server istiod skips is left out; a server whose
/// hosts include <c>*</c> is the catch-all (<c>*</c>) and nothing else. Hosts are compared as
/// the Lua compares them: ASCII lower case, one trailing dot removed.
/// </summary>
public sealed class HostTable
{
    private HostTable(IReadOnlyList<PortHosts> ports) => Ports = ports;

    public IReadOnlyList<PortHosts> Ports { get; }

    public static HostTable Of(MergedGateway merged)
    {
        var byListener = new SortedDictionary<(int Port, string Bind), (PortBinding Listener, bool Established, SortedSet<int> GatewayPorts, List<ServerHosts> Servers)>();
        foreach (var kept in merged.Kept)
        {
            if (!HasSniFilterChain(kept.Server))
            {
                continue;
            }
            // A server without chains (a passthrough server no tls route names) has no hosts.
            var hosts = kept.Chains.Any(c => c.IsCatchAll)
                ? ["*"]
                : kept.Chains.SelectMany(c => c.ServerNames!).Select(Normalize).Where(h => h.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (hosts.Count == 0)
            {
                continue;
            }
            var key = (kept.Listener.Port, kept.Listener.Bind ?? "");
            if (!byListener.TryGetValue(key, out var entry))
            {
                byListener[key] = entry = (kept.Listener, true, [], []);
            }
            entry.Servers.Add(new ServerHosts(kept.Server, hosts));
            entry.GatewayPorts.Add(kept.Server.Port.Number);
            byListener[key] = entry with { Established = entry.Established && kept.Port.Established };
        }
        return new HostTable([.. byListener.Values.Select(e => new PortHosts(
            e.Listener,
            [.. e.Servers.OrderBy(s => string.Join(' ', s.Hosts), StringComparer.Ordinal)],
            e.Established,
            [.. e.GatewayPorts]))]);
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
                // The bind joins the digest only where there is one: filters generated before
                // binds were told apart keep their digest.
                canonical.Add(port.Listener.Bind is { } bind
                    ? (JsonNode)new JsonArray(JsonValue.Create(port.Port), JsonValue.Create(bind), servers)
                    : new JsonArray(JsonValue.Create(port.Port), servers));
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
