using IstioTls.Analysis.Misdirected;
using IstioTls.Tests.Support;
using static IstioTls.Tests.Support.MisdirectedFixtures;

namespace IstioTls.Tests.Misdirected;

/// <summary>
/// The generated Lua, executed by LuaJIT through the harness, on the table of requests,
/// in both modes. The servers (one workload, port 443, one certificate): example.com and
/// www.example.com (one server); shop.example.org; *.wild.test; a-b.dash.test and 50%.pct.test;
/// b.dash.test, xay.z and 50x.pct.test; x.y.z.
/// </summary>
public class LuaFilterTests
{
    private static readonly string StrictLua = Lua(Servers(), MisdirectedMode.Strict);
    private static readonly string PreciseLua = Lua(Servers(), MisdirectedMode.Precise);

    private const string Misdirected = "421 Misdirected Request";
    private const string Pass = "pass";

    public static TheoryData<string, string?, string?, string, string> Cases => new()
    {
        // situation, SNI, :authority, strict, precise
        { "equal hosts", "example.com", "example.com", Pass, Pass },
        { "different case in the authority", "example.com", "EXAMPLE.com", Pass, Pass },
        { "different case in the SNI", "WWW.Example.COM", "www.example.com", Pass, Pass },
        { "host:443", "example.com", "example.com:443", Pass, Pass },
        { "another port", "example.com", "example.com:8443", Pass, Pass },
        { "trailing dot in the authority", "example.com", "example.com.", Pass, Pass },
        { "trailing dot and port", "example.com", "example.com.:443", Pass, Pass },
        { "trailing dot in the SNI", "example.com.", "example.com", Pass, Pass },
        { "IPv6 literal with port", "example.com", "[::1]:443", Pass, Pass },
        { "IPv6 literal", "example.com", "[2001:db8::1]", Pass, Pass },
        { "IPv4 literal", "example.com", "10.0.0.1", Pass, Pass },
        { "IPv4 literal with port", "example.com", "10.0.0.1:8443", Pass, Pass },
        { "empty SNI (plain HTTP, or a client without SNI)", "", "shop.example.org", Pass, Pass },
        { "no SNI at all", null, "shop.example.org", Pass, Pass },
        { "no :authority", "example.com", null, Pass, Pass },
        { "empty :authority", "example.com", "", Pass, Pass },
        { "a different host of the same server", "example.com", "www.example.com", Misdirected, Pass },
        { "a host of another server", "example.com", "shop.example.org", Misdirected, Misdirected },
        { "a host of another server, with case and port", "shop.example.org", "WWW.EXAMPLE.COM:443", Misdirected, Misdirected },
        { "a host nobody serves (a real 404)", "example.com", "unknown.example.net", Misdirected, Pass },
        { "example.com.evil.net against SNI example.com (not a suffix match)", "example.com", "example.com.evil.net", Misdirected, Pass },
        { "evil.net.example.com against SNI example.com", "example.com", "evil.net.example.com", Misdirected, Pass },
        { "'-' is no pattern: a-b.dash.test is not b.dash.test", "a-b.dash.test", "b.dash.test", Misdirected, Misdirected },
        { "'-' is no pattern, the other way round", "b.dash.test", "a-b.dash.test", Misdirected, Misdirected },
        { "'.' is no pattern: x.y.z is not xay.z", "x.y.z", "xay.z", Misdirected, Misdirected },
        { "'%' is no pattern: the same host passes (no malformed pattern error)", "50%.pct.test", "50%.pct.test", Pass, Pass },
        { "'%' is no pattern: 50%.pct.test is not 50x.pct.test", "50%.pct.test", "50x.pct.test", Misdirected, Misdirected },
        { "a host with '-' equal to the SNI", "a-b.dash.test", "A-B.dash.test:443", Pass, Pass },
        { "wildcard server *.wild.test: a.b.wild.test on a connection for x.wild.test", "x.wild.test", "a.b.wild.test", Misdirected, Pass },
        { "wildcard server: a.b.wild.test on another server's connection", "example.com", "a.b.wild.test", Misdirected, Misdirected },
        { "wildcard server: its own suffix is not below it", "x.wild.test", "wild.test", Misdirected, Pass },
        { "a connection for a wildcard host, a request for another server", "deep.x.wild.test", "shop.example.org", Misdirected, Misdirected },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Strict_mode(string situation, string? sni, string? authority, string strict, string precise)
    {
        _ = precise;
        Assert.True(strict == LuaHarness.Run(StrictLua, new LuaRequest(sni, authority)), $"{situation}: expected {strict}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Precise_mode(string situation, string? sni, string? authority, string strict, string precise)
    {
        _ = strict;
        Assert.True(precise == LuaHarness.Run(PreciseLua, new LuaRequest(sni, authority)), $"{situation}: expected {precise}");
    }

    public static TheoryData<string> CraftedHosts => new()
    {
        "x\"..(function() pwned = true end)()..\".evil",
        "x\\\"; envoy_on_request = nil --",
        "]]; pwned = true; --[[",
        "line\nbreak\npwned = true --",
        "tab\there\r\nx",
        "nul\0byte",
        "é.unicode.test",
        "\\065\\066",
    };

    /// <summary>A Gateway host is data: the filter still loads, defines nothing but
    /// envoy_on_request (the harness checks both), and matches the host exactly.</summary>
    [Theory]
    [MemberData(nameof(CraftedHosts))]
    public void A_crafted_gateway_host_cannot_inject_lua(string crafted)
    {
        var lua = Lua(Servers(crafted), MisdirectedMode.Precise);

        var outcomes = LuaHarness.Run(lua, [
            new LuaRequest("example.com", crafted),
            new LuaRequest("example.com", crafted + "x"),
            new LuaRequest(crafted, crafted),
        ]);

        Assert.Equal([Misdirected, Pass, Pass], outcomes);
        foreach (var line in lua.Split('\n'))
        {
            // Every character of the generated code is printable ASCII: nothing from the host
            // reaches it unescaped.
            Assert.All(line.ToCharArray(), c => Assert.InRange(c, ' ', '~'));
        }
    }

    public static TheoryData<string, string[], string, string, string> PreciseOnly => new()
    {
        // situation, servers (hosts separated by commas), SNI, :authority, precise
        { "a catch-all server gets the hosts nobody else serves", ["a.test", "*"], "a.test", "zzz.test", Misdirected },
        { "two hosts that only the catch-all serves", ["a.test", "*"], "yyy.test", "zzz.test", Pass },
        { "a host of a server below a wildcard: a new connection reaches that server", ["*.example.com", "b.example.com"], "a.example.com", "b.example.com", Misdirected },
        { "the wildcard's host on the specific server's connection", ["*.example.com", "b.example.com"], "b.example.com", "a.example.com", Misdirected },
        { "two hosts of the wildcard server", ["*.example.com", "b.example.com"], "a.example.com", "c.example.com", Pass },
        { "the longest wildcard suffix wins", ["*.example.com", "*.b.example.com"], "x.example.com", "y.b.example.com", Misdirected },
        { "two hosts of the longer wildcard", ["*.example.com", "*.b.example.com"], "x.b.example.com", "y.b.example.com", Pass },
    };

    [Theory]
    [MemberData(nameof(PreciseOnly))]
    public void Precise_mode_follows_envoys_sni_match(string situation, string[] servers, string sni, string authority, string expected)
    {
        var manifests = string.Concat(servers.Select((hosts, i) => GatewayJson($"web/s{i}", hosts.Split(','))));

        Assert.True(expected == LuaHarness.Run(Lua(manifests, MisdirectedMode.Precise), new LuaRequest(sni, authority)), $"{situation}: expected {expected}");
    }

    [Fact]
    public void Precise_mode_sends_a_passthrough_host_to_its_own_connection()
    {
        // A PASSTHROUGH server's filter chain comes from the VirtualService routes bound to it.
        var manifests = GatewayJson("web/site", ["*.example.com"]) + GatewayJson("web/legacy", ["legacy.example.com"], mode: "PASSTHROUGH") + GatewayJson("web/other", ["other.example.com"])
            + """
            {"apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": {"name": "legacy", "namespace": "web"},
             "spec": {"hosts": ["legacy.example.com"], "gateways": ["legacy"],
                      "tls": [{"match": [{"sniHosts": ["legacy.example.com"]}], "route": [{"destination": {"host": "legacy.web.svc.cluster.local"}}]}]}}

            """;

        var lua = Lua(manifests, MisdirectedMode.Precise);

        Assert.Equal(Misdirected, LuaHarness.Run(lua, new LuaRequest("www.example.com", "legacy.example.com")));
    }

    [Fact]
    public void Precise_mode_leaves_out_a_passthrough_server_without_routes_as_envoy_has_no_chain_for_it()
    {
        var manifests = GatewayJson("web/site", ["*.example.com"]) + GatewayJson("web/legacy", ["legacy.example.com"], mode: "PASSTHROUGH") + GatewayJson("web/other", ["other.example.com"]);

        var lua = Lua(manifests, MisdirectedMode.Precise);

        Assert.DoesNotContain("legacy.example.com", lua, StringComparison.Ordinal);
    }
}
