using System.Text.Json.Nodes;
using IstioTls.IntegrationTests.Support;

namespace IstioTls.IntegrationTests;

/// <summary>
/// The seed's script, unchanged, against the same cluster as <c>check</c>: where its answer is
/// right they agree; where it is wrong (same Secret on other workloads, ports or passthrough;
/// two servers in one Gateway) <c>check</c> gives the right one.
/// </summary>
public class SeedScriptTests
{
    private static (bool Conflict, string Output) RunSeedScript(LiveCluster cluster)
    {
        var result = Processes.Run("bash", [Processes.SeedScript], new Dictionary<string, string?>
        {
            ["KUBECONFIG"] = cluster.KubeconfigPath,
            ["HOME"] = cluster.Directory,
        });
        Assert.True(result.ExitCode == 0, result.Stderr);
        return (result.Stdout.Contains("cred already exist in other gw resource", StringComparison.Ordinal), result.Stdout);
    }

    private static int SharedCertificateFindings(LiveCluster cluster) =>
        JsonNode.Parse(cluster.Check("-o", "json").Stdout)!["findings"]!.AsArray().Count(f => (string)f!["code"]! == "SharedCertificate");

    [Fact]
    public async Task Both_flag_two_Gateways_sharing_a_Secret()
    {
        await using var cluster = await LiveCluster.StartAsync(null, "examples/seed/error-1-two-gateways.yaml");

        var (conflict, output) = RunSeedScript(cluster);

        Assert.True(conflict, output);
        Assert.Contains("invalid gw name namespace: default2 ,  istio-system", output, StringComparison.Ordinal);
        Assert.Equal(1, SharedCertificateFindings(cluster));
    }

    [Fact]
    public async Task Both_are_quiet_on_the_merged_configuration()
    {
        await using var cluster = await LiveCluster.StartAsync(null, "examples/seed/merged.yaml");

        var (conflict, output) = RunSeedScript(cluster);

        Assert.False(conflict, output);
        Assert.Equal(0, SharedCertificateFindings(cluster));
    }

    [Fact]
    public async Task The_script_raises_false_alarms_for_servers_that_cannot_share_a_connection()
    {
        await using var cluster = await LiveCluster.StartAsync(null, "examples/not-at-risk.yaml");

        var (conflict, output) = RunSeedScript(cluster);

        Assert.True(conflict, output);
        Assert.Equal(0, SharedCertificateFindings(cluster));
    }

    [Fact]
    public async Task The_script_misses_two_servers_of_one_Gateway()
    {
        await using var cluster = await LiveCluster.StartAsync(null, "examples/seed/error-2-one-gateway.yaml");

        var (conflict, output) = RunSeedScript(cluster);

        Assert.False(conflict, output);
        Assert.Equal(1, SharedCertificateFindings(cluster));
    }
}
