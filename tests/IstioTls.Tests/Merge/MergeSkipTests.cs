using static IstioTls.Tests.Support.Manifests;
using static IstioTls.Tests.Support.Merging;

namespace IstioTls.Tests.Merge;

/// <summary>
/// The groups merge leaves alone and the one line that says why, word for word: a Gateway API
/// listener, different selectors, and a merge that would change which VirtualService routes a
/// host (istiod binds a VirtualService to every host of the servers of the Gateways it names,
/// each host admitted by its namespace prefix).
/// </summary>
public class MergeSkipTests
{
    private const string Ingress = "istio=ingressgateway";
    private const string Rerouted = ": istiod binds a VirtualService's hosts to every host of the servers of the Gateways it names, so after the merge a.example.com would go to other routes than today; give that VirtualService hosts that do not meet the other servers' hosts, or merge by hand";

    private static string Two(string olderHosts, string newerHosts = "b.example.com", string newerSelector = Ingress) =>
        Gateway("web/a", Ingress, [Simple(443, olderHosts)], created: "2024-01-01T00:00:00Z")
        + Gateway("web/b", newerSelector, [Simple(443, newerHosts)], created: "2024-01-02T00:00:00Z");

    private static readonly string EdgePod = Pod("istio-system/ingress-1", Ingress + ",app=edge", owner: "ingress-x", hash: "x");

    /// <summary>Situation, manifests, and the reason the one group is skipped (null: merged).</summary>
    public static TheoryData<string, string, string?> Groups => new()
    {
        {
            "Gateway API listeners",
            GatewayApi("store/web", [Listener("a", 443, "a.example.com", certificates: ["cert"]), Listener("b", 443, "b.example.com", certificates: ["cert"])]),
            "Gateway API Gateway store/web: a Gateway API listener holds one hostname, so there is no server to merge into; answer 421 with kubectl istio-tls apply-421, or give each listener its own certificate"
        },
        {
            "selectors that differ on one workload",
            EdgePod + Two("a.example.com", newerSelector: "app=edge"),
            "the Gateways select different gateway pods (istio=ingressgateway and app=edge): moving a server between them would change which pods serve its hosts"
        },
        {
            "an empty selector is shown as {}",
            EdgePod + Two("a.example.com", newerSelector: ""),
            "the Gateways select different gateway pods (istio=ingressgateway and {}): moving a server between them would change which pods serve its hosts"
        },
        {
            "a wildcard VirtualService of the newer Gateway would route the older one's host",
            Two("a.example.com") + VirtualService("web/wild", "*.example.com", gateways: "b"),
            "merging would also route a.example.com (port 443) through VirtualService web/wild" + Rerouted
        },
        {
            "more than one host: the first, and how many more",
            Two("a.example.com,c.example.com") + VirtualService("web/wild", "*.example.com", gateways: "b"),
            "merging would also route a.example.com (port 443) through VirtualService web/wild (and 1 more)" + Rerouted
        },
        {
            "two VirtualServices: the first by name",
            Two("a.example.com") + VirtualService("web/wild-b", "*.example.com", gateways: "b") + VirtualService("web/wild-a", "*.example.com", gateways: "b"),
            "merging would also route a.example.com (port 443) through VirtualService web/wild-a (and 1 more)" + Rerouted
        },
        {
            "a VirtualService of one of two newer Gateways",
            Two("a.example.com") + Gateway("web/c", Ingress, [Simple(443, "c.example.com")], created: "2024-01-03T00:00:00Z") + VirtualService("web/wild", "*.example.com", gateways: "b"),
            "merging would also route a.example.com (port 443) through VirtualService web/wild (and 1 more)" + Rerouted
        },
        {
            "a VirtualService in another namespace reaches a host without a prefix",
            Two("a.example.com") + VirtualService("shop/wild", "*.example.com", gateways: "web/b"),
            "merging would also route a.example.com (port 443) through VirtualService shop/wild" + Rerouted
        },
        {
            "a host prefixed with its VirtualService's namespace",
            Two("shop/a.example.com") + VirtualService("shop/wild", "*.example.com", gateways: "web/b"),
            "merging would also route a.example.com (port 443) through VirtualService shop/wild" + Rerouted
        },
        {
            "a host prefixed with */, any namespace",
            Two("*/a.example.com") + VirtualService("shop/wild", "*.example.com", gateways: "web/b"),
            "merging would also route a.example.com (port 443) through VirtualService shop/wild" + Rerouted
        },
        { "a host prefixed with another namespace: merged", Two("web/a.example.com") + VirtualService("shop/wild", "*.example.com", gateways: "web/b"), null },
        { "a host prefixed with ., the Gateway's own namespace: merged", Two("./a.example.com") + VirtualService("shop/wild", "*.example.com", gateways: "web/b"), null },
        { "a VirtualService of the Gateway's namespace under a . prefix", Two("./a.example.com") + VirtualService("web/wild", "*.example.com", gateways: "b"), "merging would also route a.example.com (port 443) through VirtualService web/wild" + Rerouted },
        { "a VirtualService of exact hosts: merged", Two("a.example.com") + VirtualService("web/vb", "b.example.com", gateways: "b"), null },
        {
            "a VirtualService that routes the host today through a Gateway of other pods",
            Two("a.example.com") + Gateway("web/edge", "app=edge", [Simple(443, "a.example.com", "edge")]) + VirtualService("web/wild", "*.example.com", gateways: "b,edge"),
            "merging would also route a.example.com (port 443) through VirtualService web/wild" + Rerouted
        },
    };

    /// <summary>Two groups merge into web/a: the 443 group brings w.example.com to a's 443 server,
    /// the 8443 group repoints VirtualService web/vs from web/c to web/a. Each alone keeps every
    /// route; together web/vs starts routing w.example.com on 443 (found by seed 4828NeRIfy8a of
    /// <see cref="MergeExecutorTests"/>, whose re-run after the VirtualService write skipped the
    /// 443 group that the first plan had merged).</summary>
    public static readonly string TwoGroupsIntoOneSurvivor =
        Gateway("web/a", Ingress, [Simple(443, "a.example.com", "one"), Simple(8443, "b.example.com", "two")], created: "2024-01-01T00:00:00Z")
        + Gateway("web/b", Ingress, [Simple(443, "w.example.com", "one")], created: "2024-01-02T00:00:00Z")
        + Gateway("web/c", Ingress, [Simple(8443, "y.example.com", "two")], created: "2024-01-03T00:00:00Z")
        + VirtualService("web/vs", "y.example.com,w.example.com", gateways: "c");

    [Fact]
    public void A_group_is_skipped_when_a_virtual_service_another_group_repoints_would_route_its_hosts()
    {
        var plan = Plan(TwoGroupsIntoOneSurvivor);

        Assert.Equal(["web/a#0,web/b#0"], GroupServers(plan));
        var skipped = Assert.Single(plan.Skipped);
        Assert.Equal("web/a#1,web/c#0", string.Join(",", skipped.Finding.Servers.Select(s => s.Key)));
        Assert.StartsWith("merging would also route w.example.com (port 443) through VirtualService web/vs:", skipped.Reason, StringComparison.Ordinal);
    }

    /// <summary>A group skipped for its routes is tried again once the groups after it are
    /// admitted, and ends among the merged groups only.</summary>
    [Fact]
    public void A_group_skipped_for_its_routes_is_merged_once_another_group_moves_the_server_away()
    {
        var plan = Plan(MergeExecutorTests.AnotherGroupMovesTheReroutingServerAway);

        Assert.Equal(["shop/gw0#0,istio-system/gw1#0", "istio-system/gw4#0,shop/gw0#1"], GroupServers(plan));
        Assert.Empty(plan.Skipped.Select(s => s.Reason));
    }

    /// <summary>The 443 group waits for the 8443 group, which waits for the 9443 group: two
    /// rounds of trying again.</summary>
    public static readonly string AChainOfGroupsEachWaitingForTheNext =
        Gateway("istio-system/gw5", Ingress, [Simple(9443, "u.example.com", "c")], created: "2023-11-01T00:00:00Z")
        + Gateway("istio-system/gw4", Ingress, [Simple(8443, "v.example.com", "b"), Simple(9443, "w.example.com", "c")], created: "2023-12-01T00:00:00Z")
        + Gateway("shop/gw0", Ingress, [Simple(443, "x.example.com", "a"), Simple(8443, "z.example.com,y.example.com", "b")], created: "2024-01-01T00:00:00Z")
        + Gateway("istio-system/gw1", Ingress, [Simple(443, "z.example.com", "a")], created: "2024-02-01T00:00:00Z")
        + VirtualService("istio-system/vs3", "z.example.com", gateways: "gw1")
        + VirtualService("shop/vsb", "y.example.com,w.example.com", gateways: "gw0");

    [Fact]
    public void A_group_waiting_for_a_group_that_waits_for_a_third_is_merged_in_a_second_round()
    {
        var plan = Plan(AChainOfGroupsEachWaitingForTheNext);

        Assert.Equal(["shop/gw0#0,istio-system/gw1#0", "istio-system/gw4#0,shop/gw0#1", "istio-system/gw5#0,istio-system/gw4#1"], GroupServers(plan));
        Assert.Empty(plan.Skipped.Select(s => s.Reason));
    }

    /// <summary>Two servers outside the group list its hosts on the port: the oldest is named.</summary>
    [Fact]
    public void A_host_another_server_on_the_port_lists_names_the_oldest_such_server()
    {
        var yaml = Gateway("web/a", Ingress, [Simple(443, "a.example.com", "cert-x")], created: "2024-01-01T00:00:00Z")
            + Gateway("web/b", Ingress, [Simple(443, "b.example.com", "cert-x")], created: "2024-01-02T00:00:00Z")
            + Gateway("web/d", Ingress, [Simple(443, "a.example.com", "cert-y")], created: "2024-01-04T00:00:00Z")
            + Gateway("web/c", Ingress, [Simple(443, "b.example.com", "cert-y")], created: "2024-01-03T00:00:00Z");

        var plan = Plan(yaml);

        Assert.Empty(plan.Groups);
        Assert.Equal(["b.example.com is also listed by web/c server 0 on this port, and istiod serves a host from one server only: resolve that DuplicateHost finding first"], plan.Skipped.Select(s => s.Reason));
    }

    /// <summary>Gateway workloads in two namespaces behind one selector: a group per workload (each
    /// resolves the Secret in its own namespace), the same servers.</summary>
    [Fact]
    public void The_same_servers_on_two_workloads_are_merged_once()
    {
        var yaml = TwoWorkloads
            + Two("a.example.com");

        var plan = Plan(yaml);

        Assert.Equal(["web/a#0,web/b#0"], GroupServers(plan));
        Assert.Equal(["the same servers as a group merged above, on another gateway workload: that merge serves this one too"], plan.Skipped.Select(s => s.Reason));
    }

    /// <summary>Two certificates on two workloads: each group of the second workload is the same
    /// as one of the groups merged above, not as every one of them.</summary>
    [Fact]
    public void Each_group_of_another_workload_is_served_by_its_own_merged_group()
    {
        var yaml = TwoWorkloads
            + Gateway("web/a", Ingress, [Simple(443, "a.example.com", "cert-x")], created: "2024-01-01T00:00:00Z")
            + Gateway("web/b", Ingress, [Simple(443, "b.example.com", "cert-x")], created: "2024-01-02T00:00:00Z")
            + Gateway("web/c", Ingress, [Simple(443, "c.example.com", "cert-y")], created: "2024-01-03T00:00:00Z")
            + Gateway("web/d", Ingress, [Simple(443, "d.example.com", "cert-y")], created: "2024-01-04T00:00:00Z");

        var plan = Plan(yaml);

        Assert.Equal(["web/a#0,web/b#0", "web/c#0,web/d#0"], GroupServers(plan));
        Assert.Equal(
            Enumerable.Repeat("the same servers as a group merged above, on another gateway workload: that merge serves this one too", 2),
            plan.Skipped.Select(s => s.Reason));
    }

    /// <summary>The workloads of <see cref="A_group_that_shares_some_servers_with_a_group_merged_above_waits_for_a_rerun"/>
    /// with a second certificate, whose group is as large as istio-system's group of the first:
    /// being as large as a group merged above does not make a group the same servers.</summary>
    [Fact]
    public void A_group_as_large_as_another_certificates_group_is_not_the_same_servers()
    {
        var yaml = TwoWorkloads + Translates("istio-system", 80, 8443)
            + Gateway("web/e", Ingress, [Simple(8443, "e.example.com", "cert-y")], created: "2023-12-01T00:00:00Z")
            + Gateway("web/f", Ingress, [Simple(8443, "f.example.com", "cert-y")], created: "2023-12-02T00:00:00Z")
            + Gateway("web/a", Ingress, [Simple(8443, "a.example.com", "cert-x")], created: "2024-01-01T00:00:00Z")
            + Gateway("web/b", Ingress, [Simple(8443, "b.example.com", "cert-x")], created: "2024-01-02T00:00:00Z")
            + Gateway("web/d", Ingress, [Server(80, "d.example.com", "", "HTTP")], created: "2024-01-03T00:00:00Z")
            + Gateway("web/c", Ingress, [Simple(8443, "c.example.com", "cert-x")], created: "2024-01-04T00:00:00Z");

        var plan = Plan(yaml);

        Assert.Equal(["web/e#0,web/f#0", "web/a#0,web/b#0,web/c#0"], GroupServers(plan));
        Assert.Equal(
            ["the same servers as a group merged above, on another gateway workload: that merge serves this one too",
             "web/a server 0 is also in a group merged above; run merge again once this plan is applied"],
            plan.Skipped.Select(s => s.Reason));
    }

    /// <summary>Gateway pods in two namespaces behind one selector: two workloads, each resolving
    /// Secrets in its own namespace.</summary>
    private static readonly string TwoWorkloads =
        Pod("istio-system/ingress-1", Ingress, owner: "ingress-x", hash: "x") + Pod("edge/edge-1", Ingress, owner: "edge-e", hash: "e");

    private static string Translates(string ns, int port, int targetPort) =>
        $"---\napiVersion: v1\nkind: Service\nmetadata: {{name: ingress, namespace: {ns}}}\nspec:\n  selector: {{istio: ingressgateway}}\n  ports: [{{name: https, port: {port}, targetPort: {targetPort}}}]\n";

    private static string Ports(params string[] servers) =>
        $"the servers are on different Gateway ports ({string.Join("; ", servers)}), which a Service sends to one listener: merged, a host would move to the other port; give them one port first, or merge by hand";

    /// <summary>Situation, the Services in front of two gateway workloads behind one selector,
    /// the Gateway ports of a, b and c, the groups merged, and why the others are skipped.</summary>
    public static TheoryData<string, string, int[], string[], string[]> AcrossPorts => new()
    {
        {
            "a and c share 443 on edge; istio-system's Service sends 443 to 8443, where b listens: on 443 of edge merged, on istio-system b would move to 443 of edge",
            Translates("istio-system", 443, 8443), [443, 8443, 443], ["web/a#0,web/c#0"], [Ports("web/a server 0: 443", "web/b server 0: 8443", "web/c server 0: 443")]
        },
        {
            "each Service sends 443 to another server's port: no group on one Gateway port",
            Translates("edge", 443, 8443) + Translates("istio-system", 443, 9443), [443, 8443, 9443], [], [Ports("web/a server 0: 443", "web/b server 0: 8443"), Ports("web/a server 0: 443", "web/c server 0: 9443")]
        },
    };

    /// <summary>Gateways a, b, c (oldest first) share a Secret; the Services decide which of
    /// them meet on one listener of each workload.</summary>
    [Theory]
    [MemberData(nameof(AcrossPorts))]
    public void Servers_on_different_Gateway_ports_are_not_merged(string situation, string services, int[] ports, string[] groups, string[] reasons)
    {
        var yaml = TwoWorkloads + services
            + Gateway("web/a", Ingress, [Simple(ports[0], "a.example.com", "cert-x")], created: "2024-01-01T00:00:00Z")
            + Gateway("web/b", Ingress, [Simple(ports[1], "b.example.com", "cert-x")], created: "2024-01-02T00:00:00Z")
            + Gateway("web/c", Ingress, [Simple(ports[2], "c.example.com", "cert-x")], created: "2024-01-03T00:00:00Z");

        var plan = Plan(yaml);

        Assert.True(groups.SequenceEqual(GroupServers(plan)), situation);
        Assert.True(reasons.SequenceEqual(plan.Skipped.Select(s => s.Reason)), $"{situation}: {string.Join(" ; ", plan.Skipped.Select(s => s.Reason))}");
    }

    [Theory]
    [MemberData(nameof(Groups))]
    public void A_group_is_skipped_because(string situation, string yaml, string? reason)
    {
        var plan = Plan(yaml);

        var actual = plan.Skipped.Select(s => s.Reason).SingleOrDefault();
        Assert.True(reason == actual, $"{situation}: {actual}");
        Assert.Equal(reason is null ? 1 : 0, plan.Groups.Count);
    }

    /// <summary>On istio-system's workload a Service sends Gateway port 9443 to listener 8443,
    /// where web/h lists b.example.com before the group's servers: istiod skips web/b's server
    /// there, and would skip a merged server that listed b.example.com, with all its hosts. The
    /// group of all three (the edge workload's) waits; web/a and web/c, the group of
    /// istio-system's workload, merge.</summary>
    [Fact]
    public void A_host_listed_on_the_listener_through_another_Gateway_port_keeps_the_group_apart()
    {
        var yaml = TwoWorkloads + Translates("istio-system", 9443, 8443)
            + Gateway("web/h", Ingress, [Simple(9443, "b.example.com", "cert-h")], created: "2023-12-01T00:00:00Z")
            + Gateway("web/a", Ingress, [Simple(8443, "a.example.com", "cert-x")], created: "2024-01-01T00:00:00Z")
            + Gateway("web/b", Ingress, [Simple(8443, "b.example.com", "cert-x")], created: "2024-01-02T00:00:00Z")
            + Gateway("web/c", Ingress, [Simple(8443, "c.example.com", "cert-x")], created: "2024-01-03T00:00:00Z");

        var plan = Plan(yaml);

        Assert.Equal(["web/a#0,web/c#0"], GroupServers(plan));
        Assert.Equal(["b.example.com is also listed by web/h server 0 on this port, and istiod serves a host from one server only: resolve that DuplicateHost finding first"], plan.Skipped.Select(s => s.Reason));
    }

    /// <summary>On istio-system's workload a Service sends Gateway port 80 to listener 8443, where
    /// web/d's plain HTTP server makes istiod skip the newer web/c's: that workload's group is
    /// web/a and web/b, the edge workload's all three. The one merged first claims web/a.</summary>
    [Fact]
    public void A_group_that_shares_some_servers_with_a_group_merged_above_waits_for_a_rerun()
    {
        var yaml = TwoWorkloads + Translates("istio-system", 80, 8443)
            + Gateway("web/a", Ingress, [Simple(8443, "a.example.com", "cert-x")], created: "2024-01-01T00:00:00Z")
            + Gateway("web/b", Ingress, [Simple(8443, "b.example.com", "cert-x")], created: "2024-01-02T00:00:00Z")
            + Gateway("web/d", Ingress, [Server(80, "d.example.com", "", "HTTP")], created: "2024-01-03T00:00:00Z")
            + Gateway("web/c", Ingress, [Simple(8443, "c.example.com", "cert-x")], created: "2024-01-04T00:00:00Z");

        var plan = Plan(yaml);

        Assert.Equal(["web/a#0,web/b#0,web/c#0"], GroupServers(plan));
        Assert.Equal(["web/a server 0 is also in a group merged above; run merge again once this plan is applied"], plan.Skipped.Select(s => s.Reason));
    }
}
