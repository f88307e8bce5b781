using System.Text.Json.Nodes;
using IstioTls.IntegrationTests.Support;
using IstioTls.Tests.Support;

namespace IstioTls.IntegrationTests;

/// <summary>
/// istiod listens on the gateway Service's targetPort, not on the Gateway's port: live, with a
/// Service 443 → 8443 in front of the ingress pods, the precise 421 filter matches listener
/// 8443 and mitigates; the same filter on 443 matches no listener, and check says so instead
/// of calling the finding mitigated.
/// </summary>
public sealed class ListenerPortTests : IAsyncLifetime
{
    private const string Service = """
        apiVersion: v1
        kind: Service
        metadata: {name: istio-ingressgateway, namespace: istio-system}
        spec:
          selector: {istio: ingressgateway}
          ports:
          - {name: https, port: 443, targetPort: 8443}
        """;

    private LiveCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var service = Path.Combine(Path.GetTempPath(), $"istio-tls-service-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(service, Service);
        _cluster = await LiveCluster.StartAsync(null, "examples/seed/error-1-two-gateways.yaml", "examples/workloads.yaml", service);
        File.Delete(service);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private CliResult Kubectl(params string[] args) => Processes.Run(Processes.Kubectl, ["--kubeconfig", _cluster.KubeconfigPath, .. args], new Dictionary<string, string?>
    {
        ["HOME"] = _cluster.Directory,
        ["KUBECONFIG"] = null,
    });

    private static JsonNode Finding(CliResult check, string code) =>
        JsonNode.Parse(check.Stdout)!["findings"]!.AsArray().Single(f => (string)f!["code"]! == code)!;

    [Fact]
    public void A_precise_filter_matches_the_target_port_and_the_gateway_port_matches_no_listener()
    {
        var applied = _cluster.Run(["apply-421", "--kubeconfig", _cluster.KubeconfigPath, "--mode", "precise", "--yes"]);
        var port = Kubectl("get", "envoyfilter", "-n", "istio-system", "istio-tls-421-istio-ingressgateway", "-o", "jsonpath={.spec.configPatches[*].match.listener.portNumber}");
        var mitigated = _cluster.Check("-o", "json");

        var patched = Kubectl("patch", "envoyfilter", "-n", "istio-system", "istio-tls-421-istio-ingressgateway", "--type", "json",
            "-p", """[{"op": "replace", "path": "/spec/configPatches/0/match/listener/portNumber", "value": 443}]""");
        var unmatched = _cluster.Check("-o", "json");

        Assert.True(applied.ExitCode == 0, applied.Stderr);
        Assert.Equal("8443", port.Stdout);
        Assert.Equal(0, mitigated.ExitCode);
        Assert.Equal("info", (string)Finding(mitigated, "SharedCertificate")["severity"]!);
        Assert.Equal("istio-system/istio-tls-421-istio-ingressgateway", (string)Finding(mitigated, "SharedCertificate")["mitigatedBy"]!);
        Assert.Equal(8443, (int)Finding(mitigated, "SharedCertificate")["port"]!);

        Assert.True(patched.ExitCode == 0, patched.Stderr);
        Assert.Equal(1, unmatched.ExitCode);
        Assert.Equal("error", (string)Finding(unmatched, "SharedCertificate")["severity"]!);
        Assert.Null(Finding(unmatched, "SharedCertificate")["mitigatedBy"]);
        var noListener = Finding(unmatched, "UnmatchedMisdirectedFilter");
        Assert.Equal("error", (string)noListener["severity"]!);
        Assert.Contains("matches listener port 443, where its workload has no Envoy listener; Envoy listens on the Service's target port: 443 → 8443 (Service istio-system/istio-ingressgateway port 443→8443)", (string)noListener["message"]!, StringComparison.Ordinal);
    }
}
