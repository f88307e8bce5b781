using IstioTls.BrowserTests.Support;
using Xunit.Abstractions;

namespace IstioTls.BrowserTests;

/// <summary>
/// Scenario 6: the Gateway API conformance test HTTPRouteHTTPSListenerDetectMisdirectedRequests
/// (feature GatewayHTTPSListenerDetectMisdirectedRequests, which Istio skips), its whole SNI × Host
/// matrix, against the stand-in with the precise filter.
/// </summary>
public sealed class ConformanceMisdirectedTests(ITestOutputHelper output)
{
    private const string Path = "/detect-misdirected-requests";

    /// <summary>The conformance test's cases, in its order: SNI, Host, status.</summary>
    private static readonly (string Sni, string Host, int Status)[] Cases =
    [
        ("example.org", "example.org", 200),
        ("example.org", "second-example.org", 421),
        ("example.org", "unknown-example.org", 404),
        ("second-example.org", "second-example.org", 200),
        ("second-example.org", "example.org", 421),
        ("second-example.org", "unknown-example.org", 421),
        ("third-example.wildcard.org", "third-example.wildcard.org", 200),
        ("third-example.wildcard.org", "fith-example.wildcard.org", 200),
        ("third-example.wildcard.org", "fourth-example.wildcard.org", 421),
        ("third-example.wildcard.org", "second-example.org", 421),
        ("third-example.wildcard.org", "unknown-example.org", 421),
        ("fourth-example.wildcard.org", "fourth-example.wildcard.org", 200),
        ("fourth-example.wildcard.org", "fith-example.wildcard.org", 421),
        ("unknown-example.org", "example.org", 200),
        ("unknown-example.org", "unknown-example.org", 404),
    ];

    [Fact]
    public void With_the_precise_filter_every_case_gets_the_status_the_conformance_test_expects()
    {
        var gateway = Scenarios.ConformanceMisdirected();
        var ports = StandIn.AllocatePorts(gateway.Listeners);
        Assert.Contains(gateway.Check().Findings, f => f.Severity == "error" && f.MitigatedBy is null);
        var scenario = gateway.With421("precise", ports);
        using var standIn = scenario.Start(ports);

        var got = Send(standIn);

        Assert.Equal(Cases.Select(c => $"{c.Sni} {c.Host} {c.Status}"), got.Select(c => $"{c.Sni} {c.Host} {c.Status}"));
        Assert.DoesNotContain(scenario.Check().Findings, f => f.Severity == "error");
    }

    [Fact]
    public void Without_a_filter_no_case_gets_421()
    {
        var scenario = Scenarios.ConformanceMisdirected();
        using var standIn = scenario.Start(StandIn.AllocatePorts(scenario.Listeners));

        var got = Send(standIn);

        Assert.DoesNotContain(got, c => c.Status == 421);
        Assert.Contains(got, c => c.Status == 404 && Cases.Contains((c.Sni, c.Host, 421)));
    }

    /// <summary>Every case, one connection per SNI, checked against the stand-in's log.</summary>
    private List<(string Sni, string Host, int Status)> Send(StandIn standIn)
    {
        var got = new List<(string Sni, string Host, int Status)>();
        foreach (var sni in Cases.Select(c => c.Sni).Distinct())
        {
            var hosts = Cases.Where(c => c.Sni == sni).Select(c => c.Host).ToList();
            var statuses = Curl.Send(standIn.Port(443), sni, hosts, Path);
            got.AddRange(hosts.Zip(statuses, (h, s) => (sni, h, s)));
        }
        var log = standIn.Requests();
        output.WriteLine(string.Join("\n", log));
        Assert.Equal(got.Select(c => (c.Sni, c.Host, c.Status, "HTTP/2.0")), log.Select(r => (r.Sni, r.Host, r.Status, r.Protocol)));
        Assert.All(log.GroupBy(r => r.Sni), g => Assert.Single(g.Select(r => r.Connection).Distinct()));
        Assert.Equal(log.Select(r => r.Sni).Distinct().Count(), log.Select(r => r.Connection).Distinct().Count());
        return got;
    }
}
