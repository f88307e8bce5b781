using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IstioTls.Analysis.Misdirected;
using IstioTls.CommandLine;
using IstioTls.Plans;
using IstioTls.Plans.Misdirected;
using IstioTls.Tests.Support;
using static IstioTls.Tests.Support.Manifests;
using static IstioTls.Tests.Support.MisdirectedFixtures;

namespace IstioTls.Tests.Misdirected;

/// <summary>
/// The EnvoyFilter against the rules Istio checks without a cluster (istioctl validate and
/// istiod's EnvoyFilter handling), and where it goes: which workloads, which namespace.
/// </summary>
public class EnvoyFilterTests
{
    private static readonly string Examples = string.Concat(Directory.EnumerateFiles(Repo.Examples, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(File.ReadAllText).Select(y => "---\n" + y + "\n"));

    public static TheoryData<MisdirectedMode> Modes => new() { MisdirectedMode.Strict, MisdirectedMode.Precise };

    [Theory]
    [MemberData(nameof(Modes))]
    public void Every_filter_follows_istios_rules(MisdirectedMode mode)
    {
        var plan = Plan(Examples, new Apply421Options { Mode = mode, All = true });

        Assert.NotEmpty(plan.Filters);
        foreach (var filter in plan.Filters.Select(f => f.Object))
        {
            Assert.Equal("networking.istio.io/v1alpha3", (string)filter["apiVersion"]!);
            Assert.Equal("EnvoyFilter", (string)filter["kind"]!);
            var name = (string)filter["metadata"]!["name"]!;
            Assert.Matches(new Regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"), name);
            Assert.True(name.Length <= 63, name);
            Assert.Equal("kubectl-istio-tls", (string)filter["metadata"]!["labels"]!["app.kubernetes.io/managed-by"]!);
            Assert.Equal(mode.ToName(), (string)filter["metadata"]!["labels"]!["istio-tls.io/misdirected"]!);
            Assert.NotEmpty(filter["spec"]!["workloadSelector"]!["labels"]!.AsObject());
            Assert.Null(filter["spec"]!["targetRefs"]);
            var patches = Patches(filter);
            Assert.NotEmpty(patches);
            foreach (var patch in patches)
            {
                Assert.Equal("HTTP_FILTER", (string)patch["applyTo"]!);
                Assert.Equal("GATEWAY", (string)patch["match"]!["context"]!);
                Assert.Equal("envoy.filters.network.http_connection_manager", (string)patch["match"]!["listener"]!["filterChain"]!["filter"]!["name"]!);
                Assert.Null(patch["match"]!["listener"]!["filterChain"]!["filter"]!["subFilter"]);
                Assert.Equal("INSERT_FIRST", (string)patch["patch"]!["operation"]!);
                Assert.Equal("istio-tls.misdirected", (string)patch["patch"]!["value"]!["name"]!);
                var typed = patch["patch"]!["value"]!["typed_config"]!;
                Assert.Equal("type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua", (string)typed["@type"]!);
                Assert.Contains("function envoy_on_request(request_handle)", (string)typed["default_source_code"]!["inline_string"]!, StringComparison.Ordinal);
                Assert.Null(typed["inline_code"]);
                Assert.Null(typed["inlineCode"]);
                Assert.Equal(mode == MisdirectedMode.Precise, patch["match"]!["listener"]!["portNumber"] is not null);
            }
        }
    }

    [Fact]
    public void Precise_mode_has_one_patch_per_port_with_two_servers_and_the_host_table_hash()
    {
        var manifests = Gateway("web/a", Ingress, [Simple(443, "a.example.com"), Simple(8443, "admin.example.com"), Simple(9443, "solo.example.com")])
            + Gateway("web/b", Ingress, [Simple(443, "b.example.com"), Simple(8443, "ops.example.com")]);

        var filter = Assert.Single(Plan(manifests, new Apply421Options { Mode = MisdirectedMode.Precise, TargetPorts = new Dictionary<int, int> { [443] = 8443, [8443] = 8443, [9443] = 9443 } }).Filters);

        Assert.Equal([8443, 8443], Patches(filter.Object).Select(p => (int)p["match"]!["listener"]!["portNumber"]!));
        Assert.Contains("{\"a.example.com\"}", Lua(filter, 0), StringComparison.Ordinal);
        Assert.Contains("{\"admin.example.com\"}", Lua(filter, 1), StringComparison.Ordinal);
        Assert.DoesNotContain("solo.example.com", filter.Object.ToJsonString(), StringComparison.Ordinal);
        var table = HostTable.Of(WorkloadGateways.Merged(Snapshot(manifests), Model.LabelSet.Of(("istio", "ingressgateway")), "istio-system"));
        Assert.Equal(table.Hash, (string)filter.Object["metadata"]!["annotations"]!["istio-tls.io/host-table"]!);
    }

    [Fact]
    public void Strict_mode_has_one_patch_for_every_listener_and_no_host_table()
    {
        var filter = Assert.Single(Plan(File.ReadAllText(Path.Combine(Repo.Examples, "seed", "error-1-two-gateways.yaml"))).Filters);

        var patch = Assert.Single(Patches(filter.Object));
        Assert.Null(patch["match"]!["listener"]!["portNumber"]);
        Assert.Null(filter.Object["metadata"]!["annotations"]);
        Assert.DoesNotContain("asm1", filter.Object.ToJsonString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, Apply421Options, string[]> Targets => new()
    {
        // situation, manifests, options, "namespace/name selector" of each filter
        {
            "only the workloads check finds at risk",
            Gateway("web/a", Ingress, [Simple(443, "a.example.com")]) + Gateway("web/b", Ingress, [Simple(443, "b.example.com")])
                + Gateway("web/safe", "istio=other", [Simple(443, "c.example.com")]),
            new Apply421Options(),
            ["web/istio-tls-421-istio-ingressgateway istio=ingressgateway"]
        },
        {
            "--all: every workload that terminates TLS, not one with plain HTTP only",
            Gateway("web/a", Ingress, [Simple(443, "a.example.com")]) + Gateway("web/safe", "istio=other", [Simple(443, "c.example.com")])
                + Gateway("web/http", "istio=plain", [Server(80, "d.example.com", "", protocol: "HTTP")]),
            new Apply421Options { All = true },
            ["web/istio-tls-421-istio-ingressgateway istio=ingressgateway", "web/istio-tls-421-istio-other istio=other"]
        },
        {
            "a suppressed finding gets no filter",
            Gateway("web/a", Ingress, [Simple(443, "a.example.com")], ignore: "SharedCertificate") + Gateway("web/b", Ingress, [Simple(443, "b.example.com")]),
            new Apply421Options(),
            []
        },
        {
            "the namespace of the workload's pods, not of the Gateways",
            Gateway("web/a", Ingress, [Simple(443, "a.example.com")]) + Gateway("shop/b", Ingress, [Simple(443, "b.example.com")])
                + Deployment("gateways/ingress", "istio=ingressgateway,app=ingress"),
            new Apply421Options(),
            ["gateways/istio-tls-421-istio-ingressgateway istio=ingressgateway"]
        },
        {
            "without pods: the namespace of the oldest Gateway, not the root namespace",
            Gateway("web/new", Ingress, [Simple(443, "a.example.com")], created: "2024-05-01T00:00:00Z") + Gateway("shop/old", Ingress, [Simple(443, "b.example.com")], created: "2023-01-01T00:00:00Z"),
            new Apply421Options(),
            ["shop/istio-tls-421-istio-ingressgateway istio=ingressgateway"]
        },
        {
            "--namespace places a workload whose pods nothing tells",
            Gateway("web/a", Ingress, [Simple(443, "a.example.com")]) + Gateway("web/b", Ingress, [Simple(443, "b.example.com")]),
            new Apply421Options { Namespace = "istio-ingress" },
            ["istio-ingress/istio-tls-421-istio-ingressgateway istio=ingressgateway"]
        },
        {
            "--namespace leaves out a workload whose pods run elsewhere",
            Gateway("web/a", Ingress, [Simple(443, "a.example.com")]) + Gateway("web/b", Ingress, [Simple(443, "b.example.com")])
                + Deployment("gateways/ingress", "istio=ingressgateway"),
            new Apply421Options { Namespace = "istio-ingress" },
            []
        },
        {
            "the narrowest selector that reaches the workload",
            Gateway("web/a", Ingress, [Simple(443, "a.example.com")]) + Gateway("web/b", "app=ingress", [Simple(443, "b.example.com")])
                + Deployment("gateways/ingress", "istio=ingressgateway,app=ingress") + Deployment("gateways/other", "istio=ingressgateway,app=other"),
            new Apply421Options(),
            ["gateways/istio-tls-421-app-ingress app=ingress"]
        },
        {
            "--selector and --namespace: exactly that workload",
            Gateway("web/a", Ingress, [Simple(443, "a.example.com")]),
            new Apply421Options { Selector = LabelsOf("istio=ingressgateway,app=edge"), Namespace = "edge" },
            ["edge/istio-tls-421-app-edge-istio-ingressgateway app=edge,istio=ingressgateway"]
        },
        {
            // A Gateway without selector reaches istio=other too, but the finding's other server does not.
            "a finding shared with a Gateway without selector is not on the other workloads it reaches",
            Gateway("web/all", "", [Simple(443, "u.example.com", "shared")]) + Gateway("web/a", Ingress, [Simple(443, "a.example.com", "shared")])
                + Gateway("web/b", "istio=other", [Simple(443, "b.example.com", "own")]),
            new Apply421Options(),
            ["web/istio-tls-421-istio-ingressgateway istio=ingressgateway"]
        },
        {
            // One workload per namespace, the same Gateways: the Service in two puts ports 443 and
            // 8443 on one listener there; in one they stay two listeners, and nothing is shared.
            "a finding of one workload is not on another workload that the same Gateways reach",
            Gateway("web/a", Ingress, [Simple(443, "a.example.com", "shared")]) + Gateway("web/b", Ingress, [Simple(8443, "b.example.com", "shared")])
                + Deployment("one/ingress", Ingress) + Deployment("two/ingress", Ingress) + OneListenerService,
            new Apply421Options(),
            ["two/istio-tls-421-istio-ingressgateway istio=ingressgateway"]
        },
        {
            "--all: the filters in the order of their namespace and name, not of their selectors",
            Gateway("web/a", Ingress, [Simple(443, "a.example.com")]) + Gateway("web/b", "istio-rev=canary", [Simple(443, "b.example.com")]),
            new Apply421Options { All = true },
            ["web/istio-tls-421-istio-ingressgateway istio=ingressgateway", "web/istio-tls-421-istio-rev-canary istio-rev=canary"]
        },
        {
            "--selector without pods: the namespace of the oldest Gateway that selects them, not of an older one that selects others",
            Gateway("old/x", "istio=other", [Simple(443, "x.example.com")], created: "2023-01-01T00:00:00Z") + Gateway("web/a", Ingress, [Simple(443, "a.example.com")], created: "2024-01-01T00:00:00Z"),
            new Apply421Options { Selector = LabelsOf("istio=ingressgateway") },
            ["web/istio-tls-421-istio-ingressgateway istio=ingressgateway"]
        },
        {
            "--selector: the namespace of the pods it selects",
            Gateway("web/a", Ingress, [Simple(443, "a.example.com")]) + Pod("gateways/ingress-1", "istio=ingressgateway"),
            new Apply421Options { Selector = LabelsOf("istio=ingressgateway") },
            ["gateways/istio-tls-421-istio-ingressgateway istio=ingressgateway"]
        },
    };

    private const string OneListenerService = """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: ingress, namespace: two}
        spec:
          selector: {istio: ingressgateway}
          ports:
          - {name: https, port: 443, targetPort: 8443}
          - {name: https-admin, port: 8443, targetPort: 8443}

        """;

    public static TheoryData<string> TargetSituations => NamedRows.Names(Targets);

    [Theory]
    [MemberData(nameof(TargetSituations))]
    public void Filters_go_to_the_workloads_at_risk_in_their_namespace(string situation)
    {
        var (manifests, options, expected) = NamedRows.Row<string, Apply421Options, string[]>(Targets, situation);
        var plan = Plan(manifests, options);

        var actual = plan.Filters.Select(f => $"{f.Ref.Namespace}/{f.Ref.Name} {f.Target.Selector}").ToList();
        Assert.True(expected.SequenceEqual(actual), $"{situation}: {string.Join("; ", actual)}");
        Assert.All(plan.Filters, f => Assert.Equal(f.Ref.Namespace, (string)f.Object["metadata"]!["namespace"]!));
        Assert.All(plan.Filters, f => Assert.Equal(f.Target.Selector.ToString(), string.Join(',', f.Object["spec"]!["workloadSelector"]!["labels"]!.AsObject().Select(p => $"{p.Key}={p.Value}"))));
    }

    [Fact]
    public void Gateways_without_selector_get_a_note_not_a_mesh_wide_filter()
    {
        var plan = Plan(Gateway("web/a", "", [Simple(443, "a.example.com")]) + Gateway("web/b", "", [Simple(443, "b.example.com")]));

        Assert.Empty(plan.Filters);
        Assert.Contains(plan.Notes, n => n.Contains("Gateways without selector (web/a, web/b)", StringComparison.Ordinal) && n.Contains("--selector", StringComparison.Ordinal));
    }

    /// <summary>A strict filter placed where no finding of check is carries the annotation that
    /// tells check it is there on purpose; one on a workload at risk does not.</summary>
    public static TheoryData<string, string, string, string, bool> Deliberate => new()
    {
        // situation, manifests, --selector, --namespace, annotated as deliberate
        {
            "nothing is shared anywhere",
            Gateway("web/a", Ingress, [Simple(443, "a.example.com", "one")]) + Gateway("web/b", Ingress, [Simple(443, "b.example.com", "two")]),
            Ingress, "web", true
        },
        {
            "the workload at risk, beside another workload at risk",
            Gateway("web/a", Ingress, [Simple(443, "a.example.com")]) + Gateway("web/b", Ingress, [Simple(443, "b.example.com")])
                + Gateway("web/c", "istio=other", [Simple(443, "c.example.com")]) + Gateway("web/d", "istio=other", [Simple(443, "d.example.com")]),
            Ingress, "web", false
        },
        {
            // The Gateway without selector reaches istio=other too; the finding's other server does not.
            "a workload that reaches only some servers of a finding",
            Gateway("web/all", "", [Simple(443, "u.example.com", "shared")]) + Gateway("web/a", Ingress, [Simple(443, "a.example.com", "shared")]),
            "istio=other", "web", true
        },
    };

    [Theory]
    [MemberData(nameof(Deliberate))]
    public void A_filter_for_a_selector_says_whether_it_is_deliberate(string situation, string manifests, string selector, string ns, bool deliberate)
    {
        var filter = Assert.Single(Plan(manifests, new Apply421Options { Selector = LabelsOf(selector), Namespace = ns }).Filters).Object;

        var annotation = (string?)filter["metadata"]!["annotations"]?[Analysis.Suppression.Annotation];
        Assert.True((deliberate ? Analysis.FindingCodes.UnneededMisdirectedFilter : null) == annotation, $"{situation}: {annotation}");
    }

    [Fact]
    public void A_selector_that_nothing_places_needs_namespace()
    {
        var manifests = Gateway("web/a", Ingress, [Simple(443, "a.example.com")]);

        var e = Assert.Throws<PlanException>(() => Plan(manifests, new Apply421Options { Selector = LabelsOf("app=nothing") }));
        Assert.Equal("no Pod, Deployment or Gateway tells the namespace of the gateway pods with labels app=nothing: give --namespace", e.Message);
    }

    [Fact]
    public void A_selector_whose_pods_run_in_two_namespaces_needs_namespace()
    {
        var manifests = Gateway("web/a", Ingress, [Simple(443, "a.example.com")]) + Pod("one/p", "istio=ingressgateway") + Pod("two/p", "istio=ingressgateway");

        var e = Assert.Throws<PlanException>(() => Plan(manifests, new Apply421Options { Selector = LabelsOf(Ingress) }));
        Assert.Equal("gateway pods with labels istio=ingressgateway run in namespaces one, two: give --namespace", e.Message);
    }

    [Fact]
    public void Nothing_at_risk_says_so()
    {
        var plan = Plan(File.ReadAllText(Path.Combine(Repo.Examples, "seed", "merged.yaml")));

        Assert.Empty(plan.Filters);
        Assert.Contains(plan.Notes, n => n.Contains("nothing to do", StringComparison.Ordinal));
    }

    [Fact]
    public void Precise_mode_stops_when_the_listener_port_is_not_known_and_takes_it_from_the_Service_or_the_flag()
    {
        var seed = File.ReadAllText(Path.Combine(Repo.Examples, "seed", "error-1-two-gateways.yaml"));

        var unknown = Assert.Throws<PlanException>(() => PlanAsGiven(seed, new Apply421Options { Mode = MisdirectedMode.Precise }));
        var mapped = Plan(seed, new Apply421Options { Mode = MisdirectedMode.Precise, TargetPorts = new Dictionary<int, int> { [443] = 8443 } });
        var resolved = Plan(seed + "\n" + Manifests.IngressService, new Apply421Options { Mode = MisdirectedMode.Precise });

        Assert.Contains("port 443: the port Envoy listens on is not known", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("--target-port 443=TARGETPORT", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(8443, (int)Patches(mapped.Filters[0].Object)[0]["match"]!["listener"]!["portNumber"]!);
        Assert.Equal(8443, (int)Patches(resolved.Filters[0].Object)[0]["match"]!["listener"]!["portNumber"]!);
    }

    public static TheoryData<string, string> Names => new()
    {
        { "istio=ingressgateway", "istio-tls-421-istio-ingressgateway" },
        { "app=edge,istio=ingressgateway", "istio-tls-421-app-edge-istio-ingressgateway" },
        { "app.kubernetes.io/name=Gateway", "istio-tls-421-app-kubernetes-io-name-gateway-" },
        { "app.kubernetes.io/name=gateway", "istio-tls-421-app-kubernetes-io-name-gateway-" },
        { "istio=a-very-long-gateway-name-that-does-not-fit-in-a-label-at-all", "istio-tls-421-istio-a-very-long-gateway-name-that-do-" },
        { "gateway.networking.k8s.io/gateway-name=a-very-long-gateway-api-gateway-name-near-63", "istio-tls-421-a-very-long-gateway-api-gateway-name-nea" },
        { "gateway.networking.k8s.io/gateway-name=Store", "istio-tls-421-store-" },
    };

    [Theory]
    [InlineData("gateway.networking.k8s.io/gateway-name=store", "istio-tls-421-store")]
    [InlineData("istio=ingressgateway", "istio-tls-421-istio-ingressgateway")]
    public void A_gateway_api_gateway_names_its_filter_after_the_gateway(string selector, string expected) =>
        Assert.Equal(expected, FilterNames.For(LabelsOf(selector)));

    [Fact]
    public void A_gateway_api_gateway_named_as_another_selector_reads_gives_both_filters_hashed_names()
    {
        // A Gateway API Gateway called istio-ingressgateway beside istio=ingressgateway, in one namespace.
        var manifests = Gateway("istio-system/classic", "istio=ingressgateway", [Simple(443, "a.example.com", "shared"), Simple(443, "b.example.com", "shared")])
            + GatewayApi("istio-system/istio-ingressgateway", [Listener("a", 443, "c.example.com", certificates: ["shared"]), Listener("b", 443, "d.example.com", certificates: ["shared"])]);

        var names = Plan(manifests, new Apply421Options { All = true }).Filters.Select(f => (string)f.Object["metadata"]!["name"]!).ToList();

        Assert.Equal(2, names.Count);
        Assert.Equal(2, names.Distinct().Count());
        Assert.All(names, n => Assert.Matches(new Regex("^istio-tls-421-istio-ingressgateway-[0-9a-f]{10}$"), n));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Names_are_dns_labels_and_differ_for_different_selectors(string selector, string prefix)
    {
        var name = FilterNames.For(LabelsOf(selector));

        Assert.StartsWith(prefix, name, StringComparison.Ordinal);
        Assert.Matches(new Regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"), name);
        Assert.True(name.Length <= 63, name);
        Assert.NotEqual(FilterNames.For(LabelsOf("app.kubernetes.io/name=Gateway")), FilterNames.For(LabelsOf("app.kubernetes.io/name=gateway")));
    }

    [Fact]
    public void The_dry_run_object_reads_back_as_the_envoyfilter_check_sees()
    {
        var plan = Plan(Examples, new Apply421Options { Mode = MisdirectedMode.Precise });
        var planned = plan.Filters[0].Object;

        var filter = Assert.Single(Snapshot(planned.ToJsonString(), "out.json").EnvoyFilters);

        Assert.Equal(MisdirectedMode.Precise, MisdirectedFilterMarks.ModeOf(filter));
        Assert.Equal(Lua(plan.Filters[0], 0), Assert.Single(filter.LuaSources));
        Assert.Equal(plan.Filters[0].Target.Selector, filter.WorkloadSelector);
    }

    private static string Lua(PlannedFilter filter, int patch) =>
        (string)Patches(filter.Object)[patch]["patch"]!["value"]!["typed_config"]!["default_source_code"]!["inline_string"]!;
}
