using System.Text.Json.Nodes;
using IstioTls.IntegrationTests.Support;

namespace IstioTls.IntegrationTests;

/// <summary><c>apply-421</c> on a live cluster from the command line: install, re-run, the effect
/// on <c>check</c>, and <c>--delete</c>.</summary>
public class Apply421CommandTests
{
    private const string Seed1 = "examples/seed/error-1-two-gateways.yaml";
    private const string Filter = "envoyfilter.networking.istio.io/istio-tls-421-istio-ingressgateway";

    [Fact]
    public async Task Installs_the_filter_once_mitigates_the_finding_and_deletes_only_its_own()
    {
        await using var cluster = await LiveCluster.StartAsync(null, Seed1);
        cluster.Server.Store.Put(new JsonObject
        {
            ["apiVersion"] = "networking.istio.io/v1alpha3",
            ["kind"] = "EnvoyFilter",
            ["metadata"] = new JsonObject { ["name"] = "someone-elses", ["namespace"] = "istio-system" },
            ["spec"] = new JsonObject { ["configPatches"] = new JsonArray() },
        });

        var before = cluster.Run(["check", "--kubeconfig", cluster.KubeconfigPath]);
        var installed = cluster.Run(["apply-421", "--yes", "--kubeconfig", cluster.KubeconfigPath]);
        var again = cluster.Run(["apply-421", "--yes", "--kubeconfig", cluster.KubeconfigPath]);
        var mitigated = cluster.Run(["check", "--kubeconfig", cluster.KubeconfigPath, "-o", "json"]);
        var deleted = cluster.Run(["apply-421", "--delete", "--yes", "--kubeconfig", cluster.KubeconfigPath]);
        var after = cluster.Run(["check", "--kubeconfig", cluster.KubeconfigPath]);

        Assert.Equal(1, before.ExitCode);
        Assert.True(installed.ExitCode == 0, installed.Stderr);
        Assert.Equal($"{Filter} created\n", installed.Stdout);
        Assert.Equal($"{Filter} unchanged\n", again.Stdout);
        Assert.Equal(0, mitigated.ExitCode);
        var finding = Assert.Single(JsonNode.Parse(mitigated.Stdout)!["findings"]!.AsArray())!;
        Assert.Equal("info", (string)finding["severity"]!);
        Assert.Equal("istio-system/istio-tls-421-istio-ingressgateway", (string)finding["mitigatedBy"]!);
        Assert.Equal($"{Filter} deleted\n", deleted.Stdout);
        Assert.Equal(1, after.ExitCode);
        Assert.NotNull(cluster.Server.Store.Get("networking.istio.io", "envoyfilters", "istio-system", "someone-elses"));
    }

    [Fact]
    public async Task Dry_run_reads_the_cluster_and_changes_nothing()
    {
        await using var cluster = await LiveCluster.StartAsync(null, Seed1);

        var result = cluster.Run(["apply-421", "--dry-run", "--kubeconfig", cluster.KubeconfigPath, "-o", "json"]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal("EnvoyFilter", (string)JsonNode.Parse(result.Stdout)!["kind"]!);
        Assert.Empty(cluster.Server.Store.List("networking.istio.io", "envoyfilters"));
        Assert.DoesNotContain(cluster.Server.Requests.Entries, r => r.Method is "PATCH" or "PUT" or "POST" or "DELETE");
    }

    [Fact]
    public async Task Writes_go_to_one_context_only()
    {
        await using var cluster = await LiveCluster.StartAsync(null, Seed1);

        var result = cluster.Run(["apply-421", "--kubeconfig", cluster.KubeconfigPath, "--all-contexts"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: apply-421 writes to one cluster: choose it with --context, not --contexts or --all-contexts\n", result.Stderr);
    }
}
