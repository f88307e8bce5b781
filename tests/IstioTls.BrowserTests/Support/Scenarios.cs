using IstioTls.Tests.Support;

namespace IstioTls.BrowserTests.Support;

/// <summary>The scenarios' objects: the seed's examples as the repository ships them, and the test's own files.</summary>
public static class Scenarios
{
    private static readonly Dictionary<string, string[]> Testhl = new() { ["testhl"] = ["asm1.test.com", "asm2.test.com"] };

    private static string SeedFile(string file) => Path.Combine(Repo.Examples, "seed", file);

    private static string Own(string file) => Path.Combine(AppContext.BaseDirectory, "Scenarios", file);

    /// <summary>The seed's example 1: two Gateways, one Secret.</summary>
    public static Scenario TwoGateways() => Scenario.FromFiles(Workload.Istio("istio=ingressgateway"), Testhl, SeedFile("error-1-two-gateways.yaml"));

    /// <summary>The seed's example 2: one Gateway, two servers, one Secret (with routes added).</summary>
    public static Scenario OneGateway() => Scenario.FromFiles(Workload.Istio("istio=ingressgateway-2"), Testhl,
        SeedFile("error-2-one-gateway.yaml"), Own("error-2-virtualservices.yaml"));

    public static Scenario Seed(string example) => example switch
    {
        "two Gateways" => TwoGateways(),
        "one Gateway" => OneGateway(),
        _ => throw new ArgumentOutOfRangeException(nameof(example), example, null),
    };

    public static TheoryData<string, string> SeedExamplesAndBrowsers => new()
    {
        { "two Gateways", "Chromium" }, { "two Gateways", "Firefox" }, { "one Gateway", "Chromium" }, { "one Gateway", "Firefox" },
    };

    public static Scenario TwoHostsOneServer() => Scenario.FromFiles(Workload.Istio("istio=ingressgateway"),
        new Dictionary<string, string[]> { ["shared-tls"] = ["asm1.test.com", "asm2.test.com", "asm3.test.com"] }, Own("two-hosts-one-server.yaml"));

    public static Scenario SeparateCertificates() => Scenario.FromFiles(Workload.Istio("istio=ingressgateway"),
        new Dictionary<string, string[]> { ["asm1-tls"] = ["asm1.test.com"], ["asm2-tls"] = ["asm2.test.com"] }, Own("separate-certificates.yaml"));

    /// <summary>The conformance Gateway; its certificate names every SNI the conformance test sends.</summary>
    public static Scenario ConformanceMisdirected() => Scenario.FromFiles(Workload.GatewayApi("gateway-conformance-infra", "same-namespace-with-https-listener"),
        new Dictionary<string, string[]> { ["tls-validity-checks-certificate"] = ["example.org", "second-example.org", "unknown-example.org", "*.wildcard.org"] },
        Own("conformance-misdirected.yaml"));
}
