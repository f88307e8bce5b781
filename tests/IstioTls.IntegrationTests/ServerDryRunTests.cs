using IstioTls.IntegrationTests.Support;
using IstioTls.Tests.Support;

namespace IstioTls.IntegrationTests;

/// <summary>
/// <c>--dry-run=server</c>, live: every write is sent with <c>dryRun=All</c>, the API server
/// validates it and answers as if it had made it, nothing changes, no confirmation is asked
/// (nothing is written) and merge saves no backup (nothing to restore).
/// </summary>
public sealed class ServerDryRunTests : IAsyncLifetime
{
    private const string Istio = "networking.istio.io";

    private LiveCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await LiveCluster.StartAsync(null, "examples/seed/error-1-two-gateways.yaml");

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private List<string> Writes() =>
        [.. _cluster.Server.Requests.Entries.Where(r => r.Verb is "update" or "delete" or "patch" or "create").Select(r => $"{r.Verb} {r.Resource} {r.Namespace}/{r.Name} {r.StatusCode} {r.Query}")];

    [Fact]
    public void Merge_sends_every_write_with_dryRun_All_and_changes_nothing()
    {
        var backups = Path.Combine(_cluster.Directory, "backups");
        var before = _cluster.Server.Store.Get(Istio, "gateways", "istio-system", "default")!.ToJsonString();
        _cluster.Server.Requests.Clear();

        var result = _cluster.Run(["merge", "--kubeconfig", _cluster.KubeconfigPath, "--dry-run=server", "--backup-dir", backups]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(
            [
                "update virtualservices bus-system/default2 200 dryRun=All",
                "update gateways istio-system/default 200 dryRun=All",
                "update virtualservices bus-system/default2 200 dryRun=All",
                "delete gateways istio-system/default2 200 dryRun=All",
            ],
            Writes());
        Assert.EndsWith("Gateway istio-system/default2: delete (its servers moved to istio-system/default) (server dry run)\n", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(before, _cluster.Server.Store.Get(Istio, "gateways", "istio-system", "default")!.ToJsonString());
        Assert.NotNull(_cluster.Server.Store.Get(Istio, "gateways", "istio-system", "default2"));
        Assert.False(Directory.Exists(backups));
        Assert.Equal(1, _cluster.Check().ExitCode);
    }

    [Fact]
    public void Apply_421_sends_the_filter_with_dryRun_All_and_installs_nothing()
    {
        _cluster.Server.Requests.Clear();

        var result = _cluster.Run(["apply-421", "--kubeconfig", _cluster.KubeconfigPath, "--dry-run=server"]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal("envoyfilter.networking.istio.io/istio-tls-421-istio-ingressgateway created (server dry run)\n", result.Stdout);
        var write = Assert.Single(Writes());
        Assert.StartsWith("patch envoyfilters istio-system/istio-tls-421-istio-ingressgateway 20", write, StringComparison.Ordinal);
        Assert.EndsWith("&dryRun=All", write, StringComparison.Ordinal);
        Assert.Empty(_cluster.Server.Store.List(Istio, "envoyfilters"));
    }

    [Theory]
    [InlineData("merge")]
    [InlineData("apply-421")]
    public void Server_dry_run_of_files_is_refused(string command)
    {
        var result = _cluster.Run([command, "--dry-run=server", "-f", "examples/seed/error-1-two-gateways.yaml"]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: --dry-run=server sends the writes to a cluster to validate;", result.Stderr, StringComparison.Ordinal);
    }
}
