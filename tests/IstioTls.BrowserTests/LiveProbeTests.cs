using System.Text.Json.Nodes;
using IstioTls.BrowserTests.Support;
using IstioTls.Tests.Support;
using Xunit.Abstractions;
using ApiServer = IstioTls.TestApiServer.TestApiServer;

namespace IstioTls.BrowserTests;

/// <summary>
/// <c>probe</c> without <c>--host</c>: the hosts of check's findings on a live cluster (the test
/// API server), the address of the gateway workload's Service (its load balancer is the
/// stand-in's loopback port), and the servers it cannot probe said.
/// </summary>
public sealed class LiveProbeTests(ITestOutputHelper output)
{
    private const string Asm1 = "asm1.test.com";
    private const string Asm2 = "asm2.test.com";
    private const string Asm3 = "asm3.test.com";

    [Fact]
    public async Task The_seeds_example_is_misrouted_at_the_load_balancers_address()
    {
        var port = PlainNginx.FreePort();
        var scenario = Live(port, LoadBalancer(port));
        using var standIn = scenario.Start(new Dictionary<int, int> { [port] = port });
        await using var cluster = await Cluster.StartAsync(scenario);

        var result = cluster.Probe("-o", "json");
        output.WriteLine(result.Stdout + result.Stderr);

        Assert.Equal((1, ""), (result.ExitCode, result.Stderr));
        var document = JsonNode.Parse(result.Stdout)!;
        var group = Assert.Single(document["groups"]!.AsArray())!;
        // The group is named by its Envoy listener: the Service's targetPort 8443, not the Gateway port.
        Assert.Equal($"SharedCertificate workload istio-system/istio-ingressgateway-0 port 8443 certificate istio-system/testhl", (string)group["name"]!);
        Assert.Equal($"127.0.0.1:{port}", (string)group["address"]!);
        Assert.Equal(
            [(Asm1, Asm2, "misrouted"), (Asm2, Asm1, "misrouted")],
            document["pairs"]!.AsArray().Select(p => ((string)p!["sni"]!, (string)p["authority"]!, (string)p["verdict"]!)));
    }

    [Fact]
    public async Task With_the_strict_filter_in_the_cluster_the_mitigated_finding_is_misdirected()
    {
        var port = PlainNginx.FreePort();
        var ports = new Dictionary<int, int> { [port] = port };
        var scenario = Live(port, LoadBalancer(port)).With421("strict", ports);
        using var standIn = scenario.Start(ports);
        await using var cluster = await Cluster.StartAsync(scenario);

        var result = cluster.Probe("-o", "json");
        output.WriteLine(result.Stdout + result.Stderr);

        Assert.Equal(0, result.ExitCode);
        var pairs = JsonNode.Parse(result.Stdout)!["pairs"]!.AsArray();
        Assert.Equal(2, pairs.Count);
        Assert.All(pairs, p => Assert.Equal(("misdirected", 421, 200), ((string)p!["verdict"]!, (int)p["status"]!, (int)p["baselineStatus"]!)));
    }

    [Fact]
    public async Task A_wildcard_server_is_skipped_and_said_unless_a_sample_host_names_it()
    {
        var port = PlainNginx.FreePort();
        var scenario = Live(port, LoadBalancer(port), wildcard: true);
        using var standIn = scenario.Start(new Dictionary<int, int> { [port] = port });
        await using var cluster = await Cluster.StartAsync(scenario);

        var without = cluster.Probe("-o", "json");
        output.WriteLine(without.Stdout + without.Stderr);
        var skipped = Assert.Single(JsonNode.Parse(without.Stdout)!["skipped"]!.AsArray())!;
        Assert.Equal(("istio-system/default3 server 0", "only wildcard hosts (*.test.com): name one with --sample-host '*.test.com=NAME'"), ((string)skipped["server"]!, (string)skipped["reason"]!));
        Assert.Equal(2, JsonNode.Parse(without.Stdout)!["pairs"]!.AsArray().Count);
        var table = cluster.Probe();
        Assert.Contains("skipped: istio-system/default3 server 0 (SharedCertificate workload", table.Stdout, StringComparison.Ordinal);

        var with = cluster.Probe("-o", "json", "--sample-host", $"*.test.com={Asm3}");
        output.WriteLine(with.Stdout + with.Stderr);
        var document = JsonNode.Parse(with.Stdout)!;
        Assert.Empty(document["skipped"]!.AsArray());
        Assert.Equal(6, document["pairs"]!.AsArray().Count);
        var pair = document["pairs"]!.AsArray().Single(p => (string)p!["sni"]! == Asm1 && (string)p["authority"]! == Asm3)!;
        Assert.Equal(("misrouted", 404, 200), ((string)pair["verdict"]!, (int)pair["status"]!, (int)pair["baselineStatus"]!));
    }

    [Theory]
    [InlineData("ClusterIP", "Service istio-system/istio-ingressgateway (ClusterIP) of gateway workload istio-system/istio-ingressgateway-0 has no load-balancer address and no external IP: give the gateway's address with --address")]
    [InlineData("none", "no Service selects gateway workload istio-system/istio-ingressgateway-0 on port")]
    public async Task Without_an_address_the_Service_is_named_and_exit_2(string service, string error)
    {
        var port = PlainNginx.FreePort();
        var scenario = Live(port, service == "none" ? "" : ClusterIp(port));
        await using var cluster = await Cluster.StartAsync(scenario);

        var result = cluster.Probe();
        output.WriteLine(result.Stdout + result.Stderr);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: SharedCertificate workload istio-system/istio-ingressgateway-0 port {(service == "none" ? port : 8443)} certificate istio-system/testhl: {error}", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        if (service == "ClusterIP")
        {
            Assert.EndsWith(": --address 127.0.0.1:8443), or tunnel to a gateway pod with --port-forward\n", result.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_address_given_is_used_for_every_group_and_external_IPs_come_after_the_load_balancer()
    {
        var port = PlainNginx.FreePort();
        var scenario = Live(port, ClusterIp(port) + $"  externalIPs: [127.0.0.1]\n");
        using var standIn = scenario.Start(new Dictionary<int, int> { [port] = port });
        await using var cluster = await Cluster.StartAsync(scenario);

        var external = cluster.Probe("-o", "json");
        var given = cluster.Probe("-o", "json", "--address", $"localhost:{port}");
        output.WriteLine(external.Stdout + given.Stdout);

        Assert.Equal($"127.0.0.1:{port}", (string)JsonNode.Parse(external.Stdout)!["groups"]![0]!["address"]!);
        Assert.Equal($"localhost:{port}", (string)JsonNode.Parse(given.Stdout)!["groups"]![0]!["address"]!);
        Assert.Equal((1, 1), (external.ExitCode, given.ExitCode));
    }

    [Fact]
    public async Task The_cluster_flags_of_check_choose_the_findings()
    {
        var port = PlainNginx.FreePort();
        var scenario = Live(port, LoadBalancer(port));
        using var standIn = scenario.Start(new Dictionary<int, int> { [port] = port });
        await using var cluster = await Cluster.StartAsync(scenario);

        // The finding involves istio-system, where its Gateways are, not default.
        var elsewhere = cluster.Probe("-n", "default");
        var involved = cluster.Probe("-n", "istio-system", "-o", "json");
        var unknown = cluster.Probe("--context", "nope");
        output.WriteLine(elsewhere.Stdout + involved.Stdout + unknown.Stderr);

        Assert.Equal((0, "Nothing to probe: no finding names two servers that could share a connection.\n", ""), (elsewhere.ExitCode, elsewhere.Stdout, elsewhere.Stderr));
        Assert.Equal(1, involved.ExitCode);
        Assert.Equal(2, JsonNode.Parse(involved.Stdout)!["pairs"]!.AsArray().Count);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("nope", Assert.Single(unknown.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    /// <summary>The seed's example 1 on Gateway port <paramref name="port"/> (the stand-in listens
    /// there too, as a load balancer would forward it), its gateway pod and the given Service;
    /// with a third Gateway whose server has only a wildcard host, and a route for it.</summary>
    internal static Scenario Live(int port, string service, bool wildcard = false, string podStatus = "")
    {
        var seed = File.ReadAllText(Path.Combine(Repo.Examples, "seed", "error-1-two-gateways.yaml")).Replace("number: 443", $"number: {port}", StringComparison.Ordinal);
        var extra = $$"""
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: istio-ingressgateway-0
              namespace: istio-system
              labels: {istio: ingressgateway, app: istio-ingressgateway}
            spec:
              containers: [{name: istio-proxy, image: istio/proxyv2}]
            {{podStatus}}

            """;
        if (wildcard)
        {
            extra += $$"""
                ---
                apiVersion: networking.istio.io/v1beta1
                kind: Gateway
                metadata: {name: default3, namespace: istio-system}
                spec:
                  selector: {istio: ingressgateway}
                  servers:
                  - hosts: ["*.test.com"]
                    tls: {mode: SIMPLE, credentialName: testhl}
                    port: {name: https, number: {{port}}, protocol: HTTPS}
                ---
                apiVersion: networking.istio.io/v1beta1
                kind: VirtualService
                metadata: {name: default3, namespace: bus-system}
                spec:
                  gateways: [istio-system/default3]
                  hosts: ["*.test.com"]
                  http:
                  - route:
                    - destination:
                        host: asm-3.testhl.svc.cluster.local
                        port: {number: 80}

                """;
        }
        if (service.Length > 0)
        {
            extra += "---\n" + service;
        }
        return new Scenario(KubeObject.Parse(seed + "\n" + extra), Workload.Istio("istio=ingressgateway"),
            new Dictionary<string, string[]> { ["testhl"] = [Asm1, Asm2, "*.test.com"] });
    }

    internal static string ClusterIp(int port) => $$"""
        apiVersion: v1
        kind: Service
        metadata: {name: istio-ingressgateway, namespace: istio-system}
        spec:
          type: ClusterIP
          selector: {istio: ingressgateway}
          ports: [{name: https, port: {{port}}, targetPort: 8443}]

        """;

    private static string LoadBalancer(int port) => $$"""
        apiVersion: v1
        kind: Service
        metadata: {name: istio-ingressgateway, namespace: istio-system}
        spec:
          type: LoadBalancer
          selector: {istio: ingressgateway}
          ports: [{name: https, port: {{port}}, targetPort: 8443}]
        status:
          loadBalancer:
            ingress: [{ip: 127.0.0.1}]

        """;

    /// <summary>The test API server holding the scenario's objects, and the CLI run against it.</summary>
    internal sealed class Cluster : IAsyncDisposable
    {
        private readonly ApiServer server;

        public ApiServer Server => server;
        private readonly TempDirectory directory = new("live-probe");

        private Cluster(ApiServer server)
        {
            this.server = server;
            server.WriteKubeconfig(directory.File("kubeconfig"));
            File.WriteAllText(directory.File("ca.pem"), TestCa.Pem);
        }

        public static async Task<Cluster> StartAsync(Scenario scenario)
        {
            var server = await ApiServer.StartAsync(new IstioTls.TestApiServer.TestApiServerOptions());
            server.Store.PutManifests(KubeObject.Join(scenario.Objects));
            return new Cluster(server);
        }

        public CliResult Probe(params string[] args) => Cli.Run(
            ["probe", "--kubeconfig", directory.File("kubeconfig"), "--certificate-authority", directory.File("ca.pem"), .. args],
            environment: new Dictionary<string, string?> { ["HOME"] = directory.Path, ["KUBECONFIG"] = null },
            timeout: TimeSpan.FromSeconds(60));

        public async ValueTask DisposeAsync()
        {
            await server.DisposeAsync();
            directory.Dispose();
        }
    }
}
