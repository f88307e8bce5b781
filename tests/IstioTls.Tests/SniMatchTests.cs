using IstioTls.Analysis;
using IstioTls.Tests.Support;
using static IstioTls.Tests.Support.Manifests;

namespace IstioTls.Tests;

/// <summary>Which server of a listener Envoy's SNI match picks: the exact host, else the longest
/// <c>*.suffix</c>, else <c>*</c>; between equal hosts the oldest.</summary>
public class SniMatchTests
{
    /// <summary>The servers' hosts (one server per ';' item, oldest first), the name, and the
    /// index of the server picked (-1: none).</summary>
    public static TheoryData<string, string, string, int> Cases => new()
    {
        { "the exact host", "a.example.com;shop.example.com", "shop.example.com", 1 },
        { "the exact host before a wildcard listed earlier", "*.example.com;shop.example.com", "shop.example.com", 1 },
        { "names compare lower case and without the trailing dot", "*.example.com;shop.example.com", "SHOP.Example.com.", 1 },
        { "server hosts too", "*.example.com;Shop.Example.COM.", "shop.example.com", 1 },
        { "between equal exact hosts the oldest", "shop.example.com;shop.example.com", "shop.example.com", 0 },
        { "the longest wildcard, listed first", "*.shop.example.com;*.example.com", "a.shop.example.com", 0 },
        { "the longest wildcard, listed last", "*.example.com;*.shop.example.com", "a.shop.example.com", 1 },
        { "between equal wildcards the oldest", "*.example.com;*.example.com", "a.example.com", 0 },
        { "a wildcard serves every depth", "*.example.com", "a.b.example.com", 0 },
        { "a wildcard's dot is part of the suffix", "*.example.com", "shopexample.com", -1 },
        { "a wildcard does not serve its own apex", "*.example.com", "example.com", -1 },
        { "* when nothing else serves the name", "*;*.example.org", "shop.example.com", 0 },
        { "a wildcard before *", "*;*.example.com", "shop.example.com", 1 },
        { "an exact host before *", "*;shop.example.com", "shop.example.com", 1 },
        { "* among other hosts of its server", "a.example.org;b.example.org,*", "shop.example.com", 1 },
        { "nothing", "a.example.com;*.example.org", "shop.example.com", -1 },
        { "a wildcard name: the server with that wildcard", "shop.example.com;*.example.com", "*.example.com", 1 },
        { "a wildcard name is no exact host", "x.example.com", "*.example.com", -1 },
        { "a wildcard name: a shorter wildcard serves it", "shop.example.com;*.com", "*.example.com", 1 },
        { "a wildcard name: a longer wildcard does not", "*.a.example.com", "*.example.com", -1 },
        { "several hosts of one server", "a.example.com,b.example.com;c.example.com", "b.example.com", 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Picks_the_server_Envoy_picks(string situation, string hosts, string name, int expected)
    {
        var servers = Snapshot(Gateway("web/a", "istio=ingressgateway", [.. hosts.Split(';').Select(h => Simple(443, h))])).Gateways[0].Servers;

        var picked = SniMatch.Select(servers, name);

        Assert.True(expected == (picked is null ? -1 : picked.Index), $"{situation}: picked {picked?.Key ?? "none"}");
    }

    public static TheoryData<string, bool> FilterChains => new()
    {
        { Simple(443, "a.example.com"), true },
        { Server(443, "a.example.com", "mode: PASSTHROUGH", protocol: "TLS"), true },
        { Server(443, "a.example.com", "mode: SIMPLE, credentialName: c", protocol: "tls"), true },
        { Server(443, "a.example.com", "", protocol: "HTTPS"), false },
        { Server(80, "a.example.com", "", protocol: "HTTP"), false },
        { Server(80, "a.example.com", "httpsRedirect: true", protocol: "HTTP"), false },
    };

    [Theory]
    [MemberData(nameof(FilterChains))]
    public void A_server_has_a_TLS_filter_chain_when_it_has_tls_on_HTTPS_or_TLS(string server, bool expected)
    {
        var parsed = Snapshot(Gateway("web/a", "istio=ingressgateway", [server])).Gateways[0].Servers[0];

        Assert.Equal(expected, SniMatch.HasFilterChain(parsed));
    }
}
