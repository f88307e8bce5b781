using System.Text.Json.Nodes;
using IstioTls.Analysis;
using IstioTls.Printers;
using static IstioTls.Tests.Support.Manifests;

namespace IstioTls.Tests;

/// <summary>
/// Kubernetes Gateway API Gateways of Istio's class: each listener is a server of the Gateway's
/// own deployment (pods labelled with the Gateway's name, in its namespace), so the same rules
/// apply to listeners as to Istio servers.
/// </summary>
public class GatewayApiTests
{
    private const string Web = "shop/web";

    public static TheoryData<string, string, string[]> Cases => new()
    {
        {
            "two HTTPS listeners sharing a Secret on 443",
            GatewayApi(Web, [Listener("https-a", 443, "a.example.com", certificates: ["cert"]), Listener("https-b", 443, "b.example.com", certificates: ["cert"])]),
            ["SharedCertificate error shop/web#0,shop/web#1"]
        },
        {
            "listeners on different ports",
            GatewayApi(Web, [Listener("https-a", 443, "a.example.com", certificates: ["cert"]), Listener("https-b", 8443, "b.example.com", certificates: ["cert"])]),
            []
        },
        {
            "different Gateways have different deployments",
            GatewayApi(Web, [Listener("https-a", 443, "a.example.com", certificates: ["cert"])]) + GatewayApi("shop/other", [Listener("https-b", 443, "b.example.com", certificates: ["cert"])]),
            []
        },
        {
            "Gateways of one name in two namespaces are two deployments",
            GatewayApi("team-a/web", [Listener("https", 443, "a.example.com", certificates: ["team-a/cert"])]) + GatewayApi("team-b/web", [Listener("https", 443, "b.example.com", certificates: ["team-a/cert"])])
                + ReferenceGrant("team-a", fromNamespace: "team-b"),
            []
        },
        {
            "a non-Istio GatewayClass is ignored",
            GatewayClass("envoy", "gateway.envoyproxy.io/gatewayclass-controller")
                + GatewayApi(Web, [Listener("https-a", 443, "a.example.com", certificates: ["cert"]), Listener("https-b", 443, "b.example.com", certificates: ["cert"])], className: "envoy"),
            []
        },
        {
            "an unknown class without a GatewayClass in the input is not Istio's",
            GatewayApi(Web, [Listener("https-a", 443, "a.example.com", certificates: ["cert"]), Listener("https-b", 443, "b.example.com", certificates: ["cert"])], className: "nginx"),
            []
        },
        {
            "a GatewayClass named istio that another controller owns is not Istio's",
            GatewayClass("istio", "example.com/not-istio")
                + GatewayApi(Web, [Listener("https-a", 443, "a.example.com", certificates: ["cert"]), Listener("https-b", 443, "b.example.com", certificates: ["cert"])]),
            []
        },
        {
            "any class whose controller is istio.io/gateway-controller is Istio's (the GatewayClass may come last)",
            GatewayApi(Web, [Listener("https-a", 443, "a.example.com", certificates: ["cert"]), Listener("https-b", 443, "b.example.com", certificates: ["cert"])], className: "public")
                + GatewayClass("public", "istio.io/gateway-controller"),
            ["SharedCertificate error shop/web#0,shop/web#1"]
        },
        {
            "v1beta1 Gateways are read too",
            GatewayApi(Web, [Listener("https-a", 443, "a.example.com", certificates: ["cert"]), Listener("https-b", 443, "b.example.com", certificates: ["cert"])], apiVersion: "gateway.networking.k8s.io/v1beta1"),
            ["SharedCertificate error shop/web#0,shop/web#1"]
        },
        {
            "a certificateRef names its namespace or defaults to the Gateway's",
            GatewayApi(Web, [Listener("https-a", 443, "a.example.com", certificates: ["cert"]), Listener("https-b", 443, "b.example.com", certificates: ["shop/cert"])]),
            ["SharedCertificate error shop/web#0,shop/web#1"]
        },
        {
            "one Secret name in two namespaces is two certificates",
            GatewayApi(Web, [Listener("https-a", 443, "a.example.com", certificates: ["cert"]), Listener("https-b", 443, "b.example.com", certificates: ["certs/cert"])])
                + ReferenceGrant("certs", fromNamespace: "shop", secret: "cert"),
            []
        },
        {
            "a listener without hostname serves every host and shares all the same",
            GatewayApi(Web, [Listener("https-any", 443, null, certificates: ["cert"]), Listener("https-b", 443, "b.example.com", certificates: ["cert"])]),
            ["SharedCertificate error shop/web#0,shop/web#1"]
        },
        {
            "TLS passthrough does not terminate",
            GatewayApi(Web, [Listener("tls", 443, "a.example.com", protocol: "TLS", mode: "Passthrough"), Listener("https-b", 443, "b.example.com", certificates: ["cert"])]),
            []
        },
        {
            "TLS terminate is TCP after termination, as in Istio servers",
            GatewayApi(Web, [Listener("tls", 443, "a.example.com", protocol: "TLS", certificates: ["cert"]), Listener("https-b", 443, "b.example.com", certificates: ["cert"])]),
            []
        },
        {
            "plain HTTP listeners carry no certificate",
            GatewayApi(Web, [Listener("http-a", 80, "a.example.com", protocol: "HTTP"), Listener("http-b", 80, "b.example.com", protocol: "HTTP")]),
            []
        },
        {
            "two listeners with one hostname on one port",
            GatewayApi(Web, [Listener("https-a", 443, "a.example.com", certificates: ["cert-a"]), Listener("https-a2", 443, "a.example.com", certificates: ["cert-b"])]),
            ["DuplicateHost error shop/web#0,shop/web#1"]
        },
        {
            "an Istio Gateway and a Gateway API Gateway are different workloads",
            Gateway("istio-system/ingress", "istio=ingressgateway", [Simple(443, "a.example.com", "cert")]) + GatewayApi("istio-system/web", [Listener("https", 443, "b.example.com", certificates: ["cert"])]),
            []
        },
        {
            "an Istio Gateway may select the Gateway API deployment: one workload",
            Gateway("shop/extra", "gateway.networking.k8s.io/gateway-name=web", [Simple(443, "c.example.com", "cert")]) + GatewayApi(Web, [Listener("https", 443, "b.example.com", certificates: ["cert"])])
                + Pod("shop/web-istio-5d8-abcde", "gateway.networking.k8s.io/gateway-name=web", owner: "web-istio-5d8", hash: "5d8"),
            ["SharedCertificate error shop/extra#0,shop/web#0"]
        },
        {
            "pods of another namespace with the same gateway-name label are another Gateway's",
            GatewayApi(Web, [Listener("https-a", 443, "a.example.com", certificates: ["cert"])]) + GatewayApi("other/web", [Listener("https-b", 443, "b.example.com", certificates: ["shop/cert"])]) + ReferenceGrant("shop", fromNamespace: "other")
                + Pod("shop/web-istio-1", "gateway.networking.k8s.io/gateway-name=web") + Pod("other/web-istio-1", "gateway.networking.k8s.io/gateway-name=web"),
            []
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Listeners_are_servers_of_the_Gateways_own_deployment(string situation, string yaml, string[] expected)
    {
        var report = Check(yaml);

        Assert.True(report.Warnings.Count == 0, $"{situation}: unexpected warnings: {string.Join("; ", report.Warnings)}");
        Assert.Equal(expected, Describe(report.Findings));
    }

    [Fact]
    public void Gateways_of_other_classes_are_not_counted()
    {
        var report = Check(GatewayApi("shop/envoy", [Listener("https", 443, "a.example.com", certificates: ["cert"])], className: "envoy") + GatewayApi(Web, [Listener("https", 443, "b.example.com", certificates: ["cert"])]));

        Assert.Equal(1, report.Checked.Gateways);
    }

    [Fact]
    public void Pods_in_the_namespace_name_the_workload_and_the_Secret()
    {
        var report = Check(GatewayApi(Web, [Listener("https-a", 443, "a.example.com", certificates: ["cert"]), Listener("https-b", 443, "b.example.com", certificates: ["cert"])])
            + Pod("shop/web-istio-5d8-abcde", "gateway.networking.k8s.io/gateway-name=web", owner: "web-istio-5d8", hash: "5d8"));

        var finding = Assert.Single(report.Findings);
        Assert.Equal(["shop/web-istio"], finding.Workloads);
        Assert.Equal("shop/cert", Assert.IsType<SharedCertificateDetail>(finding.Detail).Certificate);
    }

    [Fact]
    public void Without_pods_the_Secret_is_still_named_with_its_namespace()
    {
        var finding = Assert.Single(Check(GatewayApi(Web, [Listener("https-a", 443, "a.example.com", certificates: ["cert"]), Listener("https-b", 443, "b.example.com", certificates: ["cert"])])).Findings);

        Assert.Equal("shop/cert", Assert.IsType<SharedCertificateDetail>(finding.Detail).Certificate);
        Assert.Equal("gateway.networking.k8s.io/gateway-name=web", finding.Selector.ToString());
    }

    [Fact]
    public void The_fix_says_merge_does_not_apply_and_points_to_apply_421()
    {
        var finding = Assert.Single(Check(GatewayApi(Web, [Listener("https-a", 443, "a.example.com", certificates: ["cert"]), Listener("https-b", 443, "b.example.com", certificates: ["cert"])])).Findings);

        Assert.Null(finding.Fix?.MergeInto);
        Assert.StartsWith("merge does not apply to Gateway API listeners", finding.Fix?.Text, StringComparison.Ordinal);
        Assert.Contains("kubectl istio-tls apply-421", finding.Fix?.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("merge --dry-run", finding.Fix?.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_model_marks_Gateway_API_Gateways_for_merge_and_apply_421()
    {
        var snapshot = Snapshot(GatewayApi(Web, [Listener("https-a", 443, "a.example.com", certificates: ["cert"])]) + Gateway("istio-system/ingress", "istio=ingressgateway", [Simple(443, "a.example.com")]));

        var gatewayApi = snapshot.Gateways.Single(g => g.Key == Web);
        Assert.True(gatewayApi.FromGatewayApi);
        Assert.Equal("shop", gatewayApi.SelectorNamespace);
        Assert.Equal("gateway.networking.k8s.io/gateway-name=web", gatewayApi.Selector.ToString());
        Assert.Equal("Gateway API Gateway shop/web listener https-a", gatewayApi.Servers[0].ToString());
        var istio = snapshot.Gateways.Single(g => g.Key == "istio-system/ingress");
        Assert.False(istio.FromGatewayApi);
        Assert.Null(istio.SelectorNamespace);
    }

    [Fact]
    public void Servers_in_the_document_say_their_kind_API_and_listener()
    {
        var report = Check(GatewayApi(Web, [Listener("https-a", 443, "a.example.com", certificates: ["cert"]), Listener("https-b", 443, "b.example.com", certificates: ["cert"])]));

        var server = ReportDocument.Build(report)["findings"]![0]!["servers"]![1]!;
        Assert.Equal("shop/web", (string?)server["gateway"]);
        Assert.Equal("Gateway", (string?)server["kind"]);
        Assert.Equal("gateway.networking.k8s.io/v1", (string?)server["apiVersion"]);
        Assert.Equal(1, (int?)server["index"]);
        Assert.Equal("https-b", (string?)server["listener"]);
    }

    [Fact]
    public void Istio_servers_in_the_document_have_no_listener()
    {
        var report = Check(Gateway("a/one", "istio=ingressgateway", [Simple(443, "a.example.com")]) + Gateway("b/two", "istio=ingressgateway", [Simple(443, "b.example.com")]));

        var server = ReportDocument.Build(report)["findings"]![0]!["servers"]![0]!.AsObject();
        Assert.Equal("networking.istio.io/v1", (string?)server["apiVersion"]);
        Assert.False(server.ContainsKey("listener"));
    }

    [Theory]
    [InlineData("{name: https, protocol: HTTPS}", "spec.listeners[0].port: is required")]
    [InlineData("{name: https, port: 70000, protocol: HTTPS}", "spec.listeners[0].port: 70000 is not a port number")]
    [InlineData("{port: 443, protocol: HTTPS}", "spec.listeners[0].name: is required")]
    [InlineData("{name: https, port: 443, protocol: HTTPS, tls: {mode: Reencrypt}}", "spec.listeners[0].tls.mode: unknown TLS mode \"Reencrypt\"")]
    public void An_unreadable_listener_skips_the_Gateway_with_a_warning(string listener, string expected)
    {
        var report = Check(GatewayApi(Web, [listener]));

        var warning = Assert.Single(report.Warnings);
        Assert.Contains($"Gateway shop/web: {expected}", warning, StringComparison.Ordinal);
        Assert.EndsWith("skipped", warning, StringComparison.Ordinal);
        Assert.Equal(0, report.Checked.Gateways);
    }
}
