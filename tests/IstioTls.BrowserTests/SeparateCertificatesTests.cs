using IstioTls.BrowserTests.Support;
using Xunit.Abstractions;

namespace IstioTls.BrowserTests;

/// <summary>Scenario 5: a certificate per server, the configuration that needs no fix.</summary>
public sealed class SeparateCertificatesTests(BrowserFixture browsers, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Theory]
    [MemberData(nameof(BrowserFixture.Names), MemberType = typeof(BrowserFixture))]
    public void The_browser_opens_a_second_connection_at_once(string browser)
    {
        var scenario = Scenarios.SeparateCertificates();
        using var standIn = scenario.Start(StandIn.AllocatePorts(scenario.Listeners));

        var visit = PageVisit.Open(browsers.Get(browser), standIn, scenario, "asm1.test.com", "asm2.test.com");
        output.WriteLine(visit.ToString());

        Assert.Equal(("asm1.test.com", 200), (visit.PageRequest.Sni, visit.PageRequest.Status));
        var image = Assert.Single(visit.For("asm2.test.com"));
        Assert.NotEqual(visit.PageRequest.Connection, image.Connection);
        Assert.Equal(("asm2.test.com", 200, "HTTP/2.0"), (image.Sni, image.Status, image.Protocol));
        Assert.Empty(scenario.Check().Findings);
        Probe.AssertSameAsBrowser(standIn, visit, "asm1.test.com", "asm2.test.com");
    }
}
