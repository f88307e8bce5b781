using System.Net;
using System.Text.Json.Nodes;
using IstioTls.BrowserTests.Support;
using IstioTls.TestApiServer;
using Xunit.Abstractions;
using static IstioTls.BrowserTests.LiveProbeTests;

namespace IstioTls.BrowserTests;

/// <summary>
/// <c>probe --port-forward</c>: the gateway Service has no address this machine reaches (ClusterIP),
/// so every TLS connection of the probe goes through a WebSocket of its own to the test API
/// server's pods/portforward, which forwards the gateway pod's listener port (8443, the Service's
/// targetPort) to the stand-in's loopback port, as the kubelet forwards to the pod.
/// </summary>
public sealed class PortForwardProbeTests(ITestOutputHelper output)
{
    private const string Pod = "istio-ingressgateway-0";
    private const string Ready = """status: {phase: Running, conditions: [{type: Ready, status: "True"}]}""";

    [Fact]
    public async Task The_seeds_example_is_misrouted_through_the_tunnel_one_websocket_per_connection()
    {
        var port = PlainNginx.FreePort();
        var scenario = Live(port, ClusterIp(port), podStatus: Ready);
        using var standIn = scenario.Start(new Dictionary<int, int> { [port] = port });
        await using var cluster = await StartAsync(scenario, port);

        var result = cluster.Probe("--port-forward", "-o", "json");
        output.WriteLine(result.Stdout + result.Stderr);

        Assert.Equal((1, ""), (result.ExitCode, result.Stderr));
        var document = JsonNode.Parse(result.Stdout)!;
        Assert.Equal($"pod istio-system/{Pod} port 8443 (port-forward)", (string)document["groups"]![0]!["address"]!);
        Assert.Equal(
            [("asm1.test.com", "asm2.test.com", "misrouted", 404, 200), ("asm2.test.com", "asm1.test.com", "misrouted", 404, 200)],
            document["pairs"]!.AsArray().Select(p => ((string)p!["sni"]!, (string)p["authority"]!, (string)p["verdict"]!, (int)p["status"]!, (int)p["baselineStatus"]!)));
        // One trial, then per pair a connection with A's SNI and B's baseline: five WebSockets.
        Assert.Equal(5, cluster.Server.PortForwarding.Accepted);
    }

    [Fact]
    public async Task With_the_strict_filter_the_same_pairs_are_misdirected_through_the_tunnel()
    {
        var port = PlainNginx.FreePort();
        var ports = new Dictionary<int, int> { [port] = port };
        var scenario = Live(port, ClusterIp(port), podStatus: Ready).With421("strict", ports);
        using var standIn = scenario.Start(ports);
        await using var cluster = await StartAsync(scenario, port);

        var result = cluster.Probe("--port-forward", "-o", "json");
        output.WriteLine(result.Stdout + result.Stderr);

        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        var pairs = JsonNode.Parse(result.Stdout)!["pairs"]!.AsArray();
        Assert.Equal(2, pairs.Count);
        Assert.All(pairs, p => Assert.Equal(("misdirected", 421, 200), ((string)p!["verdict"]!, (int)p["status"]!, (int)p["baselineStatus"]!)));
    }

    [Theory]
    [InlineData("none", $"no pod of gateway workload istio-system/{Pod} is Running and Ready (1 pod): nothing to port-forward to")]
    [InlineData("forbidden", $"context \"test\": forbidden (403): cannot create /api/v1/namespaces/istio-system/pods/{Pod}/portforward?ports=8443")]
    [InlineData("impersonated", $"context \"test\": forbidden (403): cannot create /api/v1/namespaces/istio-system/pods/{Pod}/portforward?ports=8443")]
    [InlineData("services", "the port Envoy listens on for port PORT is not established (no Service in front of gateway workload istio-system/istio-ingressgateway-0 was read): --port-forward needs the pod's port; give the gateway's address with --address")]
    public async Task Without_a_tunnel_the_group_is_one_line_and_exit_2(string situation, string error)
    {
        var port = PlainNginx.FreePort();
        var scenario = Live(port, ClusterIp(port), podStatus: situation == "none" ? "" : Ready);
        await using var cluster = await StartAsync(scenario, port);
        if (situation == "forbidden")
        {
            cluster.Server.Admin.Access = AccessPolicy.AllowAll().Deny("create", "", "pods/portforward");
        }
        if (situation == "services")
        {
            cluster.Server.Admin.Access = AccessPolicy.AllowAll().Deny("list", "", "services");
        }
        if (situation == "impersonated")
        {
            // The upgrade carries --as: admin may forward, the user it acts as may not.
            cluster.Server.Users.AddTokenUser("prober", "prober-token", AccessPolicy.AllowAll().Deny("create", "", "pods/portforward"));
        }

        var result = situation == "impersonated" ? cluster.Probe("--port-forward", "--as", "prober") : cluster.Probe("--port-forward");
        output.WriteLine(result.Stdout + result.Stderr);

        Assert.Equal((2, "Nothing probed: see the errors.\n"), (result.ExitCode, result.Stdout));
        var errors = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("error: ", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(errors);
        var group = situation == "services" ? $"port {port} " : "port 8443 ";
        Assert.StartsWith($"error: SharedCertificate workload istio-system/{Pod} {group}certificate istio-system/testhl: {error.Replace("PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)}", line, StringComparison.Ordinal);
        Assert.Equal(0, cluster.Server.PortForwarding.Accepted);
    }

    [Fact]
    public async Task A_pod_port_nothing_listens_on_makes_every_pair_unreachable_with_the_servers_error()
    {
        var port = PlainNginx.FreePort();
        var scenario = Live(port, ClusterIp(port), podStatus: Ready);
        await using var cluster = await Cluster.StartAsync(scenario);

        var result = cluster.Probe("--port-forward", "-o", "json");
        output.WriteLine(result.Stdout + result.Stderr);

        Assert.Equal(2, result.ExitCode);
        Assert.All(JsonNode.Parse(result.Stdout)!["pairs"]!.AsArray(), p =>
        {
            Assert.Equal("unreachable", (string)p!["verdict"]!);
            Assert.Contains($"port-forward to pod istio-system/{Pod} port 8443: error forwarding port 8443 to pod istio-system/{Pod}: ", (string)p["cause"]!, StringComparison.Ordinal);
        });
    }

    /// <summary>The cluster, with the gateway pod's port 8443 forwarded to the stand-in's port.</summary>
    private static async Task<Cluster> StartAsync(Scenario scenario, int standInPort)
    {
        var cluster = await Cluster.StartAsync(scenario);
        cluster.Server.PortForwarding.Map("istio-system", Pod, 8443, new IPEndPoint(IPAddress.Loopback, standInPort));
        return cluster;
    }
}
