using IstioTls.Analysis;
using IstioTls.Analysis.Misdirected;
using IstioTls.Plans.Misdirected;
using static IstioTls.Tests.Support.Manifests;
using static IstioTls.Tests.Support.MisdirectedFixtures;

namespace IstioTls.Tests.Misdirected;

/// <summary>
/// A Gateway API Gateway reaches only the pods of its own deployment, in its own namespace. Two
/// Gateways named <c>web</c> in two namespaces carry the same selector label, so a precise
/// filter's host table must take the namespace from the pods, not the label alone.
/// </summary>
public class GatewayApiScopeTests
{
    /// <summary>Gateway API Gateway <c>ns/web</c> with two listeners that share a Secret, and
    /// (where <paramref name="pods"/>) the pod istiod deploys for it.</summary>
    private static string Web(string ns, string first, string second, bool pods) =>
        GatewayApi($"{ns}/web", [Listener("https-a", 443, first, certificates: ["cert"]), Listener("https-b", 443, second, certificates: ["cert"])])
        + (pods ? Pod($"{ns}/web-1", $"{IstioTls.Model.Gateway.GatewayNameLabel}=web") : "");

    private static string TwoNamespaces(bool pods) => Web("shop", "a.example.com", "b.example.com", pods) + Web("other", "c.example.com", "d.example.com", pods);

    public static TheoryData<bool> WithAndWithoutPods => new() { true, false };

    private static PlannedFilter PreciseFilterOfShop(string manifests) =>
        Assert.Single(Plan(manifests, new Apply421Options { Mode = MisdirectedMode.Precise }).Filters, f => f.Ref.Namespace == "shop");

    [Theory]
    [MemberData(nameof(WithAndWithoutPods))]
    public void A_precise_filter_holds_the_hosts_of_its_own_namespace_only(bool pods)
    {
        var filter = PreciseFilterOfShop(TwoNamespaces(pods)).Object.ToJsonString();

        Assert.Contains("a.example.com", filter, StringComparison.Ordinal);
        Assert.DoesNotContain("c.example.com", filter, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WithAndWithoutPods))]
    public void Hosts_changed_in_another_namespace_leave_a_precise_filter_current(bool pods)
    {
        var filter = "---\n" + PreciseFilterOfShop(TwoNamespaces(pods)).Object.ToJsonString() + "\n";

        var otherChanged = Web("shop", "a.example.com", "b.example.com", pods) + Web("other", "c.example.com", "e.example.com", pods) + filter;
        var ownChanged = Web("shop", "a.example.com", "e.example.com", pods) + Web("other", "c.example.com", "d.example.com", pods) + filter;

        Assert.DoesNotContain(Check(otherChanged).Findings, f => f.Code == FindingCodes.StaleMisdirectedFilter);
        Assert.Contains(Check(ownChanged).Findings, f => f.Code == FindingCodes.StaleMisdirectedFilter);
    }
}
