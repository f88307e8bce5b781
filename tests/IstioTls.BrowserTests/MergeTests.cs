using IstioTls.BrowserTests.Support;
using Xunit.Abstractions;

namespace IstioTls.BrowserTests;

/// <summary>Scenario 2: the seed's examples after the CLI's merge plan is applied to them.</summary>
public sealed class MergeTests(BrowserFixture browsers, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Theory]
    [MemberData(nameof(Scenarios.SeedExamplesAndBrowsers), MemberType = typeof(Scenarios))]
    public void After_the_merge_the_second_host_gets_200(string example, string browser)
    {
        var scenario = Scenarios.Seed(example).Merged();
        var chain = Assert.Single(Assert.Single(scenario.Listeners).Chains);
        Assert.Equal(["asm1.test.com", "asm2.test.com"], chain.Hosts.Order());
        using var standIn = scenario.Start(StandIn.AllocatePorts(scenario.Listeners));

        var visit = PageVisit.Open(browsers.Get(browser), standIn, scenario, "asm1.test.com", "asm2.test.com");
        output.WriteLine(visit.ToString());

        Assert.Equal(200, visit.PageRequest.Status);
        var image = Assert.Single(visit.For("asm2.test.com"));
        Assert.Equal(200, image.Status);
        output.WriteLine(image.Connection == visit.PageRequest.Connection ? "asm2.test.com reused the page's connection" : "asm2.test.com had a connection of its own");
        if (visit.Page.Dom is not null)
        {
            Assert.Equal("load", visit.Page.Images["asm2.test.com"]);
        }
        Assert.DoesNotContain(scenario.Check().Findings, f => f.Severity == "error");
        Probe.AssertSameAsBrowser(standIn, visit, "asm1.test.com", "asm2.test.com");
    }
}
