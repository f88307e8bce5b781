using IstioTls.BrowserTests.Support;
using Xunit.Abstractions;

namespace IstioTls.BrowserTests;

/// <summary>Scenario 1: the bug itself. The seed's two broken configurations, as they are.</summary>
public sealed class SharedCertificateTests(BrowserFixture browsers, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Theory]
    [MemberData(nameof(Scenarios.SeedExamplesAndBrowsers), MemberType = typeof(Scenarios))]
    public void The_second_host_goes_over_the_first_hosts_connection_and_gets_404(string example, string browser)
    {
        var scenario = Scenarios.Seed(example);
        using var standIn = scenario.Start(StandIn.AllocatePorts(scenario.Listeners));

        var visit = PageVisit.Open(browsers.Get(browser), standIn, scenario, "asm1.test.com", "asm2.test.com");
        output.WriteLine(visit.ToString());

        var page = visit.PageRequest;
        Assert.Equal(("asm1.test.com", 200, "HTTP/2.0"), (page.Sni, page.Status, page.Protocol));
        var image = Assert.Single(visit.For("asm2.test.com"));
        Assert.Equal((page.Connection, "asm1.test.com", 404), (image.Connection, image.Sni, image.Status));
        if (visit.Page.Dom is not null)
        {
            Assert.Equal("error", visit.Page.Images["asm2.test.com"]);
        }
        Assert.True(scenario.Check().AtRisk("asm1.test.com", "asm2.test.com"), "check must report the pair the browser got 404 for");
        Probe.AssertSameAsBrowser(standIn, visit, "asm1.test.com", "asm2.test.com");
    }
}
