using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using IstioTls.IntegrationTests.Support;
using IstioTls.TestApiServer;

namespace IstioTls.IntegrationTests;

/// <summary>
/// How <c>check</c> behaves when the cluster is slow, fails, or says no: what is retried, what
/// falls back, and the one line (exit code 2) for everything else.
/// </summary>
public class ClusterFailureTests
{
    private const string Seed = "examples/seed/error-1-two-gateways.yaml";

    // Istio's Gateways, not the Gateway API's, which share the resource name.
    private const string IstioGateways = "/apis/networking.istio.io/v1/gateways";

    [Fact]
    public async Task An_expired_continue_token_restarts_the_list()
    {
        await using var cluster = await LiveCluster.StartAsync(o => o.Generate = new ClusterGeneratorOptions { Gateways = 1100, Seed = 3 });
        cluster.Server.Faults.ExpireContinue(times: 1, pathPrefix: IstioGateways);
        cluster.Server.Requests.Clear();

        var result = cluster.Check("-o", "json", "--fail-on", "none");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(1100, (int)JsonNode.Parse(result.Stdout)!["summary"]!["gateways"]!);
        var pages = cluster.Server.Requests.Entries.Where(r => r.Verb == "list" && r.Path == IstioGateways).ToList();
        Assert.Equal(410, pages[1].StatusCode);
        // 2 pages, 410, then 3 pages again from the start.
        Assert.Equal(5, pages.Count);
        Assert.DoesNotContain("continue=", pages[2].Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_requests_is_retried_after_the_time_the_server_asks()
    {
        await using var cluster = await LiveCluster.StartAsync(null, Seed);
        cluster.Server.Faults.TooManyRequests(times: 2, retryAfterSeconds: 1, pathPrefix: IstioGateways);
        cluster.Server.Requests.Clear();

        var result = cluster.Check("-o", "json");

        Assert.Equal(1, result.ExitCode);
        var calls = cluster.Server.Requests.Entries.Where(r => r.Path == IstioGateways).ToList();
        Assert.Equal([429, 429, 200], calls.Select(c => c.StatusCode));
        Assert.True(calls[2].Time - calls[1].Time >= TimeSpan.FromSeconds(0.9), "the retry did not wait for Retry-After");
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Server_errors_on_reads_are_retried(int status)
    {
        await using var cluster = await LiveCluster.StartAsync(null, Seed);
        cluster.Server.Faults.FailWith(status, times: 2, resource: "virtualservices");

        var result = cluster.Check("-o", "json");

        Assert.Equal(1, result.ExitCode);
        Assert.Single(JsonNode.Parse(result.Stdout)!["findings"]!.AsArray());
    }

    [Fact]
    public async Task A_dropped_connection_is_retried()
    {
        await using var cluster = await LiveCluster.StartAsync(null, Seed);
        cluster.Server.Faults.DropConnection(times: 1, pathPrefix: IstioGateways);

        var result = cluster.Check("-o", "json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public async Task A_server_that_keeps_failing_is_one_line_and_exit_2()
    {
        await using var cluster = await LiveCluster.StartAsync(null, Seed);
        cluster.Server.Faults.FailWith(500, times: -1, pathPrefix: IstioGateways);

        var result = cluster.Check("--request-timeout", "3s");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Matches("^error: context \"test\": (list /apis/networking.istio.io/v1/gateways: .*500.*|GET .* still failing after .*)\n$", result.Stderr);
    }

    [Fact]
    public async Task A_slow_server_hits_the_request_timeout()
    {
        await using var cluster = await LiveCluster.StartAsync(null, Seed);
        cluster.Server.Faults.Delay(TimeSpan.FromSeconds(60), pathPrefix: IstioGateways);

        // Generous enough that the unfaulted calls never hit it on a busy machine.
        var result = cluster.Check("--request-timeout=4s");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: context \"test\": GET /apis/networking.istio.io/v1/gateways?limit=500: no answer within the request timeout (4s)\n", result.Stderr);
    }

    [Fact]
    public async Task Forbidden_cluster_wide_lists_fall_back_to_readable_namespaces_and_the_report_says_partial()
    {
        await using var cluster = await LiveCluster.StartAsync(null, Seed, "examples/seed/error-2-one-gateway.yaml", "examples/not-at-risk.yaml");
        var user = cluster.Server.Users.AddTokenUser("limited", "limited-token", AccessPolicy.DenyAll()
            .Allow("get,list", "", "namespaces")
            .Allow("list", "networking.istio.io", "gateways,virtualservices,envoyfilters", "istio-system", "bus-system")
            .Allow("list", "", "pods,services"));
        cluster.Server.Kubeconfig.AddUserContext("limited", user);
        cluster.WriteKubeconfig();

        var result = cluster.Check("--context", "limited", "-o", "json");

        Assert.Equal(1, result.ExitCode);
        var document = JsonNode.Parse(result.Stdout)!;
        Assert.True((bool)document["summary"]!["partial"]!);
        Assert.Equal(2, document["findings"]!.AsArray().Count);
        Assert.Equal(
            "warning: context \"limited\": cannot list gateways.gateway.networking.k8s.io (forbidden): Gateway API Gateways are not checked\n"
            + "warning: context \"limited\": cannot list envoyfilters, gateways, virtualservices at the cluster scope (forbidden); read namespace by namespace: bus-system, istio-system; forbidden in istio-merged, shop\n",
            result.Stderr);
    }

    [Fact]
    public async Task Without_permission_to_list_services_the_ports_are_assumed_and_check_says_so()
    {
        await using var cluster = await LiveCluster.StartAsync(null, Seed);
        var user = cluster.Server.Users.AddTokenUser("no-services", "no-services-token", AccessPolicy.DenyAll()
            .Allow("list", "networking.istio.io", "gateways,virtualservices,envoyfilters")
            .Allow("list", "gateway.networking.k8s.io", "gateways,gatewayclasses,listenersets,referencegrants")
            .Allow("list", "", "pods,namespaces"));
        cluster.Server.Kubeconfig.AddUserContext("no-services", user);
        cluster.WriteKubeconfig();

        var result = cluster.Check("--context", "no-services", "-o", "json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "warning: context \"no-services\": cannot list services (forbidden): the ports Envoy listens on are assumed to be the Gateway ports as written, so a precise 421 filter cannot be verified\n",
            result.Stderr);
    }

    [Fact]
    public async Task Without_ListenerSets_and_ReferenceGrants_check_warns_and_takes_references_as_permitted()
    {
        // Case 07 without its grant: refused when ReferenceGrants are read, taken as permitted
        // (a shared certificate) when they cannot be.
        await using var cluster = await LiveCluster.StartAsync(null, "tests/IstioTls.Tests/Cases/istiod/07-gwapi-crossns-ref-no-grant.yaml");
        var user = cluster.Server.Users.AddTokenUser("old-role", "old-role-token", AccessPolicy.DenyAll()
            .Allow("list", "networking.istio.io", "gateways,virtualservices,envoyfilters")
            .Allow("list", "gateway.networking.k8s.io", "gateways,gatewayclasses")
            .Allow("list", "", "pods,namespaces,services"));
        cluster.Server.Kubeconfig.AddUserContext("old-role", user);
        cluster.WriteKubeconfig();

        var result = cluster.Check("--context", "old-role", "-o", "json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("SharedCertificate", (string)JsonNode.Parse(result.Stdout)!["findings"]![0]!["code"]!);
        Assert.Equal(
            "warning: context \"old-role\": cannot list listenersets.gateway.networking.k8s.io (forbidden): listeners that ListenerSets add to Gateways are not checked\n"
            + "warning: context \"old-role\": cannot list referencegrants.gateway.networking.k8s.io (forbidden): certificateRefs to other namespaces are taken as permitted\n",
            result.Stderr);
    }

    [Fact]
    public async Task Without_permission_to_list_namespaces_only_the_contexts_namespace_is_read()
    {
        await using var cluster = await LiveCluster.StartAsync(null, Seed);
        var user = cluster.Server.Users.AddTokenUser("one-namespace", "ns-token", AccessPolicy.DenyAll()
            .Allow("list", "networking.istio.io", "gateways,virtualservices,envoyfilters", "istio-system"));
        cluster.Server.Kubeconfig.AddUserContext("one-namespace", user, "istio-system");
        cluster.WriteKubeconfig();

        var result = cluster.Check("--context", "one-namespace", "-o", "json");

        Assert.Equal(1, result.ExitCode);
        Assert.True((bool)JsonNode.Parse(result.Stdout)!["summary"]!["partial"]!);
        Assert.Contains("namespaces cannot be listed either, so only the context's namespace was tried (istio-system): istio-system", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("warning: context \"one-namespace\": cannot list pods (forbidden): Gateways are grouped by equal selectors", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_Istio_CRDs_is_one_line_naming_the_context()
    {
        await using var cluster = await LiveCluster.StartAsync(o => o.IstioVersions = []);

        var result = cluster.Check();

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: context \"test\": Istio is not installed: {cluster.Server.BaseAddress.ToString().TrimEnd('/')}/ serves no networking.istio.io API (v1, v1beta1 or v1alpha3)\n", result.Stderr);
    }

    [Fact]
    public async Task An_unknown_context_is_named()
    {
        await using var cluster = await LiveCluster.StartAsync(null, Seed);

        var result = cluster.Check("--context", "prod");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: context \"prod\" not found in {cluster.KubeconfigPath}\n", result.Stderr);
    }

    [Fact]
    public async Task Rejected_credentials_are_401()
    {
        await using var cluster = await LiveCluster.StartAsync(null, Seed);
        var stranger = cluster.Server.Users.AddTokenUser("stranger", "will-be-wrong");
        cluster.Server.Kubeconfig.AddUserContext("stranger", stranger);
        cluster.WriteKubeconfig();
        File.WriteAllText(cluster.KubeconfigPath, File.ReadAllText(cluster.KubeconfigPath).Replace("will-be-wrong", "wrong-token", StringComparison.Ordinal));

        var result = cluster.Check("--context", "stranger");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: context \"stranger\": unauthorized (401): the server rejected the credentials of user \"stranger\"\n", result.Stderr);
    }

    [Fact]
    public async Task Nothing_readable_is_the_403_naming_the_verb_and_resource()
    {
        await using var cluster = await LiveCluster.StartAsync(null, Seed);
        var user = cluster.Server.Users.AddTokenUser("nobody", "nobody-token", AccessPolicy.DenyAll().Allow("get", "", "namespaces"));
        cluster.Server.Kubeconfig.AddUserContext("nobody", user);
        cluster.WriteKubeconfig();

        var result = cluster.Check("--context", "nobody", "-o", "json");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Matches("^error: context \"nobody\": forbidden \\(403\\): (gateways|virtualservices|envoyfilters)\\.networking\\.istio\\.io is forbidden: User \"nobody\" cannot list resource \"(gateways|virtualservices|envoyfilters)\" in API group \"networking\\.istio\\.io\" at the cluster scope\n$", result.Stderr);
    }

    [Fact]
    public async Task An_unreachable_server_is_named()
    {
        await using var cluster = await LiveCluster.StartAsync(null, Seed);
        var closed = FreePort();
        File.WriteAllText(cluster.KubeconfigPath, File.ReadAllText(cluster.KubeconfigPath).Replace($":{cluster.Server.Port}", $":{closed}", StringComparison.Ordinal));

        var result = cluster.Check();

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: context \"test\": cannot reach https://127.0.0.1:{closed}/: connection refused (Connection refused)\n", result.Stderr);
    }

    [Fact]
    public async Task A_server_certificate_from_another_CA_fails_the_TLS_handshake()
    {
        await using var cluster = await LiveCluster.StartAsync(null, Seed);
        await using var other = await LiveCluster.StartAsync(null, Seed);
        // The second server's address with the first server's CA.
        File.WriteAllText(cluster.KubeconfigPath, File.ReadAllText(cluster.KubeconfigPath).Replace($":{cluster.Server.Port}", $":{other.Server.Port}", StringComparison.Ordinal));

        var result = cluster.Check();

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: context \"test\": TLS handshake with https://127.0.0.1:{other.Server.Port}/ failed: ", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
