using IstioTls.Analysis;
using IstioTls.Tests.Support;
using static IstioTls.Tests.Support.Manifests;

namespace IstioTls.Tests;

/// <summary>
/// Which Gateways are judged together: by the workloads their selectors reach where pods or
/// Deployments tell, else by equal selectors, with nested selectors as possible groups. Each row
/// is "workloads | namespace | Gateways | possible" per group.
/// </summary>
public class WorkloadGroupsTests
{
    private const string Ingress = "istio=ingressgateway";

    public static TheoryData<string, string, string[]> Cases => new()
    {
        {
            // One Deployment's pods behind one Service: a connection a browser opened on an old
            // pod carries requests for the new pods' hosts too, so the workload is one group.
            "mid-rollout the pods of one workload carry different labels: one group of every Gateway that reaches any of them",
            Gateway("web/v1", Ingress + ",version=v1", [Simple(443, "a.example.com")]) + Gateway("web/v2", Ingress + ",version=v2", [Simple(443, "b.example.com")])
                + Pod("istio-system/ingress-old-1", Ingress + ",version=v1", owner: "ingress-old", hash: "old") + Pod("istio-system/ingress-new-1", Ingress + ",version=v2", owner: "ingress-new", hash: "new"),
            ["istio-system/ingress | istio-system | web/v1,web/v2 | False"]
        },
        {
            "a Gateway that reaches no pod falls back to its selector",
            Gateway("web/a", Ingress, [Simple(443, "a.example.com")]) + Gateway("web/b", "istio=other", [Simple(443, "b.example.com")])
                + Pod("istio-system/ingress-1", Ingress, owner: "ingress-x", hash: "x"),
            ["istio-system/ingress | istio-system | web/a | False", " |  | web/b | False"]
        },
        {
            "pods of another application are no gateway workload",
            Gateway("web/a", Ingress, [Simple(443, "a.example.com")]) + Pod("web/shop-1", "app=shop", owner: "shop-x", hash: "x"),
            [" |  | web/a | False"]
        },
        {
            "nested selectors without pods: a group each, and a possible group of both",
            Gateway("web/outer", Ingress, [Simple(443, "a.example.com")]) + Gateway("web/inner", Ingress + ",app=shop", [Simple(443, "b.example.com")]),
            [" |  | web/inner | False", " |  | web/outer | False", " |  | web/outer,web/inner | True"]
        },
        {
            "equal selectors nest in neither direction",
            Gateway("web/a", Ingress, [Simple(443, "a.example.com")]) + Gateway("web/b", Ingress, [Simple(443, "b.example.com")]),
            [" |  | web/a,web/b | False"]
        },
        {
            "an empty selector joins every group",
            Gateway("web/all", "", [Simple(443, "a.example.com")]) + Gateway("web/a", Ingress, [Simple(443, "b.example.com")]) + Gateway("web/b", "istio=other", [Simple(443, "c.example.com")]),
            [" |  | web/a,web/all | False", " |  | web/b,web/all | False"]
        },
        {
            "only empty selectors: one group",
            Gateway("web/all", "", [Simple(443, "a.example.com")]) + Gateway("web/too", "", [Simple(443, "b.example.com")]),
            [" |  | web/all,web/too | False"]
        },
        {
            "workloads the same Gateways reach in one namespace are one group naming each",
            Gateway("web/a", Ingress, [Simple(443, "a.example.com")]) + Pod("istio-system/one-1", Ingress, owner: "one-x", hash: "x") + Pod("istio-system/two-1", Ingress, owner: "two-y", hash: "y"),
            ["istio-system/one,istio-system/two | istio-system | web/a | False"]
        },
        {
            "the same Gateways in two namespaces are two groups (Secrets resolve in each)",
            Gateway("web/a", Ingress, [Simple(443, "a.example.com")]) + Pod("istio-system/one-1", Ingress, owner: "one-x", hash: "x") + Pod("other/two-1", Ingress, owner: "two-y", hash: "y"),
            ["istio-system/one | istio-system | web/a | False", "other/two | other | web/a | False"]
        },
        {
            // Strict Gateway merging then keeps the Gateway API Gateway alone in that group.
            "an Istio Gateway selecting a Gateway API Gateway's pods by their label may reach them: a possible group in that namespace",
            GatewayApi("store/web", [Listener("https", 443, "a.example.com")]) + Gateway("web/istio", Model.Gateway.GatewayNameLabel + "=web", [Simple(443, "b.example.com")]),
            [" |  | web/istio | False", " | store | store/web | False", " | store | store/web | True"]
        },
        {
            "Gateway API Gateways of one name in two namespaces reach different pods: no possible group",
            GatewayApi("store/web", [Listener("https", 443, "a.example.com")]) + GatewayApi("shop/web", [Listener("https", 443, "b.example.com")]),
            [" | shop | shop/web | False", " | store | store/web | False"]
        },
        {
            "an empty selector joins a workload's group",
            Gateway("web/all", "", [Simple(443, "a.example.com")]) + Gateway("web/a", Ingress, [Simple(443, "b.example.com")]) + Pod("istio-system/one-1", Ingress, owner: "one-x", hash: "x"),
            ["istio-system/one | istio-system | web/a,web/all | False"]
        },
    };

    private static string Row(WorkloadGroup g) =>
        $"{string.Join(",", g.Workloads)} | {g.Namespace} | {string.Join(",", g.Gateways.Select(x => x.Key))} | {g.Possible}";

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gateways_are_grouped_by_the_workloads_they_reach(string situation, string yaml, string[] expected)
    {
        var groups = WorkloadGroups.Resolve(Snapshot(yaml));

        var actual = groups.Select(Row).ToList();
        Assert.True(expected.SequenceEqual(actual), $"{situation}: {string.Join("; ", actual)}");
        Assert.Equal(groups.Count, ((IEnumerable<WorkloadGroup>)groups).Count());
        Assert.Equal(actual, ((System.Collections.IEnumerable)groups).Cast<WorkloadGroup>().Select(Row));
    }

    /// <summary>Live, with the gateway pods listed, a group that no pod matches reaches no pod
    /// now; Gateways without a selector then form a group of their own, unless a group served
    /// now holds them. Each row ends with ReachesNoPod.</summary>
    public static TheoryData<string, string, bool, string[]> LiveCases => new()
    {
        {
            "a selector without pods reaches no pod",
            Gateway("web/a", Ingress, [Simple(443, "a.example.com")]) + Gateway("web/b", "istio=other", [Simple(443, "b.example.com")]) + Pod("istio-system/ingress-1", Ingress, owner: "ingress-x", hash: "x"),
            true,
            ["istio-system/ingress | istio-system | web/a | False | False", " |  | web/b | False | True"]
        },
        {
            "pods not listed: nothing is known to reach no pod",
            Gateway("web/b", "istio=other", [Simple(443, "b.example.com")]),
            false,
            [" |  | web/b | False | False"]
        },
        {
            "Gateways without a selector beside a selector without pods: a group of their own",
            Gateway("web/all", "", [Simple(443, "a.example.com")]) + Gateway("web/b", "istio=other", [Simple(443, "b.example.com")]),
            true,
            [" |  | web/b,web/all | False | True", " |  | web/all | False | False"]
        },
        {
            "Gateways without a selector in a group served now: no group of their own",
            Gateway("web/all", "", [Simple(443, "a.example.com")]) + Gateway("web/a", Ingress, [Simple(443, "b.example.com")]) + Gateway("web/b", "istio=other", [Simple(443, "c.example.com")])
                + Pod("istio-system/ingress-1", Ingress, owner: "ingress-x", hash: "x"),
            true,
            ["istio-system/ingress | istio-system | web/a,web/all | False | False", " |  | web/b,web/all | False | True"]
        },
        {
            "nested selectors without pods: the possible group reaches no pod either",
            Gateway("web/outer", Ingress, [Simple(443, "a.example.com")]) + Gateway("web/inner", Ingress + ",app=shop", [Simple(443, "b.example.com")]),
            true,
            [" |  | web/inner | False | True", " |  | web/outer | False | True", " |  | web/outer,web/inner | True | True"]
        },
    };

    [Theory]
    [MemberData(nameof(LiveCases))]
    public void Live_a_group_without_pods_reaches_no_pod(string situation, string yaml, bool podsListed, string[] expected)
    {
        var groups = WorkloadGroups.Resolve(Snapshot(yaml, new Model.ContextOrigin("prod"), podsListed));

        var actual = groups.Select(g => $"{Row(g)} | {g.ReachesNoPod}").ToList();
        Assert.True(expected.SequenceEqual(actual), $"{situation}: {string.Join("; ", actual)}");
    }

    /// <summary>A Gateway without selector is in every group, and the same finding about its
    /// servers is reported once, as the first group sees it: groups go in the order of their
    /// selector, a Gateway API Gateway's by its namespace first (edge:… before istio=…). Here
    /// that group has no Service, so the port is 443 as written; the istio=ingressgateway group's
    /// Service would make it 8443.</summary>
    [Fact]
    public void A_finding_in_several_groups_is_reported_as_the_first_group_in_selector_order_sees_it()
    {
        var yaml = Gateway("edge/all", "", [Simple(443, "u.example.com", "one"), Simple(443, "u.example.com", "two")])
            + Gateway("web/a", Ingress, [Simple(443, "a.example.com", "own-a")])
            + GatewayApi("edge/edge", [Listener("http", 8080, "e.example.com", protocol: "HTTP")])
            + IngressService;

        var finding = Assert.Single(Check(yaml).Findings);

        Assert.Equal("DuplicateHost error edge/all#0,edge/all#1", Describe([finding])[0]);
        Assert.Equal("2 servers on port 443 list u.example.com; istiod keeps edge/all server 0 (the oldest) and drops edge/all server 1 with all its hosts", finding.Message);
    }

    [Fact]
    public void A_duplicate_host_between_nested_selectors_is_possible_info()
    {
        var report = Check(Gateway("web/outer", Ingress, [Simple(443, "shop.example.com", "outer")], created: "2024-01-01T00:00:00Z")
            + Gateway("web/inner", Ingress + ",app=shop", [Simple(443, "shop.example.com,www.example.com", "inner")], created: "2024-01-02T00:00:00Z"));

        var finding = Assert.Single(report.Findings);
        Assert.Equal("DuplicateHost info web/outer#0,web/inner#0", Describe([finding])[0]);
        Assert.Equal("2 servers on port 443 list shop.example.com; istiod keeps web/outer server 0 (the oldest) and drops web/inner server 0 with all its hosts", finding.Message);
        Assert.Equal(["shop.example.com"], finding.Detail.Hosts);
        Assert.Equal("istio=ingressgateway", finding.Selector.ToString());
        Assert.Equal("list each host in only one server per port of a gateway workload", finding.Fix!.Text);
    }

    [Fact]
    public void A_duplicate_host_on_one_workload_is_an_error()
    {
        var report = Check(Gateway("web/outer", Ingress, [Simple(443, "shop.example.com,a.example.com", "outer")], created: "2024-01-01T00:00:00Z")
            + Gateway("web/inner", Ingress + ",app=shop", [Simple(443, "www.example.com,shop.example.com,a.example.com", "inner")], created: "2024-01-02T00:00:00Z")
            + Pod("istio-system/ingress-1", Ingress + ",app=shop", owner: "ingress-x", hash: "x"));

        var finding = Assert.Single(report.Findings);
        Assert.Equal("DuplicateHost error web/outer#0,web/inner#0", Describe([finding])[0]);
        Assert.Equal("2 servers on port 443 list a.example.com, shop.example.com; istiod keeps web/outer server 0 (the oldest) and drops web/inner server 0 with all its hosts", finding.Message);
        Assert.Equal(["a.example.com", "shop.example.com"], finding.Detail.Hosts);
        Assert.Equal(["istio-system/ingress"], finding.Workloads);
    }
}
