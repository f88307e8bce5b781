using System.Text.Json.Nodes;
using IstioTls.Cluster;
using IstioTls.IntegrationTests.Support;
using ClusterGeneratorOptions = IstioTls.TestApiServer.ClusterGeneratorOptions;

namespace IstioTls.IntegrationTests;

/// <summary>
/// The pager decodes a page while the server prepares the next one: the request for page n+1
/// leaves before page n's items are mapped. Against a real API server each page costs tens of
/// milliseconds of its time, which the decoding then hides.
/// </summary>
public class ListPagerTests
{
    private const string IstioGateways = "/apis/networking.istio.io/v1/gateways";

    [Fact]
    public async Task The_next_page_is_requested_before_this_page_is_decoded()
    {
        await using var cluster = await LiveCluster.StartAsync(o => o.Generate = new ClusterGeneratorOptions { Gateways = 1100, Seed = 3 });
        var kubeconfig = Kubeconfig.Load(cluster.KubeconfigPath, _ => null);
        using var connection = KubeConnection.Open(kubeconfig, kubeconfig.CurrentContext!, new ClusterOptions());
        cluster.Server.Requests.Clear();
        var continuedBeforeFirstDecode = (bool?)null;

        var names = await ListPager.ListAsync(connection, IstioGateways, item =>
        {
            // The first item of the first page waits (up to 10 s) for the second page's request
            // to reach the server: it never comes if the pager asks only after decoding.
            continuedBeforeFirstDecode ??= SpinWait.SpinUntil(() => cluster.Server.Requests.Entries.Any(r => r.Path == IstioGateways && r.Query.Contains("continue=", StringComparison.Ordinal)), TimeSpan.FromSeconds(10));
            return (string?)item["metadata"]?["name"];
        }, CancellationToken.None);

        Assert.True(continuedBeforeFirstDecode, "the second page was not requested before the first was decoded");
        Assert.Equal(1100, names.Count);
        Assert.Equal(1100, names.Distinct().Count());
        Assert.Equal(3, cluster.Server.Requests.Entries.Count(r => r.Path == IstioGateways));
    }

    [Fact]
    public async Task A_failing_decode_ends_the_list_with_its_exception()
    {
        await using var cluster = await LiveCluster.StartAsync(o => o.Generate = new ClusterGeneratorOptions { Gateways = 1100, Seed = 3 });
        var kubeconfig = Kubeconfig.Load(cluster.KubeconfigPath, _ => null);
        using var connection = KubeConnection.Open(kubeconfig, kubeconfig.CurrentContext!, new ClusterOptions());
        var seen = 0;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ListPager.ListAsync<JsonObject>(connection, IstioGateways, item =>
            ++seen == 600 ? throw new InvalidOperationException("decoder broke") : item, CancellationToken.None));

        Assert.Equal("decoder broke", error.Message);
        Assert.Equal(600, seen);
    }
}
