using System.Text.Json.Nodes;
using IstioTls.IntegrationTests.Support;
using IstioTls.TestApiServer;
using IstioTls.Tests.Support;
using static IstioTls.Tests.Support.Manifests;

namespace IstioTls.IntegrationTests;

/// <summary>
/// <c>check --inspect-certs</c> and Gateway API Gateways on a live cluster: the same verdicts as on
/// files, exactly the referenced Secrets read (and only with the flag), and what happens when a
/// Secret, GatewayClasses, Gateway API Gateways or pods cannot be read.
/// </summary>
public class LiveCertificateTests
{
    private const string Ingress = "istio=ingressgateway";

    public static TheoryData<IssueCases.Case> Cases => [.. IssueCases.All];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_cluster_gives_the_same_verdicts_as_files(IssueCases.Case @case)
    {
        await using var cluster = await Seeded(@case.Yaml);

        var result = cluster.Check("--inspect-certs", "-o", "json");

        Assert.Equal(@case.Findings, Findings(result));
        string[] noGateways = @case.NoGateways ? ["0 Gateways (Istio or Gateway API): nothing to check"] : [];
        Assert.Equal(@case.Warnings.Concat(noGateways).Select(w => $"warning: context \"test\": {w}"), Lines(result.Stderr));
        Assert.Equal(@case.Findings.Length > 0 ? 1 : 0, result.ExitCode);
    }

    [Fact]
    public async Task Gets_exactly_the_referenced_Secrets_and_only_with_the_flag()
    {
        var wildcard = TestCertificates.Create(["*.example.com"]);
        await using var cluster = await Seeded(
            Deployment("istio-system/ingress", Ingress)
            + Gateway("web/www", Ingress, [Simple(443, "www.example.com", "wild")]) + Gateway("web/shop", Ingress, [Simple(443, "shop.example.com", "shop")])
            + Gateway("web/plain", Ingress, [Server(80, "plain.example.com", "", protocol: "HTTP")])
            + GatewayApi("store/web", [Listener("https", 443, "store.example.com", certificates: ["store-tls"])])
            + Secret("istio-system/wild", wildcard) + Secret("istio-system/shop", TestCertificates.Create(["shop.example.com"]))
            + Secret("istio-system/unrelated", wildcard) + Secret("web/wild", wildcard) + Secret("store/store-tls", TestCertificates.Create(["store.example.com"])));

        cluster.Server.Requests.Clear();
        var without = cluster.Check("-o", "json");
        Assert.Equal(0, without.ExitCode);
        Assert.DoesNotContain(cluster.Server.Requests.Entries, r => r.Resource == "secrets");

        cluster.Server.Requests.Clear();
        var with = cluster.Check("--inspect-certs", "-o", "json");
        Assert.Equal(["CoveringCertificate error web/www#0,web/shop#0"], Findings(with));
        Assert.Equal("", with.Stderr);
        var secrets = cluster.Server.Requests.Entries.Where(r => r.Resource == "secrets").ToList();
        Assert.All(secrets, r => Assert.Equal("get", r.Verb));
        Assert.Equal(["istio-system/shop", "istio-system/wild", "store/store-tls"], secrets.Select(r => $"{r.Namespace}/{r.Name}").Order(StringComparer.Ordinal));
        Assert.DoesNotContain("-----BEGIN", with.Stdout + with.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(TestCertificates.Base64(wildcard.KeyPem)[30..60], with.Stdout + with.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forbidden_Secret_is_a_warning_and_its_name_decides()
    {
        var wildcard = TestCertificates.Create(["*.example.com"]);
        await using var cluster = await Seeded(
            Deployment("istio-system/ingress", Ingress)
            + Gateway("web/www", Ingress, [Simple(443, "www.example.com", "wild")]) + Gateway("web/shop", Ingress, [Simple(443, "shop.example.com", "shop")])
            + Secret("istio-system/wild", wildcard) + Secret("istio-system/shop", TestCertificates.Create(["shop.example.com"]))
            + GatewayApi("locked/web", [Listener("https-a", 443, "a.example.com", certificates: ["cert"]), Listener("https-b", 443, "b.example.com", certificates: ["cert"])])
            + Secret("locked/cert", wildcard));
        var user = cluster.Server.Users.AddTokenUser("no-locked-secrets", "token-nls", AccessPolicy.AllowAll().Deny("get", "", "secrets", "locked"));
        cluster.Server.Kubeconfig.AddUserContext("no-locked-secrets", user);
        cluster.WriteKubeconfig();

        var result = cluster.Check("--context", "no-locked-secrets", "--inspect-certs", "-o", "json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["warning: context \"no-locked-secrets\": --inspect-certs: Secret locked/cert cannot be read: forbidden (403); servers that use it are compared by Secret name"], Lines(result.Stderr));
        Assert.Equal(["CoveringCertificate error web/www#0,web/shop#0", "SharedCertificate error locked/web#0,locked/web#1"], Findings(result));
        var shared = JsonNode.Parse(result.Stdout)!["findings"]!.AsArray().Single(f => (string?)f!["code"] == "SharedCertificate")!;
        Assert.Equal("locked/cert", (string?)shared["certificate"]);
        Assert.Null(shared["fingerprints"]);
        Assert.Contains(cluster.Server.Requests.Entries, r => r.Resource == "secrets" && r.Namespace == "locked" && r.StatusCode == 403);
    }

    [Fact]
    public async Task Without_pods_Istio_Secrets_cannot_be_located_but_Gateway_API_Secrets_can()
    {
        var wildcard = TestCertificates.Create(["*.example.com"]);
        await using var cluster = await Seeded(
            Deployment("istio-system/ingress", Ingress)
            + Gateway("web/a", Ingress, [Simple(443, "a.example.com", "wild-a")]) + Gateway("web/b", Ingress, [Simple(443, "b.example.com", "wild-b")])
            + Secret("istio-system/wild-a", wildcard) + Secret("istio-system/wild-b", wildcard)
            + GatewayApi("shop/web", [Listener("https-a", 443, "a.example.com", certificates: ["wild-a"]), Listener("https-b", 443, "b.example.com", certificates: ["wild-b"])])
            + Secret("shop/wild-a", wildcard) + Secret("shop/wild-b", wildcard));
        var user = cluster.Server.Users.AddTokenUser("no-pods", "token-np", AccessPolicy.AllowAll().Deny("list", "", "pods"));
        cluster.Server.Kubeconfig.AddUserContext("no-pods", user);
        cluster.WriteKubeconfig();

        var result = cluster.Check("--context", "no-pods", "--inspect-certs", "-o", "json");

        // The Gateway API Secrets are read (their namespace is the Gateway's) and found equal; the
        // Istio ones are compared by name, which differ.
        Assert.Equal(["SharedCertificate error shop/web#0,shop/web#1"], Findings(result));
        Assert.Equal(
            [
                "warning: context \"no-pods\": cannot list pods (forbidden): Gateways are grouped by equal selectors instead of by the gateway pods they reach",
                "warning: context \"no-pods\": --inspect-certs: no gateway pod tells the namespace of Secrets wild-a, wild-b (pods cannot be listed, or none matches the Gateway's selector); servers that use them are compared by Secret name",
            ],
            Lines(result.Stderr));
        Assert.DoesNotContain(cluster.Server.Requests.Entries, r => r.Resource == "secrets" && r.Namespace == "istio-system");
    }

    [Fact]
    public async Task Reads_Gateway_API_v1beta1_where_v1_is_not_served()
    {
        await using var cluster = await Seeded(
            GatewayApi("shop/web", [Listener("https-a", 443, "a.example.com", certificates: ["cert"]), Listener("https-b", 443, "b.example.com", certificates: ["cert"])]),
            o => o.GatewayApiVersions = ["v1beta1"]);

        var result = cluster.Check("-o", "json");

        Assert.Equal(["SharedCertificate error shop/web#0,shop/web#1"], Findings(result));
        var server = JsonNode.Parse(result.Stdout)!["findings"]![0]!["servers"]![0]!;
        Assert.Equal("gateway.networking.k8s.io/v1beta1", (string?)server["apiVersion"]);
        Assert.Equal("https-a", (string?)server["listener"]);
        Assert.All(cluster.Server.Requests.Entries.Where(r => r.Group == "gateway.networking.k8s.io"), r => Assert.StartsWith("/apis/gateway.networking.k8s.io/v1beta1/", r.Path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_the_Gateway_API_nothing_of_it_is_asked()
    {
        await using var cluster = await LiveCluster.StartAsync(o => o.GatewayApiVersions = [], "examples/seed/error-1-two-gateways.yaml");

        var result = cluster.Check("-o", "json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Assert.DoesNotContain(cluster.Server.Requests.Entries, r => r.Group == "gateway.networking.k8s.io");
    }

    [Fact]
    public async Task Forbidden_GatewayClasses_assume_the_istio_class()
    {
        await using var cluster = await Seeded(
            GatewayApi("shop/web", [Listener("https-a", 443, "a.example.com", certificates: ["cert"]), Listener("https-b", 443, "b.example.com", certificates: ["cert"])])
            + GatewayApi("shop/nginx", [Listener("https-a", 443, "a.example.com", certificates: ["cert"]), Listener("https-b", 443, "b.example.com", certificates: ["cert"])], className: "nginx"));
        var user = cluster.Server.Users.AddTokenUser("no-classes", "token-nc", AccessPolicy.AllowAll().Deny("list", "gateway.networking.k8s.io", "gatewayclasses"));
        cluster.Server.Kubeconfig.AddUserContext("no-classes", user);
        cluster.WriteKubeconfig();

        var result = cluster.Check("--context", "no-classes", "-o", "json");

        Assert.Equal(["SharedCertificate error shop/web#0,shop/web#1"], Findings(result));
        Assert.Equal(["warning: context \"no-classes\": cannot list gatewayclasses.gateway.networking.k8s.io (forbidden): only Gateway API Gateways of class \"istio\" are checked"], Lines(result.Stderr));
        Assert.False((bool)JsonNode.Parse(result.Stdout)!["summary"]!["partial"]!);
    }

    [Fact]
    public async Task Forbidden_Gateway_API_Gateways_are_a_warning_and_the_report_is_partial()
    {
        await using var cluster = await LiveCluster.StartAsync(null, "examples/seed/error-1-two-gateways.yaml");
        var user = cluster.Server.Users.AddTokenUser("istio-only", "token-io", AccessPolicy.AllowAll().Deny("list", "gateway.networking.k8s.io", "gateways"));
        cluster.Server.Kubeconfig.AddUserContext("istio-only", user);
        cluster.WriteKubeconfig();

        var result = cluster.Check("--context", "istio-only", "-o", "json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["warning: context \"istio-only\": cannot list gateways.gateway.networking.k8s.io (forbidden): Gateway API Gateways are not checked"], Lines(result.Stderr));
        Assert.True((bool)JsonNode.Parse(result.Stdout)!["summary"]!["partial"]!);
        Assert.Single(JsonNode.Parse(result.Stdout)!["findings"]!.AsArray());
    }

    // The objects, and the pods their Deployments would have: the test server runs no controllers.
    private static async Task<LiveCluster> Seeded(string yaml, Action<TestApiServerOptions>? configure = null)
    {
        var cluster = await LiveCluster.StartAsync(configure);
        var objects = cluster.Server.Store.PutManifests(yaml);
        cluster.Server.Store.PutRange(DeploymentPods.For(objects));
        return cluster;
    }

    private static string[] Findings(CliResult result) =>
        [.. JsonNode.Parse(result.Stdout)!["findings"]!.AsArray().Select(f =>
            $"{f!["code"]} {f["severity"]} {string.Join(",", f["servers"]!.AsArray().Select(s => $"{s!["gateway"]}#{s["index"]}"))}")];

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
