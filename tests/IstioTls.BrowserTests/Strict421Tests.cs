using IstioTls.BrowserTests.Support;
using Xunit.Abstractions;

namespace IstioTls.BrowserTests;

/// <summary>Scenario 3: the seed's examples with the strict filter of <c>apply-421</c>.</summary>
public sealed class Strict421Tests(BrowserFixture browsers, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Theory]
    [MemberData(nameof(Scenarios.SeedExamplesAndBrowsers), MemberType = typeof(Scenarios))]
    public void The_misdirected_request_gets_421_and_the_browser_retries_on_a_new_connection(string example, string browser)
    {
        var broken = Scenarios.Seed(example);
        var ports = StandIn.AllocatePorts(broken.Listeners);
        var scenario = broken.With421("strict", ports);
        using var standIn = scenario.Start(ports);

        var visit = PageVisit.Open(browsers.Get(browser), standIn, scenario, "asm1.test.com", "asm2.test.com");
        output.WriteLine(visit.ToString());

        Retry.AssertMisdirectedThenRetried(visit, "asm1.test.com", "asm2.test.com");
        Assert.False(scenario.Check().AtRisk("asm1.test.com", "asm2.test.com"), "with the filter, check must report the pair mitigated");
        Probe.AssertSameAsBrowser(standIn, visit, "asm1.test.com", "asm2.test.com");
    }
}
