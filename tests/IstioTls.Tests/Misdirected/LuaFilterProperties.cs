using CsCheck;
using IstioTls.Analysis.Misdirected;
using IstioTls.Tests.Support;
using static IstioTls.Tests.Support.MisdirectedFixtures;

namespace IstioTls.Tests.Misdirected;

/// <summary>
/// Random SNIs and authorities, many per LuaJIT run: the filter never raises (the harness
/// reports errors its own pcall swallows too), and it answers 421 exactly when the issue's
/// comparison rules, written out again here in C#, say it should.
/// </summary>
public class LuaFilterProperties
{
    private static readonly string StrictLua = Lua(Servers(), MisdirectedMode.Strict);
    private static readonly string PreciseLua = Lua(Servers(), MisdirectedMode.Precise);

    // Host-like names, the table's own hosts, and characters that break naive code.
    private static readonly Gen<string> Name = Gen.OneOf(
        Gen.OneOf("example.com", "www.example.com", "shop.example.org", "a.wild.test", "a.b.wild.test", "wild.test", "a-b.dash.test", "b.dash.test", "x.y.z", "xay.z", "50%.pct.test", "10.0.0.1", "::1", "[::1]", "", "."),
        Gen.Char["abcXYZ019.-%:[]*_ \t\"\\é"].Array[0, 12].Select(chars => new string(chars)));

    // The same name as a browser might send it: another case, a port, a trailing dot.
    private static readonly Gen<string> Authority =
        Gen.Select(Name, Gen.Bool, Gen.OneOf("", ":443", ":8443", ":", ":x"), Gen.Bool,
            (name, upper, port, dot) => (upper ? name.ToUpperInvariant() : name) + (dot ? "." : "") + port);

    private static readonly Gen<LuaRequest[]> Requests =
        Gen.Select(Name.Null(0.1), Authority.Null(0.1), (sni, authority) => new LuaRequest(sni, authority)).Array[1, 100];

    [Fact]
    public void Strict_mode_answers_421_exactly_when_the_hosts_differ_and_never_raises()
    {
        Requests.Sample(requests =>
        {
            var outcomes = LuaHarness.Run(StrictLua, requests);
            for (var i = 0; i < requests.Length; i++)
            {
                var (sni, host) = (SniHost(requests[i].Sni), AuthorityHost(requests[i].Authority));
                var expected = sni is not null && host is not null && sni != host ? "421 Misdirected Request" : "pass";
                Assert.True(expected == outcomes[i], $"{requests[i]}: expected {expected}, got {outcomes[i]}");
            }
        }, iter: 40);
    }

    [Fact]
    public void Precise_mode_answers_421_exactly_when_another_server_would_take_the_host_and_never_raises()
    {
        string[][] servers = [["example.com", "www.example.com"], ["shop.example.org"], ["*.wild.test"], ["a-b.dash.test", "50%.pct.test"], ["b.dash.test", "xay.z", "50x.pct.test"], ["x.y.z"]];
        Requests.Sample(requests =>
        {
            var outcomes = LuaHarness.Run(PreciseLua, requests);
            for (var i = 0; i < requests.Length; i++)
            {
                var (sni, host) = (SniHost(requests[i].Sni), AuthorityHost(requests[i].Authority));
                var misdirected = sni is not null && host is not null && sni != host
                    && ServerFor(servers, host) is { } target && target != ServerFor(servers, sni);
                var expected = misdirected ? "421 Misdirected Request" : "pass";
                Assert.True(expected == outcomes[i], $"{requests[i]}: expected {expected}, got {outcomes[i]}");
            }
        }, iter: 40);
    }

    // The rules: no SNI, no authority or an IP literal pass; both sides in lower case
    // (ASCII, as Lua's string.lower), the port cut (an IPv6 literal in brackets passes) and one
    // trailing dot removed.
    private static string? SniHost(string? sni)
    {
        if (string.IsNullOrEmpty(sni))
        {
            return null;
        }
        var host = HostTable.Normalize(sni);
        return host.Length == 0 ? null : host;
    }

    private static string? AuthorityHost(string? authority)
    {
        if (string.IsNullOrEmpty(authority) || authority[0] == '[')
        {
            return null;
        }
        var colon = authority.IndexOf(':', StringComparison.Ordinal);
        var host = HostTable.Normalize(colon < 0 ? authority : authority[..colon]);
        return host.Length == 0 || host.All(c => c is '.' or (>= '0' and <= '9')) ? null : host;
    }

    // Envoy's SNI match: the exact name, else the longest "*." suffix, else "*".
    private static int? ServerFor(string[][] servers, string name)
    {
        int? wildcard = null;
        var longest = 0;
        for (var i = 0; i < servers.Length; i++)
        {
            foreach (var host in servers[i])
            {
                if (host == name)
                {
                    return i;
                }
                if (host.StartsWith("*.", StringComparison.Ordinal) && name.Length > host.Length - 1 && name.EndsWith(host[1..], StringComparison.Ordinal) && host.Length - 1 > longest)
                {
                    (wildcard, longest) = (i, host.Length - 1);
                }
            }
        }
        return wildcard;
    }
}
