using IstioTls.Plans.Merge;
using static IstioTls.Tests.Support.Manifests;
using static IstioTls.Tests.Support.Merging;

namespace IstioTls.Tests.Merge;

/// <summary>
/// The writes of a merge, in order, as <c>merge --dry-run</c> lists them: each row is a plan's
/// shape and its steps word for word (kind, object, what changes). The order is the safety of an
/// interrupted merge (see WriteOrder), and the words are what a reviewer approves.
/// </summary>
public class MergeStepsTests
{
    private const string Ingress = "istio=ingressgateway";

    private static string Two(string[] olderServers, string[] newerServers) =>
        Gateway("web/a", Ingress, olderServers, created: "2024-01-01T00:00:00Z") + Gateway("web/b", Ingress, newerServers, created: "2024-01-02T00:00:00Z");

    /// <summary>Situation, manifests, options ("", "wildcard" or "into=ns/name"), steps.</summary>
    public static TheoryData<string, string, string, string[]> Plans => new()
    {
        {
            "a Gateway that keeps two other servers loses one and is not deleted",
            Two([Simple(443, "a.example.com")], [Server(80, "b.example.com", "", "HTTP"), Simple(443, "b.example.com"), Server(81, "c.example.com", "", "HTTP")])
                + VirtualService("web/vs", "b.example.com", gateways: "b"),
            "",
            [
                "Bind: VirtualService web/vs: also name web/a",
                "Survivor: Gateway web/a: server 0 serves a.example.com, b.example.com",
                "Absorbed: Gateway web/b: remove server 1 (moved to web/a); keep 2 servers",
            ]
        },
        {
            "two groups: two servers move, one stays",
            Two([Simple(443, "a.example.com"), Simple(8443, "a.example.com", "admin")], [Server(80, "b.example.com", "", "HTTP"), Simple(443, "b.example.com"), Simple(8443, "b.example.com", "admin")]),
            "",
            [
                "Survivor: Gateway web/a: server 0 serves a.example.com, b.example.com; server 1 serves a.example.com, b.example.com",
                "Absorbed: Gateway web/b: remove servers 1, 2 (moved to web/a); keep 1 server",
            ]
        },
        {
            "servers of one Gateway: the first takes the others' hosts, which move nowhere else",
            Gateway("web/a", Ingress, [Simple(443, "a.example.com"), Simple(443, "b.example.com")]),
            "",
            ["Survivor: Gateway web/a: server 0 serves a.example.com, b.example.com; remove server 1"]
        },
        {
            "three servers of one Gateway",
            Gateway("web/a", Ingress, [Simple(443, "a.example.com"), Simple(443, "b.example.com"), Simple(443, "c.example.com")]),
            "",
            ["Survivor: Gateway web/a: server 0 serves a.example.com, b.example.com, c.example.com; remove servers 1, 2"]
        },
        {
            "--into a newer Gateway: its references to the older one are dropped only once it is deleted",
            Two([Simple(443, "a.example.com")], [Simple(443, "b.example.com")]) + VirtualService("web/va", "a.example.com", gateways: "a"),
            "into=web/b",
            [
                "Bind: VirtualService web/va: also name web/b",
                "Survivor: Gateway web/b: server 0 serves b.example.com, a.example.com",
                "Delete: Gateway web/a: delete (its servers moved to web/b)",
                "Unbind: VirtualService web/va: drop web/a (deleted)",
            ]
        },
        {
            "--wildcard across Gateways: the wildcard is the last write",
            Two([Simple(443, "a.example.com")], [Simple(443, "b.example.com")]) + VirtualService("web/vb", "b.example.com", gateways: "b"),
            "wildcard",
            [
                "Bind: VirtualService web/vb: also name web/a",
                "Survivor: Gateway web/a: server 0 serves a.example.com, b.example.com",
                "Unbind: VirtualService web/vb: drop web/b (to be deleted)",
                "Delete: Gateway web/b: delete (its servers moved to web/a)",
                "Wildcard: Gateway web/a: server 0 serves *.example.com",
            ]
        },
        {
            "--wildcard within one Gateway: written at once",
            Gateway("web/a", Ingress, [Simple(443, "a.example.com"), Simple(443, "b.example.com")]),
            "wildcard",
            ["Survivor: Gateway web/a: server 0 serves *.example.com; remove server 1"]
        },
        {
            "--wildcard on a survivor that also loses a server: the wildcard write names only the merged server",
            Two([Simple(443, "a.example.com"), Simple(443, "b.example.com")], [Simple(443, "c.example.com")]),
            "wildcard",
            [
                "Survivor: Gateway web/a: server 0 serves a.example.com, b.example.com, c.example.com; remove server 1",
                "Delete: Gateway web/b: delete (its servers moved to web/a)",
                "Wildcard: Gateway web/a: server 0 serves *.example.com",
            ]
        },
        {
            "a survivor that gives two servers to an older one sheds both before a VirtualService names it",
            Gateway("web/a", Ingress, [Simple(443, "a.example.com", "cert-x"), Simple(9443, "a.example.com", "cert-z")], created: "2024-01-01T00:00:00Z")
                + Gateway("web/c", Ingress, [Simple(443, "c.example.com", "cert-x"), Simple(9443, "c.example.com", "cert-z"), Simple(8443, "c.example.com", "cert-y")], created: "2024-02-01T00:00:00Z")
                + Gateway("web/d", Ingress, [Simple(8443, "d.example.com", "cert-y")], created: "2024-03-01T00:00:00Z")
                + VirtualService("web/vd", "d.example.com", gateways: "d"),
            "",
            [
                "Survivor: Gateway web/a: server 0 serves a.example.com, c.example.com; server 1 serves a.example.com, c.example.com",
                "Absorbed: Gateway web/c: remove servers 0, 1 (moved to web/a) before it gets its merged server",
                "Bind: VirtualService web/vd: also name web/c",
                "Survivor: Gateway web/c: server 2 serves c.example.com, d.example.com",
                "Unbind: VirtualService web/vd: drop web/d (to be deleted)",
                "Delete: Gateway web/d: delete (its servers moved to web/c)",
            ]
        },
        {
            "one VirtualService bound in two rounds: the survivor it names in the second still sheds first",
            Gateway("web/a", Ingress, [Simple(443, "a.example.com", "cert-x")], created: "2024-01-01T00:00:00Z")
                + Gateway("web/c", Ingress, [Simple(443, "c.example.com", "cert-x"), Simple(8443, "c.example.com", "cert-y")], created: "2024-02-01T00:00:00Z")
                + Gateway("web/d", Ingress, [Simple(8443, "d.example.com", "cert-y")], created: "2024-03-01T00:00:00Z")
                + Gateway("web/x", Ingress, [Simple(443, "x.example.com", "cert-x")], created: "2024-04-01T00:00:00Z")
                + VirtualService("web/vs", "d.example.com,x.example.com", gateways: "x,d"),
            "",
            [
                "Bind: VirtualService web/vs: also name web/a",
                "Survivor: Gateway web/a: server 0 serves a.example.com, c.example.com, x.example.com",
                "Absorbed: Gateway web/c: remove server 0 (moved to web/a) before it gets its merged server",
                "Bind: VirtualService web/vs: also name web/c",
                "Survivor: Gateway web/c: server 1 serves c.example.com, d.example.com",
                "Unbind: VirtualService web/vs: drop web/x, web/d (to be deleted)",
                "Delete: Gateway web/d: delete (its servers moved to web/c)",
                "Delete: Gateway web/x: delete (its servers moved to web/a)",
            ]
        },
        {
            "independent groups: survivors oldest first, then the other Gateways oldest first",
            Gateway("web/a", Ingress, [Simple(443, "a.example.com", "cert-x")], created: "2024-01-01T00:00:00Z")
                + Gateway("web/c", Ingress, [Simple(8443, "c.example.com", "cert-y")], created: "2024-02-01T00:00:00Z")
                + Gateway("web/b", Ingress, [Simple(443, "b.example.com", "cert-x"), Server(80, "b.example.com", "", "HTTP")], created: "2024-03-01T00:00:00Z")
                + Gateway("web/d", Ingress, [Simple(8443, "d.example.com", "cert-y"), Server(81, "d.example.com", "", "HTTP")], created: "2024-04-01T00:00:00Z"),
            "",
            [
                "Survivor: Gateway web/a: server 0 serves a.example.com, b.example.com",
                "Survivor: Gateway web/c: server 0 serves c.example.com, d.example.com",
                "Absorbed: Gateway web/b: remove server 0 (moved to web/a); keep 1 server",
                "Absorbed: Gateway web/d: remove server 0 (moved to web/c); keep 1 server",
            ]
        },
        {
            "--wildcard where only one of a survivor's two merged servers can take one",
            Two([Simple(443, "a.example.com", "cert-x"), Simple(8443, "a.example.org", "cert-y")], [Simple(443, "b.example.com", "cert-x"), Simple(8443, "b.other.org", "cert-y")]),
            "wildcard",
            [
                "Survivor: Gateway web/a: server 0 serves a.example.com, b.example.com; server 1 serves a.example.org, b.other.org",
                "Delete: Gateway web/b: delete (its servers moved to web/a)",
                "Wildcard: Gateway web/a: server 0 serves *.example.com; server 1 serves a.example.org, b.other.org",
            ]
        },
        {
            "a Gateway whose servers go to two survivors",
            MergeExecutorTests.OneGatewayGivesToTwoSurvivors,
            "",
            [
                "Bind: VirtualService web/vs1: also name istio-system/gw2",
                "Survivor: Gateway istio-system/gw2: server 0 serves z.example.com, q.example.com, y.example.com",
                "Absorbed: Gateway shop/gw3: remove server 1 (moved to istio-system/gw2) before it gets its merged server",
                "Bind: VirtualService web/vs1: also name shop/gw3",
                "Survivor: Gateway shop/gw3: server 0 serves v.example.com, x.example.com",
                "Unbind: VirtualService web/vs1: drop web/gw4 (to be deleted)",
                "Delete: Gateway web/gw4: delete (its servers moved to istio-system/gw2, shop/gw3)",
            ]
        },
        {
            "a survivor that gives two servers to two older survivors",
            Gateway("web/a", Ingress, [Simple(443, "a.example.com", "cert-x")], created: "2024-01-01T00:00:00Z")
                + Gateway("web/b", Ingress, [Simple(8443, "b.example.com", "cert-y")], created: "2024-01-02T00:00:00Z")
                + Gateway("web/s", Ingress, [Simple(443, "s.example.com", "cert-x"), Simple(8443, "s.example.org", "cert-y"), Simple(9443, "s.example.net", "cert-z")], created: "2024-01-03T00:00:00Z")
                + Gateway("web/t", Ingress, [Simple(9443, "t.example.net", "cert-z")], created: "2024-01-04T00:00:00Z")
                + VirtualService("web/vs", "t.example.net", gateways: "t"),
            "",
            [
                "Survivor: Gateway web/a: server 0 serves a.example.com, s.example.com",
                "Survivor: Gateway web/b: server 0 serves b.example.com, s.example.org",
                "Absorbed: Gateway web/s: remove servers 0, 1 (moved to web/a, web/b) before it gets its merged server",
                "Bind: VirtualService web/vs: also name web/s",
                "Survivor: Gateway web/s: server 2 serves s.example.net, t.example.net",
                "Unbind: VirtualService web/vs: drop web/t (to be deleted)",
                "Delete: Gateway web/t: delete (its servers moved to web/s)",
            ]
        },
        {
            "--into a Gateway newer than one that gives to it: three rounds, though istiod's order would put the giver first",
            Gateway("web/s", Ingress, [Simple(443, "s.example.com", "cert-a"), Simple(8443, "s.example.org", "cert-b")], created: "2024-01-01T00:00:00Z")
                + Gateway("web/o", Ingress, [Simple(8443, "o.example.org", "cert-b"), Simple(9443, "o.example.net", "cert-c")], created: "2024-02-01T00:00:00Z")
                + Gateway("web/x", Ingress, [Simple(9443, "x.example.net", "cert-c")], created: "2024-03-01T00:00:00Z")
                + Gateway("web/t", Ingress, [Simple(443, "t.example.com", "cert-a")], created: "2024-04-01T00:00:00Z"),
            "into=web/t",
            [
                "Survivor: Gateway web/t: server 0 serves t.example.com, s.example.com",
                "Survivor: Gateway web/s: server 1 serves s.example.org, o.example.org; remove server 0 (moved to web/t)",
                "Survivor: Gateway web/o: server 1 serves o.example.net, x.example.net; remove server 0 (moved to web/s)",
                "Delete: Gateway web/x: delete (its servers moved to web/o)",
            ]
        },
        {
            "a Gateway that gives servers to two survivors and keeps one: one write names both, and its own write says where they went",
            Gateway("web/a", Ingress, [Simple(443, "a.example.com", "cert-x")], created: "2024-01-01T00:00:00Z")
                + Gateway("web/c", Ingress, [Simple(8443, "c.example.com", "cert-y")], created: "2024-01-02T00:00:00Z")
                + Gateway("web/b", Ingress, [Simple(443, "b.example.com", "cert-x"), Simple(8443, "b.example.com", "cert-y"), Server(80, "b.example.com", "", "HTTP")], created: "2024-01-03T00:00:00Z")
                + VirtualService("web/vb", "b.example.com", gateways: "b"),
            "",
            [
                "Bind: VirtualService web/vb: also name web/a, web/c",
                "Survivor: Gateway web/a: server 0 serves a.example.com, b.example.com",
                "Survivor: Gateway web/c: server 0 serves c.example.com, b.example.com",
                "Absorbed: Gateway web/b: remove servers 0, 1 (moved to web/a, web/c); keep 1 server",
            ]
        },
        {
            // istiod compares hosts as written: A.example.com does not take a.example.com, but
            // b.example.com alone makes istiod skip web/b's server once web/a lists it.
            "a newer server with a host the survivor lists in other letters, and another host: skipped once the survivor is written",
            Two([Simple(443, "A.example.com")], [Simple(443, "a.example.com,b.example.com")]) + VirtualService("web/vb", "b.example.com", gateways: "b"),
            "",
            [
                "Bind: VirtualService web/vb: also name web/a",
                "Survivor: Gateway web/a: server 0 serves A.example.com, b.example.com",
                "Unbind: VirtualService web/vb: drop web/b (to be deleted)",
                "Delete: Gateway web/b: delete (its servers moved to web/a)",
            ]
        },
        {
            // The merged server writes A.example.com once, and istiod compares hosts as written:
            // it keeps serving web/b's a.example.com until web/b is deleted.
            "a newer server whose only host the survivor lists in other letters: still served, its name dropped after the delete",
            Two([Simple(443, "A.example.com")], [Simple(443, "a.example.com")])
                + Gateway("web/c", Ingress, [Simple(443, "c.example.com")], created: "2024-01-03T00:00:00Z")
                + VirtualService("web/vb", "a.example.com", gateways: "b"),
            "",
            [
                "Bind: VirtualService web/vb: also name web/a",
                "Survivor: Gateway web/a: server 0 serves A.example.com, c.example.com",
                "Delete: Gateway web/b: delete (its servers moved to web/a)",
                "Delete: Gateway web/c: delete (its servers moved to web/a)",
                "Unbind: VirtualService web/vb: drop web/b (deleted)",
            ]
        },
        {
            "--into the middle Gateway, a VirtualService naming an older and a newer one: dropped after the deletes, as istiod serves the older until then",
            Two([Simple(443, "a.example.com")], [Simple(443, "b.example.com")])
                + Gateway("web/c", Ingress, [Simple(443, "c.example.com")], created: "2024-01-03T00:00:00Z")
                + VirtualService("web/vs", "a.example.com,c.example.com", gateways: "a,c"),
            "into=web/b",
            [
                "Bind: VirtualService web/vs: also name web/b",
                "Survivor: Gateway web/b: server 0 serves b.example.com, a.example.com, c.example.com",
                "Delete: Gateway web/a: delete (its servers moved to web/b)",
                "Delete: Gateway web/c: delete (its servers moved to web/b)",
                "Unbind: VirtualService web/vs: drop web/a, web/c (deleted)",
            ]
        },
        {
            "--wildcard, run again after the survivor was written: the survivor is not written again",
            Two([Simple(443, "a.example.com,b.example.com")], [Simple(443, "b.example.com")]),
            "wildcard",
            [
                "Delete: Gateway web/b: delete (its servers moved to web/a)",
                "Wildcard: Gateway web/a: server 0 serves *.example.com",
            ]
        },
        {
            // In the first round web/d has no survivor yet: its two names stay as written, and
            // the VirtualService is not written until web/c is named.
            "a VirtualService that names a Gateway twice, whose survivor comes in the second round",
            Gateway("web/a", Ingress, [Simple(443, "a.example.com", "cert-x")], created: "2024-01-01T00:00:00Z")
                + Gateway("web/c", Ingress, [Simple(443, "c.example.com", "cert-x"), Simple(8443, "c.example.com", "cert-y")], created: "2024-02-01T00:00:00Z")
                + Gateway("web/d", Ingress, [Simple(8443, "d.example.com", "cert-y")], created: "2024-03-01T00:00:00Z")
                + VirtualService("web/vd", "d.example.com", gateways: "d,web/d"),
            "",
            [
                "Survivor: Gateway web/a: server 0 serves a.example.com, c.example.com",
                "Absorbed: Gateway web/c: remove server 0 (moved to web/a) before it gets its merged server",
                "Bind: VirtualService web/vd: also name web/c",
                "Survivor: Gateway web/c: server 1 serves c.example.com, d.example.com",
                "Unbind: VirtualService web/vd: drop web/d (to be deleted)",
                "Delete: Gateway web/d: delete (its servers moved to web/c)",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Plans))]
    public void The_steps_of_a_merge(string situation, string yaml, string options, string[] expected)
    {
        var plan = Plan(yaml, options switch
        {
            "wildcard" => new MergeOptions { Wildcard = true },
            _ when options.StartsWith("into=", StringComparison.Ordinal) => new MergeOptions { Into = new(options[5..].Split('/')[0], options[5..].Split('/')[1]) },
            _ => null,
        });

        var actual = plan.Steps.Select(s => $"{s.Kind}: {s.Description}").ToList();
        Assert.True(expected.SequenceEqual(actual), $"{situation}:\n{string.Join("\n", actual)}");
    }

    /// <summary>What each Gateway write holds: the hosts of every server it leaves, so that the
    /// body and the description of a step cannot drift apart.</summary>
    [Fact]
    public void Each_Gateway_write_holds_the_servers_its_step_describes()
    {
        static string Servers(PlanStep step) => string.Join(" | ", step.Body!["spec"]!["servers"]!.AsArray().Select(s => $"{s!["port"]!["number"]}: {string.Join(",", s["hosts"]!.AsArray().Select(h => (string)h!))}"));
        static IEnumerable<string> GatewayWrites(MergePlan plan) =>
            plan.Steps.Where(s => s.Target.Kind == "Gateway" && s.Body is not null).Select(s => $"{s.Kind} {s.Target.Namespace}/{s.Target.Name} {Servers(s)}");

        var chain = Plan(MergePlannerTests.ChainOfSurvivors);
        var wildcard = Plan(Two([Simple(443, "a.example.com")], [Simple(443, "b.example.com")]), new MergeOptions { Wildcard = true });

        Assert.Equal(
            ["Survivor web/a 443: a.example.com,c.example.com", "Absorbed web/c 8443: c.example.com", "Survivor web/c 8443: c.example.com,d.example.com"],
            GatewayWrites(chain));
        Assert.Equal(
            ["Survivor web/a 443: a.example.com,b.example.com", "Wildcard web/a 443: *.example.com"],
            GatewayWrites(wildcard));
    }

    /// <summary>The wildcard write tells a stopped merge which groups a re-run still sees: one
    /// entry per merged server that gets its wildcard, in the order of the servers, as its
    /// description lists them.</summary>
    [Fact]
    public void The_wildcard_write_names_each_merged_servers_gateways_in_server_order()
    {
        var yaml = Two([Simple(8443, "a.example.org", "cert-y"), Simple(443, "a.example.com", "cert-x")], [Simple(443, "b.example.com", "cert-x")])
            + Gateway("web/c", Ingress, [Simple(8443, "c.example.org", "cert-y")], created: "2024-01-03T00:00:00Z");

        var step = Plan(yaml, new MergeOptions { Wildcard = true }).Steps.Single(s => s.Kind == StepKind.Wildcard);

        Assert.Equal("Gateway web/a: server 0 serves *.example.org; server 1 serves *.example.com", step.Description);
        Assert.Equal(["web/a,web/c", "web/a,web/b"], step.WildcardGroups.Select(g => string.Join(",", g)));
    }
}
