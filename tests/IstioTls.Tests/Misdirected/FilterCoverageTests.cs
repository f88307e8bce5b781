using IstioTls.Analysis;
using IstioTls.Analysis.Misdirected;
using IstioTls.Tests.Support;
using static IstioTls.Tests.Support.Manifests;
using static IstioTls.Tests.Support.MisdirectedFixtures;

namespace IstioTls.Tests.Misdirected;

/// <summary>
/// How far a 421 filter reaches one finding's listener, as istiod applies EnvoyFilters: by
/// namespace (its own, or all from the root namespace), by <c>workloadSelector</c>, and by a
/// patch's listener <c>portNumber</c> and <c>name</c>. One change at a time from a case that
/// reaches.
/// </summary>
public class FilterCoverageTests
{
    private const string Root = "istio-system";

    // Two servers of one Gateway sharing a certificate: the finding a filter is judged against.
    private static string Shared(string ns) => Gateway($"{ns}/web", Ingress, [Simple(443, "a.example.com", "shared"), Simple(443, "b.example.com", "shared")]);

    /// <summary>An EnvoyFilter; each patch is "port" or "port/name" or "" (no portNumber).</summary>
    private static string Filter(string ns, string selector, params string[] patches) =>
        EnvoyFilter($"{ns}/f", selector, patches.Select(p =>
        {
            var parts = p.Split('/');
            var listener = p.Length == 0 ? "" : $"portNumber: {parts[0]}, " + (parts.Length > 1 ? $"name: \"{parts[1]}\", " : "");
            return $"- {{applyTo: HTTP_FILTER, match: {{context: GATEWAY, listener: {{{listener}filterChain: {{filter: {{name: envoy.filters.network.http_connection_manager}}}}}}}}, patch: {{operation: INSERT_FIRST, value: {{name: envoy.lua}}}}}}";
        }));

    private static readonly string Pods = Deployment("gateways/ingress", Ingress) + Deployment("apps/web", "app=web");

    public static TheoryData<string, string, string, CoverageKind> Cases => new()
    {
        // situation, manifests, filter, coverage
        { "pods: the filter in their namespace, on their labels", Shared("web") + Pods, Filter("gateways", Ingress), CoverageKind.Covered },
        { "pods: the filter in another namespace", Shared("web") + Pods, Filter("apps", Ingress), CoverageKind.None },
        { "pods: the filter in the root namespace", Shared("web") + Pods, Filter(Root, Ingress), CoverageKind.Covered },
        { "pods: the filter on other labels", Shared("web") + Pods, Filter("gateways", "app=web"), CoverageKind.None },
        { "no pods: the filter's labels part of the selector, from the root namespace", Shared("web"), Filter(Root, Ingress), CoverageKind.Covered },
        { "no pods: labels the selector does not have", Shared("web"), Filter(Root, Ingress + ",app=b"), CoverageKind.None },
        { "no pods, nested selectors: labels of only one of them", Gateway("web/a", Ingress, [Simple(443, "a.example.com", "shared")]) + Gateway("web/b", Ingress + ",app=b", [Simple(443, "b.example.com", "shared")]), Filter(Root, Ingress + ",app=b"), CoverageKind.None },
        { "no pods, nested selectors: labels of both", Gateway("web/a", Ingress, [Simple(443, "a.example.com", "shared")]) + Gateway("web/b", Ingress + ",app=b", [Simple(443, "b.example.com", "shared")]), Filter(Root, Ingress), CoverageKind.Covered },
        { "no pods: the filter in the Gateways' namespace, where the pods may not be", Shared("web"), Filter("web", Ingress), CoverageKind.Unverified },
        { "no pods: the filter in neither the root nor the Gateways' namespace", Shared("web"), Filter("apps", Ingress), CoverageKind.None },
        { "no pods: Gateways in two namespaces, the filter in one of them", Gateway("web/a", Ingress, [Simple(443, "a.example.com", "shared")]) + Gateway("shop/b", Ingress, [Simple(443, "b.example.com", "shared")]), Filter("web", Ingress), CoverageKind.None },
        { "pods: a filter without workloadSelector reaches every proxy, sidecars too, and is not the scoped fix", Shared("web") + Pods, Filter(Root, ""), CoverageKind.None },
        { "Gateway API: the filter in the Gateway's namespace, where its pods run", GatewayApiShared, Filter("edge", "gateway.networking.k8s.io/gateway-name=edge"), CoverageKind.Covered },
        { "Gateway API: the filter in another namespace", GatewayApiShared, Filter("apps", "gateway.networking.k8s.io/gateway-name=edge"), CoverageKind.None },
        { "no pods: an Istio Gateway beside a Gateway API one, the filter in their namespace: where the Istio Gateway's pods run is not known", GatewayApiShared + Gateway("edge/istio", "gateway.networking.k8s.io/gateway-name=edge", [Simple(443, "c.example.com", "shared")]), Filter("edge", "gateway.networking.k8s.io/gateway-name=edge"), CoverageKind.Unverified },
        { "a Service tells the listener port: a patch on it", Shared("web") + IngressService, Filter(Root, Ingress, "8443"), CoverageKind.Covered },
        { "a Service tells the listener port: a patch on the port as written", Shared("web") + IngressService, Filter(Root, Ingress, "443"), CoverageKind.None },
        { "a Service tells the listener port: one patch of two on it", Shared("web") + IngressService, Filter(Root, Ingress, "443", "8443"), CoverageKind.Covered },
        { "a Service tells the listener port: one patch of two without a port", Shared("web") + IngressService, Filter(Root, Ingress, "443", ""), CoverageKind.Covered },
        { "a Service tells the listener port: a patch on it, by Envoy's listener name", Shared("web") + IngressService, Filter(Root, Ingress, "8443/0.0.0.0_8443"), CoverageKind.Covered },
        { "a Service tells the listener port: a patch on it, by another listener's name", Shared("web") + IngressService, Filter(Root, Ingress, "8443/0.0.0.0_9443"), CoverageKind.None },
        { "a Service tells the listener port: a patch on another port, without a name", Shared("web") + IngressService, Filter(Root, Ingress, "9443"), CoverageKind.None },
        { "no Service: a patch with a port cannot be told", Shared("web"), Filter(Root, Ingress, "443", "8443"), CoverageKind.Unverified },
    };

    private static readonly string GatewayApiShared =
        GatewayApi("edge/edge", [Listener("a", 443, "a.example.com", certificates: ["shared"]), Listener("b", 443, "b.example.com", certificates: ["shared"])]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Judges_whether_the_filter_reaches_the_listener(string situation, string manifests, string filter, CoverageKind expected)
    {
        var (snapshot, finding) = Judged(manifests, filter);

        Assert.True(expected == FilterCoverage.Judge(snapshot, Assert.Single(snapshot.EnvoyFilters), finding, Root).Kind, situation);
    }

    [Fact]
    public void An_unverified_port_names_the_ports_the_filter_matches()
    {
        var (snapshot, finding) = Judged(Shared("web"), Filter(Root, Ingress, "443", "8443", "443"));

        Assert.Equal(
            "it matches listener port 443, 8443, and no Service was read to tell the port Envoy listens on for Gateway port 443 (a Service's targetPort moves it, 443 → 8443 on istioctl's default gateway)",
            FilterCoverage.Judge(snapshot, Assert.Single(snapshot.EnvoyFilters), finding, Root).Reason);
    }

    [Fact]
    public void An_unverified_namespace_says_which_namespace_the_pods_must_be_in()
    {
        var (snapshot, finding) = Judged(Shared("web"), Filter("web", Ingress));

        Assert.Equal(
            "it applies only to gateway pods in namespace web (not the root namespace istio-system), and no pods in the input tell where this workload runs",
            FilterCoverage.Judge(snapshot, Assert.Single(snapshot.EnvoyFilters), finding, Root).Reason);
    }

    private static (Model.ConfigSnapshot Snapshot, Finding Finding) Judged(string manifests, string filter)
    {
        // The finding over the most servers: with nested selectors, the possible group's.
        var finding = Check(manifests).Findings.Where(f => f.Code is FindingCodes.SharedCertificate or FindingCodes.PossibleSharedCertificate).MaxBy(f => f.Servers.Count)!;
        return (Snapshot(manifests + filter), finding);
    }
}
