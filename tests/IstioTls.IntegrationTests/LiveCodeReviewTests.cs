using System.Text.Json.Nodes;
using IstioTls.IntegrationTests.Support;
using IstioTls.Tests.Support;

namespace IstioTls.IntegrationTests;

/// <summary><c>check -o sarif</c> and <c>-o github</c> against a cluster: there is no file to
/// point at, so each location names the object (a logical location) and annotations carry no file.</summary>
public class LiveCodeReviewTests
{
    [Fact]
    public async Task A_live_finding_carries_the_object_as_a_logical_location()
    {
        await using var cluster = await LiveCluster.StartAsync(null, "examples/seed/error-2-one-gateway.yaml");

        var sarif = cluster.Check(["-o", "sarif"]);
        var github = cluster.Check(["-o", "github"]);

        Assert.True(sarif.ExitCode == 1, sarif.Stderr);
        var locations = JsonNode.Parse(sarif.Stdout)!["runs"]![0]!["results"]![0]!["locations"]!.AsArray();
        Assert.All(locations, l => Assert.Null(l!["physicalLocation"]));
        // The context names the cluster, as the finding carries it.
        Assert.Equal(["test/Gateway/istio-system/error-3", "test/Gateway/istio-system/error-3"], locations.Select(l => (string?)l!["logicalLocations"]![0]!["fullyQualifiedName"]));
        Assert.Equal(
            ["::error title=SharedCertificate - istio-system/error-3 server 0 (context test)", "::error title=SharedCertificate - istio-system/error-3 server 1 (context test)"],
            github.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..l.LastIndexOf("::", StringComparison.Ordinal)]));
        var log = Path.Combine(Path.GetTempPath(), $"istio-tls-live-{Guid.NewGuid():N}.sarif");
        File.WriteAllText(log, sarif.Stdout);
        try
        {
            Assert.Empty(SarifMultitool.Problems(log));
        }
        finally
        {
            File.Delete(log);
        }
    }
}
