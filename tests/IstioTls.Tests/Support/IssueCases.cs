using static IstioTls.Tests.Support.Manifests;

namespace IstioTls.Tests.Support;

/// <summary>
/// The cases issue 8 lists, with the findings ("Code severity gateway#index,...") and warnings
/// each must give with <c>--inspect-certs</c>: run on files (IssueCaseTests) and against the
/// local API server (LiveCertificateTests), so that both sources give the same verdicts.
/// Gateway workloads are Deployments; the live tests play their controller and create pods.
/// </summary>
public static class IssueCases
{
    /// <param name="NoGateways">No Gateway of the input is Istio's: a run of check says so.</param>
    public sealed record Case(string Situation, string Yaml, string[] Findings, string[] Warnings, bool NoGateways = false)
    {
        public override string ToString() => Situation;
    }

    private const string Ingress = "istio=ingressgateway";
    private static readonly string Workload = Deployment("istio-system/ingress", Ingress);

    private static readonly TestCertificate Wildcard = TestCertificates.Create(["*.example.com"]);
    private static readonly TestCertificate ApexAndWildcard = TestCertificates.Create(["example.com", "*.example.com"]);
    private static readonly TestCertificate Shop = TestCertificates.Create(["shop.example.com"]);
    private static readonly TestCertificate Deep = TestCertificates.Create(["a.b.example.com"]);
    private static readonly TestCertificate TwoNames = TestCertificates.Create(["api.example.org", "status.example.org"]);
    private static readonly TestCertificate Expired = TestCertificates.Create(["old.example.com"], notAfter: DateTimeOffset.UtcNow.AddDays(-3));

    private static string IstioSecret(string name, TestCertificate? certificate, string? key = "tls.crt") => Secret($"istio-system/{name}", certificate, key);

    private static string Two(string hostA, string secretA, string hostB, string secretB) =>
        Gateway("web/a", Ingress, [Simple(443, hostA, secretA)]) + Gateway("web/b", Ingress, [Simple(443, hostB, secretB)]);

    private static string TwoListeners(string secretA, string secretB, int portB = 443) =>
        GatewayApi("shop/web", [Listener("https-a", 443, "a.example.com", certificates: [secretA]), Listener("https-b", portB, "b.example.com", certificates: [secretB])]);

    public static IReadOnlyList<Case> All { get; } =
    [
        new("a shared wildcard across two Secrets",
            Workload + Two("a.example.com", "wild-a", "b.example.com", "wild-b") + IstioSecret("wild-a", Wildcard) + IstioSecret("wild-b", Wildcard),
            ["SharedCertificate error web/a#0,web/b#0"], []),
        new("an apex + wildcard pair",
            Workload + Two("example.com", "apex", "shop.example.com", "shop") + IstioSecret("apex", ApexAndWildcard) + IstioSecret("shop", Shop),
            ["CoveringCertificate error web/a#0,web/b#0"], []),
        new("one-label wildcard depth: *.example.com does not cover a.b.example.com",
            Workload + Two("www.example.com", "wild", "a.b.example.com", "deep") + IstioSecret("wild", Wildcard) + IstioSecret("deep", Deep),
            [], []),
        new("equal fingerprints under two names (one in Istio's generic cert key)",
            Workload + Two("api.example.org", "api-a", "status.example.org", "api-b") + IstioSecret("api-a", TwoNames) + IstioSecret("api-b", TwoNames, "cert"),
            ["SharedCertificate error web/a#0,web/b#0"], []),
        new("a certificate that covers B but not the reverse",
            Workload + Two("www.example.com", "wild", "shop.example.com", "shop") + IstioSecret("wild", Wildcard) + IstioSecret("shop", Shop),
            ["CoveringCertificate error web/a#0,web/b#0"], []),
        new("an expired certificate",
            Workload + Gateway("web/a", Ingress, [Simple(443, "old.example.com", "old")]) + IstioSecret("old", Expired),
            ["CertificateExpired error web/a#0"], []),
        new("a Secret without a certificate: a warning, and its name decides",
            Workload + Two("a.example.com", "empty", "b.example.com", "empty") + IstioSecret("empty", null, null),
            ["SharedCertificate error web/a#0,web/b#0"],
            ["--inspect-certs: Secret istio-system/empty holds no certificate (no tls.crt or cert key); servers that use it are compared by Secret name"]),
        new("Gateway API: two listeners sharing a Secret on 443",
            TwoListeners("cert", "cert") + Secret("shop/cert", Wildcard),
            ["SharedCertificate error shop/web#0,shop/web#1"], []),
        new("Gateway API: listeners on different ports",
            TwoListeners("cert", "cert", portB: 8443) + Secret("shop/cert", Wildcard),
            [], []),
        new("Gateway API: different Gateways are different deployments",
            GatewayApi("shop/one", [Listener("https", 443, "a.example.com", certificates: ["cert"])]) + GatewayApi("shop/two", [Listener("https", 443, "b.example.com", certificates: ["cert"])]) + Secret("shop/cert", Wildcard),
            [], []),
        new("Gateway API: a non-Istio GatewayClass is ignored",
            GatewayClass("envoy", "gateway.envoyproxy.io/gatewayclass-controller") + GatewayApi("shop/web", [Listener("https-a", 443, "a.example.com", certificates: ["cert"]), Listener("https-b", 443, "b.example.com", certificates: ["cert"])], className: "envoy"),
            [], [], NoGateways: true),
        new("Gateway API: one certificate in two Secrets",
            TwoListeners("wild-a", "wild-b") + Secret("shop/wild-a", Wildcard) + Secret("shop/wild-b", Wildcard),
            ["SharedCertificate error shop/web#0,shop/web#1"], []),
        new("Gateway API: a wildcard listener certificate covers another listener's host",
            GatewayApi("shop/web", [Listener("https-www", 443, "www.example.com", certificates: ["wild"]), Listener("https-shop", 443, "shop.example.com", certificates: ["shop"])]) + Secret("shop/wild", Wildcard) + Secret("shop/shop", Shop),
            ["CoveringCertificate error shop/web#0,shop/web#1"], []),
    ];
}
