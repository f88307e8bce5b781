using IstioTls.Analysis.Istiod;
using IstioTls.Analysis.Misdirected;
using static IstioTls.Tests.Support.Manifests;
using static IstioTls.Tests.Support.MisdirectedFixtures;

namespace IstioTls.Tests.IstiodCases;

/// <summary>
/// istiod's merge of the servers on one port (MergeGateways, pilot/pkg/model/gateway.go): a
/// later plain-text server joins the port's first plain-text server only over HTTP, on that
/// server's bind; a TLS server first on the port leaves the place of the plain-text server open.
/// </summary>
public class MergedGatewayTests
{
    private static MergedGateway Merge(string yaml) => WorkloadGateways.Merged(Snapshot(yaml), LabelsOf(Ingress), "istio-system");

    public static TheoryData<string, string[], string[]> Cases => new()
    {
        // situation, servers of one Gateway, "kept" or "skipped (conflicts with server N)" per server
        { "HTTP then HTTP2 on one port: merged", [Server(80, "a.example.com", "", "HTTP"), Server(80, "b.example.com", "", "HTTP2")], ["kept", "kept"] },
        { "HTTP then TCP on one port: TCP dropped", [Server(80, "a.example.com", "", "HTTP"), Server(80, "b.example.com", "", "TCP")], ["kept", "skipped (conflicts with server 0)"] },
        { "HTTP then TCP on another bind: kept", [Server(80, "a.example.com", "", "HTTP", bind: "10.0.0.1"), Server(80, "b.example.com", "", "TCP", bind: "10.0.0.2")], ["kept", "kept"] },
        { "HTTP then gRPC, gRPC-Web, HTTP_PROXY: merged", [Server(80, "a.example.com", "", "HTTP"), Server(80, "b.example.com", "", "GRPC"), Server(80, "c.example.com", "", "GRPC-WEB"), Server(80, "d.example.com", "", "HTTP_PROXY")], ["kept", "kept", "kept", "kept"] },
        { "HTTP2 then TCP: TCP dropped", [Server(80, "a.example.com", "", "HTTP2"), Server(80, "b.example.com", "", "TCP")], ["kept", "skipped (conflicts with server 0)"] },
        { "gRPC then TCP: TCP dropped", [Server(80, "a.example.com", "", "GRPC"), Server(80, "b.example.com", "", "TCP")], ["kept", "skipped (conflicts with server 0)"] },
        { "gRPC-Web then TCP: TCP dropped", [Server(80, "a.example.com", "", "GRPC-WEB"), Server(80, "b.example.com", "", "TCP")], ["kept", "skipped (conflicts with server 0)"] },
        { "HTTP_PROXY then TCP: TCP dropped", [Server(80, "a.example.com", "", "HTTP_PROXY"), Server(80, "b.example.com", "", "TCP")], ["kept", "skipped (conflicts with server 0)"] },
        { "TCP then TCP: dropped too (only HTTP merges)", [Server(80, "a.example.com", "", "TCP"), Server(80, "b.example.com", "", "TCP")], ["kept", "skipped (conflicts with server 0)"] },
        {
            "HTTP on bind 1, HTTP on bind 2, then TCP on bind 2: the first plain-text server's bind is compared",
            [Server(80, "a.example.com", "", "HTTP", bind: "10.0.0.1"), Server(80, "b.example.com", "", "HTTP", bind: "10.0.0.2"), Server(80, "c.example.com", "", "TCP", bind: "10.0.0.2")],
            ["kept", "kept", "kept"]
        },
        {
            "HTTPS, then HTTP, then TCP on one port: HTTP is the port's first plain-text server",
            [Simple(443, "a.example.com", "cert-a"), Server(443, "b.example.com", "", "HTTP"), Server(443, "c.example.com", "", "TCP")],
            ["kept", "kept", "skipped (conflicts with server 1)"]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plain_text_servers_on_one_port(string situation, string[] servers, string[] expected)
    {
        var merged = Merge(Gateway("web/a", Ingress, servers));

        string[] actual = [.. Enumerable.Range(0, servers.Length).Select(i =>
            merged.Kept.Any(k => k.Server.Index == i) ? "kept"
            : merged.Skipped.OfType<ProtocolConflictSkip>().Single(s => s.Server.Index == i).PlainText is var other ? $"skipped (conflicts with server {other.Index})" : "")];
        Assert.True(expected.SequenceEqual(actual), $"{situation}: {string.Join(", ", actual)}");
    }

    /// <summary>Files without Services: an Istio Gateway's port is assumed, but istiod makes
    /// the Service of a Gateway API Gateway itself, one port per listener as written.</summary>
    [Theory]
    [InlineData("an Istio Gateway", "Assumed")]
    [InlineData("a Gateway API Gateway", "AsWritten")]
    public void Without_Services_the_listener_port_is(string gateway, string source)
    {
        var yaml = gateway == "an Istio Gateway"
            ? Gateway("edge/edge", "gateway.networking.k8s.io/gateway-name=edge", [Simple(443, "a.example.com", "cert-a")])
            : GatewayApi("edge/edge", [Listener("a", 443, "a.example.com", certificates: ["cert-a"])]);

        var kept = Assert.Single(WorkloadGateways.Merged(Snapshot(yaml), LabelsOf("gateway.networking.k8s.io/gateway-name=edge"), "edge").Kept);

        Assert.Equal($"443 {source}", $"{kept.Port.Number} {kept.Port.Source}");
    }

    /// <summary>istiod compares each host once: a server that lists a held host twice is
    /// skipped naming it once, as the DuplicateHost finding prints it.</summary>
    [Fact]
    public void A_held_host_listed_twice_by_the_skipped_server_is_named_once()
    {
        var merged = Merge(Gateway("web/a", Ingress, [Simple(443, "a.example.com", "cert-a"), Simple(443, "a.example.com,a.example.com,b.example.com", "cert-b")]));

        var skip = Assert.IsType<DuplicateHostSkip>(Assert.Single(merged.Skipped));
        Assert.Equal(["a.example.com"], skip.Hosts);
    }

    /// <summary>A terminating server's chain comes from the server itself; only a PASSTHROUGH
    /// server's chains name the VirtualService they come from (HostTableTests).</summary>
    [Fact]
    public void A_terminating_servers_chain_says_it_comes_from_the_server()
    {
        var kept = Assert.Single(Merge(Gateway("web/a", Ingress, [Simple(443, "a.example.com", "cert-a")])).Kept);

        Assert.Equal("web/a server 0", Assert.Single(kept.Chains).Origin);
    }

    [Theory]
    [InlineData("*/*,./a.example.com", "*")]
    [InlineData("./a.example.com,*/b.example.com,other/c.example.com", "web/a.example.com,b.example.com,other/c.example.com")]
    [InlineData("*,a.example.com", "*,a.example.com")]
    public void Hosts_as_istiod_sanitizes_them(string hosts, string istiod)
    {
        var server = Snapshot(Gateway("web/a", Ingress, [Simple(443, hosts, "cert-a")])).Gateways[0].Servers[0];

        Assert.Equal(istiod, string.Join(",", MergedGateway.IstiodHosts(server)));
    }
}
