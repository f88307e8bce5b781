using IstioTls.BrowserTests.Support;
using Xunit.Abstractions;

namespace IstioTls.BrowserTests;

/// <summary>Scenario 4: the precise filter, generated for the listener port the stand-in serves.</summary>
public sealed class Precise421Tests(BrowserFixture browsers, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Theory]
    [MemberData(nameof(BrowserFixture.Names), MemberType = typeof(BrowserFixture))]
    public void A_host_of_the_same_server_stays_on_the_connection_and_another_servers_host_gets_421(string browser)
    {
        var broken = Scenarios.TwoHostsOneServer();
        var ports = StandIn.AllocatePorts(broken.Listeners);
        var scenario = broken.With421("precise", ports);
        var check = scenario.Check();
        Assert.False(check.AtRisk("asm1.test.com", "asm2.test.com"), "with the filter, check must report the pair mitigated");
        Assert.False(check.AtRisk("asm1.test.com", "asm3.test.com"), "one server's hosts are never at risk");
        using var standIn = scenario.Start(ports);

        var visit = PageVisit.Open(browsers.Get(browser), standIn, scenario, "asm1.test.com", "asm3.test.com", "asm2.test.com");
        output.WriteLine(visit.ToString());

        var sameServer = Assert.Single(visit.For("asm3.test.com"));
        Assert.Equal((visit.PageRequest.Connection, "asm1.test.com", 200), (sameServer.Connection, sameServer.Sni, sameServer.Status));
        Probe.AssertSameAsBrowser(standIn, visit, "asm1.test.com", "asm3.test.com");
        Probe.AssertSameAsBrowser(standIn, visit, "asm1.test.com", "asm2.test.com");
        var other = visit.For("asm2.test.com");
        Assert.DoesNotContain(other, r => r.Status == 404);
        if (browser == "Firefox" && other.Count > 1 && other[1].Sni == "asm3.test.com")
        {
            // Seen here under load: Firefox had opened a connection for asm3.test.com (SNI asm3)
            // before it found it could reuse the page's; its retry after the 421 went there (the
            // certificate covers asm2.test.com too), which is still the wrong server: 421 again, and
            // Firefox gave up on the image. The filter answered right both times; the browser chose.
            Assert.Equal([(visit.PageRequest.Connection, 421), (other[1].Connection, 421)], other.Select(r => (r.Connection, r.Status)));
            output.WriteLine("Firefox retried on its connection for asm3.test.com and got 421 again");
            return;
        }
        Retry.AssertMisdirectedThenRetried(visit, "asm1.test.com", "asm2.test.com");
    }

    [Fact]
    public void Without_the_filter_the_same_page_gets_404_for_the_other_server_only()
    {
        var scenario = Scenarios.TwoHostsOneServer();
        using var standIn = scenario.Start(StandIn.AllocatePorts(scenario.Listeners));

        var visit = PageVisit.Open(browsers.Get("Chromium"), standIn, scenario, "asm1.test.com", "asm3.test.com", "asm2.test.com");
        output.WriteLine(visit.ToString());

        Assert.Equal(200, Assert.Single(visit.For("asm3.test.com")).Status);
        var other = Assert.Single(visit.For("asm2.test.com"));
        Assert.Equal((visit.PageRequest.Connection, 404), (other.Connection, other.Status));
        Probe.AssertSameAsBrowser(standIn, visit, "asm1.test.com", "asm2.test.com");
        Probe.AssertSameAsBrowser(standIn, visit, "asm1.test.com", "asm3.test.com");
        var check = scenario.Check();
        Assert.True(check.AtRisk("asm1.test.com", "asm2.test.com"));
        Assert.False(check.AtRisk("asm1.test.com", "asm3.test.com"));
    }
}
