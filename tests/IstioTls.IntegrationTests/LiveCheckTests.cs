using System.Text.Json.Nodes;
using IstioTls.IntegrationTests.Support;
using IstioTls.TestApiServer;
using IstioTls.Tests.Support;

namespace IstioTls.IntegrationTests;

/// <summary><c>check</c> on a live cluster: the same answer as on files, in few calls.</summary>
public class LiveCheckTests
{
    [Theory]
    [InlineData]
    [InlineData("--inspect-certs")]
    public async Task The_live_cluster_gives_the_same_findings_as_the_same_manifests(params string[] flags)
    {
        await using var cluster = await LiveCluster.StartAsync(WithExamplePods, "examples");

        var live = cluster.Check(["-o", "json", .. flags]);
        // The files with the gateway workloads the live cluster runs (LiveCluster seeds them).
        var files = Cli.Run(["check", "-f", "examples/", "-f", LiveCluster.ExampleWorkloads, "-o", "json", .. flags]);

        Assert.Equal(1, live.ExitCode);
        Assert.Equal(Comparable(files.Stdout), Comparable(live.Stdout));
        if (flags.Length == 0)
        {
            Assert.Equal("", live.Stderr);
        }
        else
        {
            // The seed examples name Secrets that neither the files nor the cluster hold.
            Assert.Contains("warning: context \"test\": --inspect-certs: Secret istio-system/testhl does not exist; servers that use it are compared by Secret name", live.Stderr, StringComparison.Ordinal);
            Assert.Contains("warning: --inspect-certs: Secret istio-system/testhl is not in the input; servers that use it are compared by Secret name", files.Stderr, StringComparison.Ordinal);
        }
    }

    /// <summary>Live, the pods were listed and none is selected by the retired Gateways: their
    /// servers reach no browser now, so the finding is info and the run passes. From files,
    /// nothing tells, and it stays an error.</summary>
    [Fact]
    public async Task A_Gateway_whose_selector_reaches_no_gateway_pod_is_info_live_only()
    {
        const string retired = "tests/IstioTls.IntegrationTests/Fixtures/retired-gateway.yaml";
        await using var cluster = await LiveCluster.StartAsync(null, "examples/workloads.yaml", retired);

        var live = cluster.Check("-o", "json");
        var files = Cli.Run(["check", "-f", "examples/workloads.yaml", "-f", retired, "-o", "json"]);

        Assert.Equal(0, live.ExitCode);
        Assert.Equal("", live.Stderr);
        var finding = Assert.Single(JsonNode.Parse(live.Stdout)!["findings"]!.AsArray())!;
        Assert.Equal("SharedCertificate", (string?)finding["code"]);
        Assert.Equal("info", (string?)finding["severity"]);
        Assert.EndsWith("; selector istio=retired-ingressgateway reaches no gateway pod now, so no browser is at risk yet", (string?)finding["message"], StringComparison.Ordinal);
        Assert.Equal(1, files.ExitCode);
        Assert.Equal("error", (string?)Assert.Single(JsonNode.Parse(files.Stdout)!["findings"]!.AsArray())!["severity"]);
    }

    /// <summary>ListenerSets and ReferenceGrants are listed live and decide as in files: the
    /// findings are those of the same files (and the cases' expectations on files hold).</summary>
    [Theory]
    [InlineData(1, "04-gwapi-listenerset.yaml")]
    [InlineData(0, "07-gwapi-crossns-ref-no-grant.yaml")]
    [InlineData(1, "07-gwapi-crossns-ref-no-grant.yaml", "07-referencegrant.yaml")]
    [InlineData(0, "08-strict-merging-universal.yaml")]
    public async Task Gateway_API_cases_read_live_as_from_files(int exitCode, params string[] cases)
    {
        var paths = cases.Select(c => Path.Combine("tests", "IstioTls.Tests", "Cases", "istiod", c)).ToArray();
        await using var cluster = await LiveCluster.StartAsync(null, paths);

        var live = cluster.Check("-o", "json");
        var files = Cli.Run(["check", .. paths.SelectMany(p => new[] { "-f", p }), "-o", "json"]);

        Assert.Equal(exitCode, live.ExitCode);
        Assert.Equal(exitCode, files.ExitCode);
        Assert.Equal(Comparable(files.Stdout), Comparable(live.Stdout));
    }

    [Fact]
    public async Task Lists_every_kind_once_across_all_namespaces_then_the_gateway_pods()
    {
        await using var cluster = await LiveCluster.StartAsync(null, "examples");
        cluster.Server.Requests.Clear();

        Assert.Equal(1, cluster.Check().ExitCode);

        var calls = cluster.Server.Requests.Entries.Where(r => r.Verb is not null).Select(r => $"{r.Verb} {r.Group}/{r.Resource} {r.Namespace ?? "*"}").Order().ToList();
        // One list per Istio kind and per Gateway API kind across all namespaces, one pod list per
        // distinct Gateway selector (in the Gateway's namespace for a Gateway API Gateway).
        Assert.Equal(1, calls.Count(c => c == "list networking.istio.io/gateways *"));
        Assert.Equal(1, calls.Count(c => c == "list networking.istio.io/virtualservices *"));
        Assert.Equal(1, calls.Count(c => c == "list networking.istio.io/envoyfilters *"));
        Assert.Equal(1, calls.Count(c => c == "list gateway.networking.k8s.io/gateways *"));
        Assert.Equal(1, calls.Count(c => c == "list gateway.networking.k8s.io/gatewayclasses *"));
        Assert.Equal(1, calls.Count(c => c == "list gateway.networking.k8s.io/listenersets *"));
        Assert.Equal(1, calls.Count(c => c == "list gateway.networking.k8s.io/referencegrants *"));
        Assert.Equal(1, calls.Count(c => c == "list /services *"));
        Assert.Equal(6, calls.Count(c => c == "list /pods *"));
        Assert.Equal(1, calls.Count(c => c == "list /pods store"));
        Assert.DoesNotContain(calls, c => c.Contains("secrets", StringComparison.Ordinal));
        Assert.Equal(15, calls.Count);
    }

    [Fact]
    public async Task Pages_through_large_lists_with_limit_and_continue()
    {
        await using var cluster = await LiveCluster.StartAsync(o => o.Generate = new ClusterGeneratorOptions { Gateways = 1200, Seed = 7 });
        cluster.Server.Requests.Clear();

        var result = cluster.Check("-o", "json", "--fail-on", "none");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(1200, (int)JsonNode.Parse(result.Stdout)!["summary"]!["gateways"]!);
        var pages = cluster.Server.Requests.Entries.Where(r => r.Verb == "list" && r.Resource == "gateways" && r.Group == "networking.istio.io").ToList();
        Assert.Equal(3, pages.Count);
        Assert.All(pages, p => Assert.Contains("limit=500", p.Query, StringComparison.Ordinal));
        Assert.Equal(2, pages.Count(p => p.Query.Contains("continue=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_generated_cluster_finds_exactly_the_shared_certificates_it_was_built_with()
    {
        var generated = ClusterGenerator.Generate(new ClusterGeneratorOptions { Gateways = 300, Seed = 11 });
        await using var cluster = await LiveCluster.StartAsync(o => o.Generate = new ClusterGeneratorOptions { Gateways = 300, Seed = 11 });

        var findings = JsonNode.Parse(cluster.Check("-o", "json").Stdout)!["findings"]!.AsArray()
            .Where(f => (string)f!["code"]! == "SharedCertificate")
            .Select(f => string.Join(",", f!["servers"]!.AsArray().Select(s => (string)s!["gateway"]!).Distinct().Order(StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal);
        var expected = generated.SharedCredentials.Values.Select(g => string.Join(",", g.Distinct().Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal);

        Assert.Equal(expected, findings);
    }

    [Fact]
    public async Task Namespace_limits_the_report_to_findings_involving_it()
    {
        await using var cluster = await LiveCluster.StartAsync(null, "examples");

        var inNamespace = JsonNode.Parse(cluster.Check("-o", "json", "-n", "istio-system").Stdout)!["findings"]!.AsArray();
        var elsewhere = cluster.Check("-o", "json", "--namespace=shop");

        Assert.Equal(2, inNamespace.Count);
        Assert.Equal(0, elsewhere.ExitCode);
        Assert.Empty(JsonNode.Parse(elsewhere.Stdout)!["findings"]!.AsArray());
    }

    [Fact]
    public async Task Reads_whichever_Istio_version_the_cluster_serves()
    {
        await using var cluster = await LiveCluster.StartAsync(o => o.IstioVersions = ["v1alpha3"], "examples");
        cluster.Server.Requests.Clear();

        var result = cluster.Check("-o", "json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(3, JsonNode.Parse(result.Stdout)!["findings"]!.AsArray().Count);
        Assert.All(cluster.Server.Requests.Entries.Where(r => r.Resource == "gateways" && r.Group == "networking.istio.io"), r => Assert.StartsWith("/apis/networking.istio.io/v1alpha3/", r.Path, StringComparison.Ordinal));
    }

    private static void WithExamplePods(TestApiServerOptions options)
    {
        foreach (var pod in DeploymentPods.For(Repo.Examples))
        {
            options.SeedObjects.Add(pod);
        }
    }

    // Findings without what only a cluster knows: where the objects came from (file:line or
    // context), the version it serves them in, and when they were created (the API server stamps
    // creationTimestamp), which also words the fix differently ("the oldest").
    private static string Comparable(string json)
    {
        var document = JsonNode.Parse(json)!.AsObject();
        foreach (var finding in document["findings"]!.AsArray())
        {
            finding!.AsObject().Remove("context");
            // Live, the cluster runs the gateway pods that the files leave out: the workloads
            // are named there only.
            finding.AsObject().Remove("workloads");
            finding["fix"]!.AsObject().Remove("text");
            foreach (var server in finding["servers"]!.AsArray())
            {
                server!.AsObject().Remove("source");
                server.AsObject().Remove("apiVersion");
                server.AsObject().Remove("created");
            }
        }
        document["summary"]!.AsObject().Remove("contexts");
        // Asserted separately: a missing Secret is "not in the input" offline, "does not exist" live.
        document.Remove("warnings");
        return document.ToJsonString();
    }
}
