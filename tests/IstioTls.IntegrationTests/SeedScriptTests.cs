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
    public void The_script_is_the_seeds_own_byte_for_byte()
    {
        // The comparisons below mean something only if nobody has fixed the script.
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Processes.SeedScript)));

        Assert.Equal("a407da3490bbdeed245b5a02f42efaec0104bbfcfdcffb577f4bdae60511aa7a", hash);
    }

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

    private const string ShopWeb = """
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: shop-web, namespace: shop}
        spec:
          selector: {istio: shop-gateway}
          servers:
          - hosts: [shop.example.com]
            port: {number: 443, name: https, protocol: HTTPS}
            tls: {mode: SIMPLE, credentialName: shop-tls}
        """;

    private static string Other(string name, string selector, int port, string tls) => "\n" + $"""
        ---
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {"{"}name: {name}, namespace: shop{"}"}
        spec:
          selector: {"{"}istio: {selector}{"}"}
          servers:
          - hosts: [{name}.example.com]
            port: {"{"}number: {port}, name: https-{name}, protocol: HTTPS{"}"}
            tls: {"{"}{tls}{"}"}
        """;

    /// <summary>The rows of the README's comparison table, one cluster each: how many times the
    /// script says "cred already exist", and how many SharedCertificate findings check gives.</summary>
    public static TheoryData<string, string, int, int> Situations => new()
    {
        { "same Secret on another gateway workload", ShopWeb + Other("internal", "internal-gateway", 443, "mode: SIMPLE, credentialName: shop-tls"), 1, 0 },
        { "same Secret on another port", ShopWeb + Other("admin", "shop-gateway", 8443, "mode: SIMPLE, credentialName: shop-tls"), 1, 0 },
        { "same Secret named on a PASSTHROUGH server", ShopWeb + Other("legacy", "shop-gateway", 443, "mode: PASSTHROUGH, credentialName: shop-tls"), 1, 0 },
        { "kubernetes://shop-tls and shop-tls", ShopWeb + Other("api", "shop-gateway", 443, "mode: SIMPLE, credentialName: kubernetes://shop-tls"), 0, 1 },
        { "three Gateways on one Secret", ShopWeb + Other("api", "shop-gateway", 443, "mode: SIMPLE, credentialName: shop-tls") + Other("blog", "shop-gateway", 443, "mode: SIMPLE, credentialName: shop-tls"), 2, 1 },
    };

    [Theory]
    [MemberData(nameof(Situations))]
    public async Task The_script_and_check_on_each_situation(string situation, string manifests, int scriptWarnings, int findings)
    {
        var directory = Directory.CreateTempSubdirectory("istio-tls-seed-").FullName;
        var path = Path.Combine(directory, "gateways.yaml");
        await File.WriteAllTextAsync(path, manifests);
        await using var cluster = await LiveCluster.StartAsync(null, path);

        var (_, output) = RunSeedScript(cluster);

        Assert.True(scriptWarnings == CountOf(output, "cred already exist in other gw resource"), $"{situation}:\n{output}");
        Assert.True(findings == SharedCertificateFindings(cluster), situation);
        Directory.Delete(directory, recursive: true);
    }

    private static int CountOf(string text, string phrase)
    {
        var count = 0;
        for (var at = text.IndexOf(phrase, StringComparison.Ordinal); at >= 0; at = text.IndexOf(phrase, at + phrase.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
