using System.Text.Json.Nodes;
using IstioTls.Analysis.Misdirected;
using IstioTls.Application;
using IstioTls.Cluster;
using IstioTls.IntegrationTests.Support;
using IstioTls.Plans.Misdirected;
using IstioTls.Sources;
using IstioTls.Tests.Support;

namespace IstioTls.IntegrationTests;

/// <summary>
/// The 421 filter against the local API server: the dry-run output as the real kubectl applies
/// and reads it back, and the filter writer's apply, re-apply and delete through the real
/// cluster client.
/// </summary>
public sealed class Apply421ClusterTests : IAsyncLifetime
{
    private const string Seed1 = "examples/seed/error-1-two-gateways.yaml";
    private const string Workloads = "examples/workloads.yaml";

    private LiveCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await LiveCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private CliResult Kubectl(params string[] args) => Processes.Run(Processes.Kubectl, ["--kubeconfig", _cluster.KubeconfigPath, .. args], new Dictionary<string, string?>
    {
        ["HOME"] = _cluster.Directory,
        ["KUBECONFIG"] = null,
    });

    [Fact]
    public void Kubectl_applies_the_dry_run_output_server_side_and_reads_it_back_unchanged()
    {
        var dryRun = Cli.Run(["apply-421", "--dry-run", "-f", Seed1, "-f", Workloads, "--mode", "precise", "--target-port", "443=8443"]);
        var file = Path.Combine(_cluster.Directory, "filters.yaml");
        File.WriteAllText(file, dryRun.Stdout);

        var applied = Kubectl("apply", "--server-side", "--field-manager", MisdirectedFilterWriter.FieldManager, "-f", file);
        var again = Kubectl("apply", "--server-side", "--field-manager", MisdirectedFilterWriter.FieldManager, "-f", file);
        var read = Kubectl("get", "envoyfilter", "-n", "istio-system", "istio-tls-421-istio-ingressgateway", "-o", "json");

        Assert.True(applied.ExitCode == 0, applied.Stderr);
        Assert.Equal("envoyfilter.networking.istio.io/istio-tls-421-istio-ingressgateway serverside-applied\n", applied.Stdout);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.True(read.ExitCode == 0, read.Stderr);
        var planned = ManifestReader.Read("filters.yaml", System.Text.Encoding.UTF8.GetBytes(dryRun.Stdout)).Single().Root!;
        var stored = JsonNode.Parse(read.Stdout)!;
        Assert.True(JsonNode.DeepEquals(planned["spec"], stored["spec"]), stored["spec"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(planned["metadata"]!["labels"], stored["metadata"]!["labels"]));
        Assert.True(JsonNode.DeepEquals(planned["metadata"]!["annotations"], stored["metadata"]!["annotations"]));
    }

    [Fact]
    public async Task The_writer_applies_reapplies_and_deletes_through_the_cluster_client()
    {
        var kubeconfig = Kubeconfig.Load(_cluster.KubeconfigPath, _ => null);
        using var connection = KubeConnection.Open(kubeconfig, kubeconfig.CurrentContext!, new ClusterOptions());
        var writer = new MisdirectedFilterWriter(new ClusterObjects(connection));
        var snapshot = ManifestFiles.Load([Path.Combine(Repo.Root, Seed1), Path.Combine(Repo.Root, Workloads)]);
        var strict = Apply421Planner.Plan(snapshot, new Apply421Options()).Filters;
        var precise = Apply421Planner.Plan(snapshot, new Apply421Options { Mode = MisdirectedMode.Precise, TargetPorts = new Dictionary<int, int> { [443] = 8443 } }).Filters;

        var created = await writer.ApplyAsync(strict, CancellationToken.None);
        var versionCreated = ResourceVersion();
        var unchanged = await writer.ApplyAsync(strict, CancellationToken.None);
        var versionUnchanged = ResourceVersion();
        var configured = await writer.ApplyAsync(precise, CancellationToken.None);
        var versionConfigured = ResourceVersion();
        var mode = Kubectl("get", "envoyfilter", "-n", "istio-system", "-l", "app.kubernetes.io/managed-by=kubectl-istio-tls", "-o", "jsonpath={.items[*].metadata.labels.istio-tls\\.io/misdirected}");
        var deleted = await writer.DeleteAsync(precise.Select(f => f.Ref), CancellationToken.None);
        var gone = Kubectl("get", "envoyfilter", "-n", "istio-system", "istio-tls-421-istio-ingressgateway");

        Assert.Equal([FilterAction.Created], created.Select(c => c.Action));
        Assert.Equal([FilterAction.Unchanged], unchanged.Select(c => c.Action));
        Assert.NotEqual("", versionCreated);
        Assert.Equal(versionCreated, versionUnchanged);
        Assert.Equal([FilterAction.Configured], configured.Select(c => c.Action));
        Assert.NotEqual(versionUnchanged, versionConfigured);
        Assert.Equal("precise", mode.Stdout);
        Assert.Equal([FilterAction.Deleted], deleted.Select(c => c.Action));
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("NotFound", gone.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_writer_leaves_a_filter_of_that_name_it_did_not_install()
    {
        var theirs = Path.Combine(_cluster.Directory, "theirs.yaml");
        File.WriteAllText(theirs, "apiVersion: networking.istio.io/v1alpha3\nkind: EnvoyFilter\nmetadata: {name: istio-tls-421-istio-ingressgateway, namespace: istio-system}\nspec: {workloadSelector: {labels: {istio: ingressgateway}}}\n");
        Assert.Equal(0, Kubectl("apply", "-f", theirs).ExitCode);
        var kubeconfig = Kubeconfig.Load(_cluster.KubeconfigPath, _ => null);
        using var connection = KubeConnection.Open(kubeconfig, kubeconfig.CurrentContext!, new ClusterOptions());
        var writer = new MisdirectedFilterWriter(new ClusterObjects(connection));
        var filters = Apply421Planner.Plan(ManifestFiles.Load([Path.Combine(Repo.Root, Seed1)]), new Apply421Options()).Filters;

        var applied = await writer.ApplyAsync(filters, CancellationToken.None);
        var deleted = await writer.DeleteAsync(filters.Select(f => f.Ref), CancellationToken.None);

        Assert.Equal([FilterAction.NotOurs], applied.Select(c => c.Action));
        Assert.Equal([FilterAction.NotOurs], deleted.Select(c => c.Action));
        Assert.Equal(0, Kubectl("get", "envoyfilter", "-n", "istio-system", "istio-tls-421-istio-ingressgateway").ExitCode);
    }

    private string ResourceVersion() =>
        Kubectl("get", "envoyfilter", "-n", "istio-system", "istio-tls-421-istio-ingressgateway", "-o", "jsonpath={.metadata.resourceVersion}").Stdout;
}
