using IstioTls.BrowserTests.Support;

namespace IstioTls.BrowserTests;

/// <summary>
/// The stand-in against Envoy's documented behaviour, where the scenarios do not reach: the filter
/// chain match (FilterChainMatch: "for SNI www.example.com the most specific match would be
/// www.example.com, then *.example.com, then *.com, then any filter chain without server_names";
/// no chain matching: the connection is closed) and the route table of the chosen chain alone.
/// </summary>
public sealed class StandInTests
{
    [Fact]
    public void Without_SNI_and_without_a_catch_all_server_the_handshake_fails()
    {
        var scenario = Scenarios.TwoGateways();
        using var standIn = scenario.Start(StandIn.AllocatePorts(scenario.Listeners));

        var result = Curl.Run(standIn.Port(443), null, ["asm1.test.com"], "/x");

        Assert.Equal(35, result.ExitCode);
        Assert.Empty(standIn.Requests());
    }

    [Fact]
    public void Without_SNI_the_catch_all_servers_chain_and_routes_answer()
    {
        var scenario = Scenarios.ConformanceMisdirected();
        using var standIn = scenario.Start(StandIn.AllocatePorts(scenario.Listeners));

        Assert.Equal([200, 404], Curl.Send(standIn.Port(443), null, ["example.org", "second-example.org"], "/x"));
        Assert.All(standIn.Requests(), r => Assert.Equal("", r.Sni));
    }

    [Fact]
    public void An_exact_name_beats_a_wildcard_and_a_wildcard_matches_at_any_depth()
    {
        var scenario = Scenarios.ConformanceMisdirected();
        Assert.Equal(["*", "second-example.org", "*.wildcard.org", "fourth-example.wildcard.org"],
            scenario.Listeners.Single().Chains.Select(c => c.Hosts.Single()));
        using var standIn = scenario.Start(StandIn.AllocatePorts(scenario.Listeners));

        // The exact chain (listener 4) routes only its own host; the wildcard chain (listener 3) routes *.wildcard.org.
        Assert.Equal([200, 404], Curl.Send(standIn.Port(443), "fourth-example.wildcard.org", ["fourth-example.wildcard.org", "third-example.wildcard.org"], "/x"));
        Assert.Equal([200, 200], Curl.Send(standIn.Port(443), "third-example.wildcard.org", ["fourth-example.wildcard.org", "third-example.wildcard.org"], "/x"));
        // A name two labels under *.wildcard.org still takes that chain, not the catch-all (which routes example.org).
        // (The certificate's *.wildcard.org does not cover that name, so it goes unverified.)
        Assert.Equal([200, 404], Curl.Send(standIn.Port(443), "a.b.wildcard.org", ["third-example.wildcard.org", "example.org"], "/x", verify: false));
    }
}
