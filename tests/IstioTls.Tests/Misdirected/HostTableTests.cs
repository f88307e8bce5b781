using IstioTls.Analysis.Misdirected;
using static IstioTls.Tests.Support.Manifests;
using static IstioTls.Tests.Support.MisdirectedFixtures;

namespace IstioTls.Tests.Misdirected;

/// <summary>
/// The host table of a precise 421 filter: per Envoy listener, the hosts of each server whose
/// filter chain Envoy picks by SNI.
/// </summary>
public class HostTableTests
{
    private static HostTable Table(string yaml) => HostTable.Of(WorkloadGateways.Merged(Snapshot(yaml), LabelsOf(Ingress), "istio-system"));

    private static string[] Describe(HostTable table) =>
        [.. table.Ports.Select(p => $"{p.Listener.Port}{(p.Listener.Bind is { } bind ? "@" + bind : "")} [{string.Join(",", p.GatewayPorts ?? [])}]: {string.Join(" | ", p.Servers.Select(s => string.Join(",", s.Hosts)))}")];

    public static TheoryData<string, string, string[]> Cases => new()
    {
        { "terminating servers, one listener", Gateway("web/a", Ingress, [Simple(443, "b.example.com,a.example.com", "cert-x"), Simple(443, "c.example.com", "cert-y")]), ["443 [443]: a.example.com,b.example.com | c.example.com"] },
        { "the listener without bind before the one bound to an address", Gateway("web/a", Ingress, [Server(443, "a.example.com", "mode: SIMPLE, credentialName: cert-x", bind: "10.0.0.1"), Simple(443, "b.example.com", "cert-y")]), ["443 [443]: b.example.com", "443@10.0.0.1 [443]: a.example.com"] },
        { "ISTIO_MUTUAL: no certificate a browser accepts, not in the table", Gateway("web/a", Ingress, [Simple(443, "a.example.com", "cert-x"), Server(443, "mesh.example.com", "mode: ISTIO_MUTUAL")]), ["443 [443]: a.example.com"] },
        { "PASSTHROUGH on a TLS port: Envoy picks its chain by SNI", Gateway("web/a", Ingress, [Simple(443, "a.example.com", "cert-x"), Server(443, "*.db.example.com", "mode: PASSTHROUGH", protocol: "TLS")])
            + "---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: db, namespace: web}\nspec:\n  hosts: [\"*.db.example.com\"]\n  gateways: [a]\n  tls:\n  - match: [{port: 443, sniHosts: [eu.db.example.com]}]\n    route: [{destination: {host: db}}]\n",
            ["443 [443]: a.example.com | eu.db.example.com"] },
        { "PASSTHROUGH on a TLS port without a tls route: no chain", Gateway("web/a", Ingress, [Simple(443, "a.example.com", "cert-x"), Server(443, "*.db.example.com", "mode: PASSTHROUGH", protocol: "TLS")]), ["443 [443]: a.example.com"] },
        { "a host that is only a dot names nothing", Gateway("web/a", Ingress, [Simple(443, ".,a.example.com", "cert-x"), Simple(443, ".", "cert-y")]), ["443 [443]: a.example.com"] },
    };

    private static string Passthrough(params string[] virtualServices) =>
        Gateway("web/a", Ingress, [Server(443, "*.db.example.com", "mode: PASSTHROUGH", protocol: "TLS")]) + string.Concat(virtualServices);

    /// <summary>A VirtualService in web binding Gateway a: hosts "h1,h2", each match "port:sni1,sni2"
    /// (port may be empty) or "port:sni@gateway".</summary>
    private static string TlsRoute(string name, string hosts, string[] matches, string? created = null)
    {
        var meta = created is null ? "" : $", creationTimestamp: \"{created}\"";
        var routes = string.Concat(matches.Select(m =>
        {
            var (port, rest) = (m[..m.IndexOf(':', StringComparison.Ordinal)], m[(m.IndexOf(':', StringComparison.Ordinal) + 1)..]);
            var gateways = rest.Contains('@', StringComparison.Ordinal) ? $", gateways: [{rest[(rest.IndexOf('@', StringComparison.Ordinal) + 1)..]}]" : "";
            var sni = rest.Split('@')[0];
            var portPart = port.Length == 0 ? "" : $"port: {port}, ";
            return $"\n  - match: [{{{portPart}sniHosts: [{sni}]{gateways}}}]\n    route: [{{destination: {{host: db}}}}]";
        }));
        return $"---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {{name: {name}, namespace: web{meta}}}\nspec:\n  hosts: [{hosts}]\n  gateways: [a]\n  tls:{routes}\n";
    }

    public static TheoryData<string, string, string[]> PassthroughCases => new()
    {
        { "one chain per match, its names in order, once each", Passthrough(TlsRoute("db", "\"*.db.example.com\"", ["443:b.db.example.com,a.db.example.com,b.db.example.com", ":c.db.example.com"])), ["VirtualService web/db on web/a server 0: a.db.example.com,b.db.example.com", "VirtualService web/db on web/a server 0: c.db.example.com"] },
        { "a match on * is a catch-all chain", Passthrough(TlsRoute("db", "\"*.db.example.com\"", ["443:\"*\""])), ["VirtualService web/db on web/a server 0: *"] },
        { "a match on another port gives no chain", Passthrough(TlsRoute("db", "\"*.db.example.com\"", ["8443:a.db.example.com", "443:b.db.example.com"])), ["VirtualService web/db on web/a server 0: b.db.example.com"] },
        { "a match for another Gateway gives no chain", Passthrough(TlsRoute("db", "\"*.db.example.com\"", ["443:a.db.example.com@other", "443:b.db.example.com@a"])), ["VirtualService web/db on web/a server 0: b.db.example.com"] },
        { "a VirtualService one of whose hosts meets the server's", Passthrough(TlsRoute("db", "other.example.org, \"*.db.example.com\"", ["443:a.db.example.com"])), ["VirtualService web/db on web/a server 0: a.db.example.com"] },
        { "a server with two hosts, the VirtualService's meeting one of them", Gateway("web/a", Ingress, [Server(443, "other.example.org,*.db.example.com", "mode: PASSTHROUGH", protocol: "TLS")]) + TlsRoute("db", "\"*.db.example.com\"", ["443:a.db.example.com"]), ["VirtualService web/db on web/a server 0: a.db.example.com"] },
        { "a match for two Gateways, this one second", Passthrough(TlsRoute("db", "\"*.db.example.com\"", ["443:a.db.example.com@other,a"])), ["VirtualService web/db on web/a server 0: a.db.example.com"] },
        { "a VirtualService none of whose hosts meets the server's", Passthrough(TlsRoute("db", "other.example.org", ["443:a.db.example.com"])), [] },
        { "the same name from two VirtualServices: the older one's chain", Passthrough(TlsRoute("a-newer", "\"*.db.example.com\"", ["443:a.db.example.com"], "2024-01-02T00:00:00Z"), TlsRoute("z-older", "\"*.db.example.com\"", ["443:a.db.example.com"], "2024-01-01T00:00:00Z")), ["VirtualService web/z-older on web/a server 0: a.db.example.com"] },
        { "the same name from two VirtualServices of one age: the first by name", Passthrough(TlsRoute("b-second", "\"*.db.example.com\"", ["443:a.db.example.com"]), TlsRoute("a-first", "\"*.db.example.com\"", ["443:a.db.example.com"])), ["VirtualService web/a-first on web/a server 0: a.db.example.com"] },
        { "the same name from two VirtualServices, one without a creation time: that one, as the zero time", Passthrough(TlsRoute("a-dated", "\"*.db.example.com\"", ["443:a.db.example.com"], "2024-01-01T00:00:00Z"), TlsRoute("b-undated", "\"*.db.example.com\"", ["443:a.db.example.com"])), ["VirtualService web/b-undated on web/a server 0: a.db.example.com"] },
    };

    [Theory]
    [MemberData(nameof(PassthroughCases))]
    public void A_passthrough_servers_chains_come_from_its_tls_routes(string situation, string yaml, string[] chains)
    {
        var merged = WorkloadGateways.Merged(Snapshot(yaml), LabelsOf(Ingress), "istio-system");
        string[] actual = [.. merged.Kept.SelectMany(k => k.Chains).Select(c => $"{c.Origin}: {(c.ServerNames is null ? "*" : string.Join(",", c.ServerNames))}")];

        Assert.True(chains.SequenceEqual(actual), $"{situation}: {string.Join(" ; ", actual)}");
    }

    [Fact]
    public void A_passthrough_server_with_a_catch_all_chain_is_all_hosts_in_the_table()
    {
        var yaml = Passthrough(TlsRoute("db", "\"*.db.example.com\"", ["443:a.db.example.com", "443:\"*\""]));

        Assert.Equal(["443 [443]: *"], Describe(Table(yaml)));
    }

    /// <summary>A precise filter carries the digest and check recomputes it to tell a stale
    /// filter: a filter written by an earlier version is current only while the digest of the
    /// same table stays the same string, prefix included.</summary>
    [Fact]
    public void The_digest_of_a_table_stays_the_same_string()
    {
        var table = Table(Gateway("web/a", Ingress, [Simple(443, "b.example.com,a.example.com", "cert-x"), Simple(443, "c.example.com", "cert-y")]));

        Assert.Equal("sha256:92730ec35f93b4e293733e746e54129bee90cf5d945eb894a10c0099ccda43da", table.Hash);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Lists_the_hosts_of_each_SNI_chain_per_listener(string situation, string yaml, string[] expected)
    {
        Assert.True(expected.SequenceEqual(Describe(Table(yaml))), $"{situation}: {string.Join(" ; ", Describe(Table(yaml)))}");
    }
}
