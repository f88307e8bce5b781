using IstioTls.Analysis.Misdirected;
using static IstioTls.Tests.Support.Manifests;
using static IstioTls.Tests.Support.MisdirectedFixtures;

namespace IstioTls.Tests.Misdirected;

/// <summary>
/// The Gateways that apply to the pods a 421 filter selects: what a precise filter's host
/// table is built from, and what <c>check</c> compares it with.
/// </summary>
public class WorkloadGatewaysTests
{
    private static string[] Keys(string yaml, string selector, string ns) =>
        [.. WorkloadGateways.For(Snapshot(yaml), LabelsOf(selector), ns).Select(g => g.Key)];

    [Fact]
    public void Mid_rollout_a_Gateway_that_reaches_one_of_the_pods_applies()
    {
        var yaml = Pod("istio-system/ingress-v1", Ingress + ",version=v1") + Pod("istio-system/ingress-v2", Ingress + ",version=v2")
            + Gateway("web/all", Ingress, [Simple(443, "a.example.com")])
            + Gateway("web/v2", Ingress + ",version=v2", [Simple(443, "b.example.com")])
            + Gateway("web/v3", Ingress + ",version=v3", [Simple(443, "c.example.com")]);

        Assert.Equal(["web/all", "web/v2"], Keys(yaml, Ingress, "istio-system").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Without_pods_only_Gateways_that_reach_every_pod_the_filter_selects_apply()
    {
        var yaml = Gateway("web/all", Ingress, [Simple(443, "a.example.com")])
            + Gateway("web/narrower", Ingress + ",app=shop", [Simple(443, "b.example.com")]);

        Assert.Equal(["web/all"], Keys(yaml, Ingress, "istio-system"));
        Assert.Equal(["web/all", "web/narrower"], Keys(yaml, Ingress + ",app=shop", "istio-system").Order(StringComparer.Ordinal));
    }

    /// <summary>istiod merges servers oldest Gateway first: for a host two servers list, the
    /// older one is kept.</summary>
    [Fact]
    public void Merged_keeps_servers_in_istiods_order()
    {
        var yaml = Gateway("web/newer", Ingress, [Simple(443, "a.example.com", "cert-b"), Simple(443, "b.example.com", "cert-b")], created: "2024-01-02T00:00:00Z")
            + Gateway("web/older", Ingress, [Simple(443, "a.example.com", "cert-a")], created: "2024-01-01T00:00:00Z");

        var merged = WorkloadGateways.Merged(Snapshot(yaml), LabelsOf(Ingress), "istio-system");

        Assert.Equal(["web/older server 0", "web/newer server 1"], merged.Kept.Select(k => k.Server.ToString()));
    }
}
