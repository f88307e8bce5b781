using System.Text.Json.Nodes;
using IstioTls.CommandLine;
using IstioTls.Plans;
using IstioTls.Plans.Merge;
using IstioTls.Tests.Support;
using static IstioTls.Tests.Support.Manifests;
using static IstioTls.Tests.Support.Merging;

namespace IstioTls.Tests.Merge;

/// <summary>The merge planner on the situations the issue names: the seed's examples, namespaces,
/// match-level references, Gateways that keep servers, three-way groups, TLS settings that differ,
/// namespace prefixes on hosts, <c>--into</c> and <c>--wildcard</c>.</summary>
public class MergePlannerTests
{
    private static readonly string SeedDir = Path.Combine(Repo.Examples, "seed");

    private static string Seed(string file) => File.ReadAllText(Path.Combine(SeedDir, file));

    [Fact]
    public void Seed_example_1_merges_into_the_oldest_gateway_and_repoints_its_virtual_service()
    {
        var plan = Plan(Seed("error-1-two-gateways.yaml"));

        var group = Assert.Single(plan.Groups);
        Assert.Equal("istio-system/default", group.Survivor.Key);
        Assert.Equal(["asm1.test.com", "asm2.test.com"], group.Hosts);
        Assert.Equal(["Gateway istio-system/default", "VirtualService bus-system/default2"], ApplyOrder(plan));
        Assert.Equal(["Gateway istio-system/default2"], Deletions(plan));
        Assert.Equal(["asm1.test.com", "asm2.test.com"], Strings(Applied(plan, "Gateway", "istio-system/default")["spec"]!["servers"]![0]!["hosts"]));
        Assert.Equal(["istio-system/default"], Strings(Applied(plan, "VirtualService", "bus-system/default2")["spec"]!["gateways"]));
        Assert.Empty(plan.Skipped);
    }

    [Fact]
    public void Seed_example_1_into_default2_is_the_seeds_corrected_configuration()
    {
        // The seed document's "Correct configuration after merging", verbatim.
        var seedCorrected = Read("""
            apiVersion: networking.istio.io/v1beta1
            kind: Gateway
            metadata:
              name: default2
              namespace: istio-system
            spec:
              selector:
                istio: ingressgateway
              servers:
              - hosts:
                - "asm2.test.com"
                - "asm1.test.com"
                tls:
                  mode: SIMPLE
                  credentialName: "testhl"
                port:
                  name: https
                  number: 443
                  protocol: HTTPS
            """);
        var corrected = seedCorrected.Objects.Of(Assert.Single(seedCorrected.Snapshot.Gateways));

        var plan = Plan(Seed("error-1-two-gateways.yaml"), new MergeOptions { Into = new("istio-system", "default2") });

        Assert.True(JsonNode.DeepEquals(corrected, Applied(plan, "Gateway", "istio-system/default2")), Applied(plan, "Gateway", "istio-system/default2").ToJsonString());
        Assert.Equal(["istio-system/default2"], Strings(Applied(plan, "VirtualService", "bus-system/default")["spec"]!["gateways"]));
        Assert.DoesNotContain(plan.Apply, p => p.Target.Name == "default2" && p.Target.Kind == "VirtualService");
        Assert.Equal(["Gateway istio-system/default"], Deletions(plan));
    }

    [Fact]
    public void Seed_example_2_merges_the_two_servers_of_one_gateway_into_its_first()
    {
        var plan = Plan(Seed("error-2-one-gateway.yaml"));

        var gateway = Applied(plan, "Gateway", "istio-system/error-3");
        var server = Assert.Single(gateway["spec"]!["servers"]!.AsArray())!;
        Assert.Equal(["asm1.test.com", "asm2.test.com"], Strings(server["hosts"]));
        Assert.Equal("https-2", (string)server["port"]!["name"]!);
        Assert.Empty(plan.Delete);
        Assert.Empty(Assert.Single(plan.Groups).VirtualServices);
    }

    [Fact]
    public void The_seeds_corrected_configuration_needs_no_merge()
    {
        var plan = Plan(Seed("merged.yaml"));

        Assert.False(plan.HasChanges);
        Assert.Empty(plan.Groups);
        Assert.Empty(plan.Skipped);
        Assert.Empty(plan.Steps);
    }

    public static TheoryData<string, string, string[]?> References => new()
    {
        // VirtualService in shop naming the absorbed shop/b by its short name.
        { "short name in the Gateway's namespace", VirtualService("shop/vs", "b.example.com", gateways: "b"), ["web/a"] },
        { "qualified name from another namespace", VirtualService("web/vs", "b.example.com", gateways: "shop/b"), ["web/a"] },
        { "a short name in another namespace is another Gateway", VirtualService("other/vs", "b.example.com", gateways: "b"), null },
        { "mesh stays, in its place", VirtualService("shop/vs", "b.example.com", gateways: "mesh,b"), ["mesh", "web/a"] },
        { "the survivor already named: no duplicate", VirtualService("shop/vs", "b.example.com", gateways: "web/a,b"), ["web/a"] },
        { "the survivor named after it: first place kept", VirtualService("shop/vs", "b.example.com", gateways: "b,web/a"), ["web/a"] },
        { "unrelated names stay in order", VirtualService("shop/vs", "b.example.com", gateways: "x,b,shop/y"), ["x", "web/a", "shop/y"] },
        { "an unrelated name written twice stays twice", VirtualService("shop/vs", "b.example.com", gateways: "x,b,shop/x"), ["x", "web/a", "shop/x"] },
    };

    [Theory]
    [MemberData(nameof(References))]
    public void Virtual_service_references_across_namespaces(string situation, string virtualService, string[]? expected)
    {
        var yaml = Gateway("web/a", "istio=ingressgateway", [Simple(443, "a.example.com")], created: "2024-01-01T00:00:00Z")
            + Gateway("shop/b", "istio=ingressgateway", [Simple(443, "b.example.com")], created: "2024-02-01T00:00:00Z")
            + virtualService;

        var plan = Plan(yaml);

        Assert.Equal("web/a", Assert.Single(plan.Groups).Survivor.Key);
        var changed = plan.Apply.Where(p => p.Target.Kind == "VirtualService").ToList();
        if (expected is null)
        {
            Assert.True(changed.Count == 0, situation);
        }
        else
        {
            Assert.True(expected.SequenceEqual(Strings(Assert.Single(changed).Object["spec"]!["gateways"])), $"{situation}: {Assert.Single(changed).Object["spec"]!["gateways"]!.ToJsonString()}");
        }
    }

    [Fact]
    public void A_list_that_names_only_the_survivor_stays_as_written()
    {
        var yaml = Gateway("web/a", "istio=ingressgateway", [Simple(443, "a.example.com")], created: "2024-01-01T00:00:00Z")
            + Gateway("shop/b", "istio=ingressgateway", [Simple(443, "b.example.com")], created: "2024-02-01T00:00:00Z")
            + VirtualService("shop/vs", "b.example.com", gateways: "b", http: "web/a");

        var spec = Applied(Plan(yaml), "VirtualService", "shop/vs")["spec"]!;

        Assert.Equal(["web/a"], Strings(spec["gateways"]));
        Assert.Equal(["web/a"], Strings(spec["http"]![0]!["match"]![0]!["gateways"]));
    }

    [Fact]
    public void Match_level_gateway_references_in_http_tls_and_tcp_routes_are_repointed()
    {
        var yaml = Gateway("web/a", "istio=ingressgateway", [Simple(443, "a.example.com")])
            + Gateway("web/b", "istio=ingressgateway", [Simple(443, "b.example.com")])
            + VirtualService("shop/vs", "b.example.com", gateways: "web/b,mesh", http: "web/b", tls: "mesh,web/b", tcp: "web/c");

        var spec = Applied(Plan(yaml), "VirtualService", "shop/vs")["spec"]!;

        Assert.Equal(["web/a", "mesh"], Strings(spec["gateways"]));
        Assert.Equal(["web/a"], Strings(spec["http"]![0]!["match"]![0]!["gateways"]));
        Assert.Equal(["mesh", "web/a"], Strings(spec["tls"]![0]!["match"]![0]!["gateways"]));
        Assert.Equal(["web/c"], Strings(spec["tcp"]![0]!["match"]![0]!["gateways"]));
    }

    [Fact]
    public void A_gateway_that_keeps_a_port_80_server_is_updated_not_deleted_and_keeps_its_references()
    {
        var yaml = Gateway("web/a", "istio=ingressgateway", [Simple(443, "a.example.com")])
            + Gateway("web/b", "istio=ingressgateway", [Server(80, "b.example.com", "", "HTTP"), Simple(443, "b.example.com")])
            + VirtualService("web/vs", "b.example.com", gateways: "b");

        var plan = Plan(yaml);

        Assert.Empty(plan.Delete);
        Assert.Equal(["Gateway web/a", "VirtualService web/vs", "Gateway web/b"], ApplyOrder(plan));
        var kept = Assert.Single(Applied(plan, "Gateway", "web/b")["spec"]!["servers"]!.AsArray())!;
        Assert.Equal(80, (long)kept["port"]!["number"]!);
        Assert.Equal(["b", "web/a"], Strings(Applied(plan, "VirtualService", "web/vs")["spec"]!["gateways"]));
        Assert.Equal(["web/b"], Assert.Single(plan.Groups).Updated.Select(g => g.Key));
    }

    [Fact]
    public void Three_gateways_on_one_certificate_merge_into_the_oldest()
    {
        var yaml = Gateway("web/a", "istio=ingressgateway", [Simple(443, "a.example.com")], created: "2024-03-01T00:00:00Z")
            + Gateway("web/b", "istio=ingressgateway", [Simple(443, "b.example.com")], created: "2024-06-01T00:00:00Z")
            + Gateway("web/c", "istio=ingressgateway", [Simple(443, "c.example.com,d.example.com")], created: "2024-01-01T00:00:00Z");

        var plan = Plan(yaml);

        var group = Assert.Single(plan.Groups);
        Assert.Equal("web/c", group.Survivor.Key);
        Assert.Equal(["c.example.com", "d.example.com", "a.example.com", "b.example.com"], group.Hosts);
        Assert.Equal(["Gateway web/a", "Gateway web/b"], Deletions(plan));
        Assert.Equal(3, group.Servers.Count);
    }

    /// <summary><c>-n</c>: only the groups with a server in that namespace are merged.</summary>
    [Theory]
    [InlineData(null, new[] { "web/a#0,web/b#0", "shop/a#0,shop/b#0" })]
    [InlineData("shop", new[] { "shop/a#0,shop/b#0" })]
    [InlineData("other", new string[0])]
    public void Namespace_limits_the_groups_merged(string? ns, string[] groups)
    {
        var yaml = Gateway("web/a", "istio=ingressgateway", [Simple(443, "a.example.com", "cert-x")], created: "2024-01-01T00:00:00Z")
            + Gateway("web/b", "istio=ingressgateway", [Simple(443, "b.example.com", "cert-x")], created: "2024-01-02T00:00:00Z")
            + Gateway("shop/a", "istio=ingressgateway", [Simple(8443, "c.example.com", "cert-y")], created: "2024-01-01T00:00:00Z")
            + Gateway("shop/b", "istio=ingressgateway", [Simple(8443, "d.example.com", "cert-y")], created: "2024-01-02T00:00:00Z");

        var plan = Plan(yaml, new MergeOptions { Namespace = ns });

        Assert.Equal(groups, GroupServers(plan));
    }

    public static TheoryData<string, string, string[], string> TlsVariants => new()
    {
        { "kubernetes:// is the same Secret", "mode: SIMPLE, credentialName: \"kubernetes://cert\"", [], "" },
        { "one credentialNames entry is credentialName", "mode: SIMPLE, credentialNames: [cert]", [], "" },
        { "httpsRedirect false is unset", "mode: SIMPLE, credentialName: cert, httpsRedirect: false", [], "" },
        { "a mode in lower case is that mode", "mode: simple, credentialName: cert", [], "" },
        { "another mode", "mode: OPTIONAL_MUTUAL, credentialName: cert", ["mode"], "TLS settings differ: mode (web/a server 0: SIMPLE; web/b server 0: OPTIONAL_MUTUAL)" },
        { "a minimum protocol version", "mode: SIMPLE, credentialName: cert, minProtocolVersion: TLSV1_3", ["minProtocolVersion"], "TLS settings differ: minProtocolVersion (web/a server 0: unset; web/b server 0: TLSV1_3)" },
        { "a maximum protocol version", "mode: SIMPLE, credentialName: cert, maxProtocolVersion: TLSV1_2", ["maxProtocolVersion"], "TLS settings differ: maxProtocolVersion (web/a server 0: unset; web/b server 0: TLSV1_2)" },
        { "cipher suites", "mode: SIMPLE, credentialName: cert, cipherSuites: [ECDHE-RSA-AES256-GCM-SHA384]", ["cipherSuites"], "TLS settings differ: cipherSuites (web/a server 0: unset; web/b server 0: [\"ECDHE-RSA-AES256-GCM-SHA384\"])" },
        { "subject alt names", "mode: SIMPLE, credentialName: cert, subjectAltNames: [client.example.com]", ["subjectAltNames"], "TLS settings differ: subjectAltNames (web/a server 0: unset; web/b server 0: [\"client.example.com\"])" },
        { "a CA", "mode: SIMPLE, credentialName: cert, caCertificates: /etc/ca.pem", ["caCertificates"], "TLS settings differ: caCertificates (web/a server 0: unset; web/b server 0: /etc/ca.pem)" },
        { "two Secrets, one shared", "mode: SIMPLE, credentialNames: [cert, other]", ["credentialName", "credentialNames"], "TLS settings differ: credentialName (web/a server 0: cert; web/b server 0: unset), credentialNames (web/a server 0: unset; web/b server 0: [\"cert\",\"other\"])" },
        { "credentialName beside one credentialNames entry of another Secret", "mode: SIMPLE, credentialName: cert, credentialNames: [other]", ["credentialNames"], "TLS settings differ: credentialNames (web/a server 0: unset; web/b server 0: [\"other\"])" },
        { "a field this tool does not know", "mode: SIMPLE, credentialName: cert, futureField: on", ["futureField"], "TLS settings differ: futureField (web/a server 0: unset; web/b server 0: true)" },
        { "a field set to null is unset", "mode: SIMPLE, credentialName: cert, minProtocolVersion: null", [], "" },
    };

    [Theory]
    [MemberData(nameof(TlsVariants))]
    public void Servers_merge_only_when_their_tls_settings_are_equal_apart_from_hosts(string situation, string tls, string[] differing, string reason)
    {
        var yaml = Gateway("web/a", "istio=ingressgateway", [Simple(443, "a.example.com")])
            + Gateway("web/b", "istio=ingressgateway", [Server(443, "b.example.com", tls)]);

        var plan = Plan(yaml);

        if (differing.Length == 0)
        {
            Assert.True(plan.Groups.Count == 1 && plan.Skipped.Count == 0, situation);
        }
        else
        {
            var skipped = Assert.Single(plan.Skipped);
            Assert.True(differing.SequenceEqual(skipped.Fields), $"{situation}: {string.Join(",", skipped.Fields)}");
            Assert.True(reason == skipped.Reason, $"{situation}: {skipped.Reason}");
            Assert.Empty(plan.Groups);
            Assert.False(plan.HasChanges);
        }
    }

    [Fact]
    public void Gateways_that_select_different_pods_are_not_merged()
    {
        // Two Deployments carry both labels, so the selectors reach the same pods here, but a
        // pod with only one of them elsewhere would lose or gain a server.
        var yaml = Gateway("web/a", "istio=ingressgateway", [Simple(443, "a.example.com")])
            + Gateway("web/b", "app=gateway", [Simple(443, "b.example.com")])
            + Deployment("istio-system/gw", "istio=ingressgateway,app=gateway");

        var plan = Plan(yaml);

        var skipped = Assert.Single(plan.Skipped);
        Assert.Equal(["selector"], skipped.Fields);
        Assert.Contains("select different gateway pods", skipped.Reason, StringComparison.Ordinal);
        Assert.False(plan.HasChanges);
    }

    [Fact]
    public void A_group_with_a_host_another_server_on_the_port_lists_is_not_merged()
    {
        // istiod already skips web/b's server (x.example.com is the passthrough server's); moved
        // into web/a's server, x.example.com would make istiod skip that one with all its hosts.
        var yaml = Gateway("web/a", "istio=ingressgateway", [Server(443, "x.example.com", "mode: PASSTHROUGH", "TLS"), Simple(443, "a.example.com")], created: "2024-01-01T00:00:00Z")
            + Gateway("web/b", "istio=ingressgateway", [Simple(443, "x.example.com")]);

        var plan = Plan(yaml);

        var skipped = Assert.Single(plan.Skipped);
        Assert.Equal("x.example.com is also listed by web/a server 0 on this port, and istiod serves a host from one server only: resolve that DuplicateHost finding first", skipped.Reason);
        Assert.False(plan.HasChanges);
    }

    public static TheoryData<string, string, string, string[]> HostPrefixes => new()
    {
        { "./ from another namespace names that namespace", "./a.example.com", "./b.example.com", ["./a.example.com", "shop/b.example.com"] },
        { "ns/ prefixes are kept", "web/a.example.com", "other/b.example.com", ["web/a.example.com", "other/b.example.com"] },
        { "./ and the survivor's own namespace are the same", "web/a.example.com", "./a.example.com,web/b.example.com", ["web/a.example.com", "shop/a.example.com", "web/b.example.com"] },
        { "the same host for other namespaces stays twice", "a.example.com", "shop/a.example.com", ["a.example.com", "shop/a.example.com"] },
        { "host names are compared without case", "A.example.com", "a.EXAMPLE.com", ["A.example.com"] },
    };

    [Theory]
    [MemberData(nameof(HostPrefixes))]
    public void Host_namespace_prefixes_keep_their_meaning(string situation, string survivorHosts, string otherHosts, string[] expected)
    {
        var yaml = Gateway("web/a", "istio=ingressgateway", [Simple(443, survivorHosts)], created: "2024-01-01T00:00:00Z")
            + Gateway("shop/b", "istio=ingressgateway", [Simple(443, otherHosts)], created: "2024-02-01T00:00:00Z");

        var group = Assert.Single(Plan(yaml).Groups);

        Assert.True(expected.SequenceEqual(group.Hosts), $"{situation}: {string.Join(",", group.Hosts)}");
    }

    [Fact]
    public void Into_names_the_survivor_and_warns_when_it_is_not_the_oldest()
    {
        var yaml = Gateway("web/a", "istio=ingressgateway", [Simple(443, "a.example.com")], created: "2024-01-01T00:00:00Z")
            + Gateway("web/b", "istio=ingressgateway", [Simple(443, "b.example.com")], created: "2024-02-01T00:00:00Z")
            + Gateway("web/c", "istio=other", [Simple(443, "c.example.com"), Simple(443, "d.example.com")], created: "2024-03-01T00:00:00Z");

        var plan = Plan(yaml, new MergeOptions { Into = new("web", "b") });

        Assert.Equal(["web/b", "web/c"], plan.Groups.Select(g => g.Survivor.Key));
        Assert.Equal(["b.example.com", "a.example.com"], plan.Groups[0].Hosts);
        Assert.Equal(["Gateway web/a"], Deletions(plan));
        Assert.Contains(plan.Warnings, w => w.StartsWith("istiod takes web/a before web/b (older, or first by name): while both list the same hosts it skips the merged server", StringComparison.Ordinal));
    }

    [Fact]
    public void Among_gateways_of_one_age_the_survivor_is_the_one_istiod_takes_first_by_name()
    {
        // creationTimestamp has one-second precision: Gateways applied together tie. istiod then
        // takes web/a before shop/b (name, then namespace); merging into shop/b, first by
        // namespace, would leave b.example.com unserved from writing shop/b until web/a is gone.
        var yaml = Gateway("shop/b", "istio=ingressgateway", [Simple(443, "b.example.com")], created: "2024-01-01T00:00:00Z")
            + Gateway("web/a", "istio=ingressgateway", [Simple(443, "a.example.com")], created: "2024-01-01T00:00:00Z");

        var plan = Plan(yaml);

        Assert.Equal("web/a", Assert.Single(plan.Groups).Survivor.Key);
        Assert.Equal(["Gateway shop/b"], Deletions(plan));
        Assert.Empty(plan.Warnings);
    }

    [Fact]
    public void Into_must_name_a_gateway_of_the_input()
    {
        var yaml = Gateway("web/a", "istio=ingressgateway", [Simple(443, "a.example.com"), Simple(443, "b.example.com")]);

        var error = Assert.Throws<PlanException>(() => Plan(yaml, new MergeOptions { Into = new("web", "nope") }));

        Assert.Equal("--into web/nope: no such Gateway in the input", error.Message);
        Assert.Single(Plan(yaml, new MergeOptions { Into = new("web", "a") }).Groups);
    }

    [Fact]
    public void Into_a_gateway_outside_every_group_warns_and_merges_into_the_oldest()
    {
        var yaml = Gateway("web/a", "istio=ingressgateway", [Simple(443, "a.example.com"), Simple(443, "b.example.com")])
            + Gateway("web/lonely", "istio=ingressgateway", [Simple(443, "l.example.com", "other")]);

        var plan = Plan(yaml, new MergeOptions { Into = new("web", "lonely") });

        Assert.Equal("web/a", Assert.Single(plan.Groups).Survivor.Key);
        Assert.Contains(plan.Warnings, w => w.Contains("holds none of the servers", StringComparison.Ordinal));
    }

    public static TheoryData<string, string, string, string[], string?> Wildcards => new()
    {
        { "one label under one domain", "a.test.com", "b.test.com", ["*.test.com"], null },
        { "an existing wildcard of the domain", "*.test.com", "b.test.com", ["*.test.com"], null },
        { "another domain", "a.test.com", "b.other.com", ["a.test.com", "b.other.com"], "not all one label under one domain" },
        { "two labels deep", "a.test.com", "x.b.test.com", ["a.test.com", "x.b.test.com"], "not all one label under one domain" },
        { "different namespace prefixes", "web/a.test.com", "b.test.com", ["web/a.test.com", "b.test.com"], "different namespace prefixes" },
        { "the same prefix is kept", "web/a.test.com", "web/b.test.com", ["web/*.test.com"], null },
        { "a top-level domain", "a.com", "b.com", ["a.com", "b.com"], "not all one label under one domain" },
    };

    [Theory]
    [MemberData(nameof(Wildcards))]
    public void Wildcard_writes_star_dot_domain_where_the_hosts_allow_it(string situation, string a, string b, string[] expected, string? note)
    {
        var yaml = Gateway("web/a", "istio=ingressgateway", [Simple(443, a)]) + Gateway("web/b", "istio=ingressgateway", [Simple(443, b)]);

        var group = Assert.Single(Plan(yaml, new MergeOptions { Wildcard = true }).Groups);

        Assert.True(expected.SequenceEqual(group.Hosts), $"{situation}: {string.Join(",", group.Hosts)}");
        if (note is null)
        {
            Assert.Null(group.WildcardNote);
        }
        else
        {
            Assert.Contains(note, group.WildcardNote, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string, string, bool> WildcardNeighbours => new()
    {
        { "another server on the port under the domain", Simple(443, "c.test.com", "other"), false },
        { "another server on the port deeper under the domain", Simple(443, "x.c.test.com", "other"), false },
        { "a broader wildcard on the port", Simple(443, "*.com", "other"), false },
        { "a narrower wildcard on the port", Simple(443, "*.c.test.com", "other"), false },
        { "a plain HTTP server on the port", Server(443, "c.test.com", "", "HTTP"), false },
        { "another server on another port", Simple(8443, "c.test.com", "other"), true },
        { "another server on the port, another domain", Simple(443, "c.other.com", "other"), true },
    };

    [Theory]
    [MemberData(nameof(WildcardNeighbours))]
    public void Wildcard_never_takes_the_hosts_of_another_server_on_the_port(string situation, string neighbour, bool applied)
    {
        var yaml = Gateway("web/a", "istio=ingressgateway", [Simple(443, "a.test.com")])
            + Gateway("web/b", "istio=ingressgateway", [Simple(443, "b.test.com")])
            + Gateway("shop/c", "istio=ingressgateway", [neighbour]);

        var group = Assert.Single(Plan(yaml, new MergeOptions { Wildcard = true }).Groups);

        Assert.True(applied == (group.Hosts.Count == 1 && group.Hosts[0] == "*.test.com"), $"{situation}: {string.Join(",", group.Hosts)} {group.WildcardNote}");
        if (!applied)
        {
            Assert.Contains("would also take", group.WildcardNote, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Two_groups_on_one_pair_of_gateways_write_each_gateway_once()
    {
        var yaml = Gateway("web/a", "istio=ingressgateway", [Simple(443, "a.example.com"), Simple(8443, "a.example.com", "admin")])
            + Gateway("web/b", "istio=ingressgateway", [Simple(8443, "b.example.com", "admin"), Simple(443, "b.example.com")])
            + VirtualService("web/vs", "b.example.com", gateways: "b");

        var plan = Plan(yaml);

        Assert.Equal(2, plan.Groups.Count);
        Assert.Equal(["Gateway web/a", "VirtualService web/vs"], ApplyOrder(plan));
        Assert.Equal(["Gateway web/b"], Deletions(plan));
        Assert.Equal(["web/a"], Strings(Applied(plan, "VirtualService", "web/vs")["spec"]!["gateways"]));
    }

    [Fact]
    public void A_survivor_that_gives_a_server_to_an_older_gateway_is_written_after_it()
    {
        // c is a survivor on 8443 and gives its 443 server to the older a.
        var yaml = Gateway("web/a", "istio=ingressgateway", [Simple(443, "a.example.com")], created: "2024-01-01T00:00:00Z")
            + Gateway("web/c", "istio=ingressgateway", [Simple(443, "c.example.com"), Simple(8443, "c.example.com", "admin")], created: "2024-02-01T00:00:00Z")
            + Gateway("web/d", "istio=ingressgateway", [Simple(8443, "d.example.com", "admin")], created: "2024-03-01T00:00:00Z");

        var plan = Plan(yaml);

        Assert.Equal(["Gateway web/a", "Gateway web/c"], ApplyOrder(plan));
        Assert.Equal([StepKind.Survivor, StepKind.Survivor, StepKind.Delete], plan.Steps.Select(s => s.Kind));
    }

    [Fact]
    public void A_survivor_comes_right_after_the_survivors_it_gives_to_and_before_younger_ones()
    {
        // b gives its 443 server to the older a and keeps 8443 as a survivor; c is a survivor
        // younger than b that gives nothing: a, b, c (not a, c, b).
        var yaml = Gateway("web/a", "istio=ingressgateway", [Simple(443, "a.example.com", "one")], created: "2024-01-01T00:00:00Z")
            + Gateway("web/b", "istio=ingressgateway", [Simple(443, "b.example.com", "one"), Simple(8443, "b.example.com", "two")], created: "2024-01-02T00:00:00Z")
            + Gateway("web/c", "istio=ingressgateway", [Simple(9443, "c.example.com", "three")], created: "2024-01-03T00:00:00Z")
            + Gateway("web/d", "istio=ingressgateway", [Simple(8443, "d.example.com", "two")], created: "2024-01-04T00:00:00Z")
            + Gateway("web/e", "istio=ingressgateway", [Simple(9443, "e.example.com", "three")], created: "2024-01-05T00:00:00Z");

        var plan = Plan(yaml);

        Assert.Equal(["Gateway web/a", "Gateway web/b", "Gateway web/c"], ApplyOrder(plan));
    }

    [Fact]
    public void A_survivor_that_gives_to_a_chain_of_survivors_is_written_after_the_last_of_them()
    {
        // c gives to a (round 0) and to b (round 1, as b gives to a): c is round 2, so it sheds
        // its servers after b is written, and is named and written after that.
        var yaml = Gateway("web/a", "istio=ingressgateway", [Simple(443, "a.example.com", "one")], created: "2024-01-01T00:00:00Z")
            + Gateway("web/b", "istio=ingressgateway", [Simple(443, "b.example.com", "one"), Simple(8443, "b.example.com", "two")], created: "2024-01-02T00:00:00Z")
            + Gateway("web/c", "istio=ingressgateway", [Simple(443, "c.example.com", "one"), Simple(8443, "c.example.com", "two"), Simple(9443, "c.example.com", "three")], created: "2024-01-03T00:00:00Z")
            + Gateway("web/e", "istio=ingressgateway", [Simple(9443, "e.example.com", "three")], created: "2024-01-05T00:00:00Z")
            + VirtualService("web/ve", "e.example.com", gateways: "e");

        var plan = Plan(yaml);

        Assert.Equal(["Survivor web/a", "Survivor web/b", "Absorbed web/c", "Bind web/ve", "Survivor web/c", "Unbind web/ve", "Delete web/e"], plan.Steps.Select(s => $"{s.Kind} {s.Target.Namespace}/{s.Target.Name}"));
    }

    [Fact]
    public void A_gateway_that_gives_two_servers_to_one_group_is_deleted_once()
    {
        var yaml = Gateway("web/a", "istio=ingressgateway", [Simple(443, "a.example.com")], created: "2024-01-01T00:00:00Z")
            + Gateway("web/b", "istio=ingressgateway", [Simple(443, "b.example.com"), Simple(443, "c.example.com")], created: "2024-01-02T00:00:00Z");

        var group = Assert.Single(Plan(yaml).Groups);

        Assert.Equal(["web/b"], group.Deleted.Select(g => g.Key));
        Assert.Empty(group.Updated);
    }

    [Fact]
    public void Into_a_newer_gateway_warns_once_for_two_groups()
    {
        var yaml = Gateway("web/a", "istio=ingressgateway", [Simple(443, "a.example.com", "one"), Simple(8443, "a.example.com", "two")], created: "2024-01-01T00:00:00Z")
            + Gateway("web/b", "istio=ingressgateway", [Simple(443, "b.example.com", "one"), Simple(8443, "b.example.com", "two")], created: "2024-01-02T00:00:00Z");

        var plan = Plan(yaml, new MergeOptions { Into = new IstioTls.Model.NamespacedName("web", "b") });

        Assert.Equal(2, plan.Groups.Count);
        Assert.StartsWith("istiod takes web/a before web/b", Assert.Single(plan.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void A_survivor_that_gives_a_server_away_sheds_it_before_a_virtual_service_names_it()
    {
        // d gives to c on 8443, c gives to the older a on 443. web/vd may name c only once c no
        // longer holds the server it gives to a: a re-run would otherwise find web/vd naming c and
        // name a there too.
        var yaml = ChainOfSurvivors;

        var plan = Plan(yaml);

        Assert.Equal(
            [
                "VirtualService web/vc: also name web/a",
                "Gateway web/a: server 0 serves a.example.com, c.example.com",
                "Gateway web/c: remove server 0 (moved to web/a) before it gets its merged server",
                "VirtualService web/vd: also name web/c",
                "Gateway web/c: server 1 serves c.example.com, d.example.com",
                "VirtualService web/vd: drop web/d (to be deleted)",
                "Gateway web/d: delete (its servers moved to web/c)",
            ],
            plan.Steps.Select(s => s.Description));
        Assert.Equal([StepKind.Bind, StepKind.Survivor, StepKind.Absorbed, StepKind.Bind, StepKind.Survivor, StepKind.Unbind, StepKind.Delete], plan.Steps.Select(s => s.Kind));
        Assert.Equal(["web/c"], Strings(Applied(plan, "VirtualService", "web/vd")["spec"]!["gateways"]));
    }

    /// <summary>Three Gateways where the survivor of one group gives a server to another group's
    /// survivor, each with a VirtualService.</summary>
    internal static readonly string ChainOfSurvivors =
        Gateway("web/a", "istio=ingressgateway", [Simple(443, "a.example.com", "cert-x")], created: "2024-01-01T00:00:00Z")
        + Gateway("web/c", "istio=ingressgateway", [Simple(443, "c.example.com", "cert-x"), Server(8443, "c.example.com", "mode: SIMPLE, credentialName: cert-y", portName: "admin")], created: "2024-02-01T00:00:00Z")
        + Gateway("web/d", "istio=ingressgateway", [Server(8443, "d.example.com", "mode: SIMPLE, credentialName: cert-y", portName: "admin")], created: "2024-03-01T00:00:00Z")
        + VirtualService("web/vc", "c.example.com", gateways: "c")
        + VirtualService("web/vd", "d.example.com", gateways: "d");

    /// <summary>A server istiod skips for a host an older server of the same certificate already
    /// lists joins that certificate's group, in istiod's order, and the merge removes it.</summary>
    [Fact]
    public void A_server_left_behind_by_a_duplicate_host_joins_the_group_in_istiods_order()
    {
        var yaml = Gateway("web/c", "istio=ingressgateway", [Simple(443, "a.example.com", "cert-x")], created: "2024-01-03T00:00:00Z")
            + Gateway("web/b", "istio=ingressgateway", [Simple(443, "b.example.com", "cert-x")], created: "2024-01-02T00:00:00Z")
            + Gateway("web/a", "istio=ingressgateway", [Simple(443, "a.example.com", "cert-x")], created: "2024-01-01T00:00:00Z");

        var group = Assert.Single(Plan(yaml).Groups);

        Assert.Equal(["web/a#0", "web/b#0", "web/c#0"], group.Servers.Select(s => s.Key));
        Assert.Equal(["a.example.com", "b.example.com"], group.Hosts);
    }

    [Fact]
    public void Suppressed_findings_are_not_merged()
    {
        string Yaml(string? ignore) => Gateway("web/a", "istio=ingressgateway", [Simple(443, "a.example.com")], ignore: ignore)
            + Gateway("web/b", "istio=ingressgateway", [Simple(443, "b.example.com")]);

        var suppressed = Plan(Yaml("SharedCertificate"));
        var control = Plan(Yaml(null));

        Assert.False(suppressed.HasChanges);
        Assert.Empty(suppressed.Groups);
        Assert.True(control.HasChanges);
        Assert.Equal(["web/a#0", "web/b#0"], Assert.Single(control.Groups).Servers.Select(s => s.Key));
    }

    [Fact]
    public void Applied_objects_are_whole_but_without_server_managed_fields()
    {
        var yaml = """
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata:
              name: a
              namespace: web
              uid: 1b7c
              resourceVersion: "42"
              generation: 3
              creationTimestamp: "2024-01-01T00:00:00Z"
              labels: {team: web}
              annotations:
                kubectl.kubernetes.io/last-applied-configuration: "{}"
                owner: web-team
              managedFields: [{manager: kubectl}]
            spec:
              selector: {istio: ingressgateway}
              servers:
              - {port: {number: 443, name: https, protocol: HTTPS}, hosts: [a.example.com], tls: {mode: SIMPLE, credentialName: cert}, name: first}
            status: {conditions: []}
            ---
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: b, creationTimestamp: "2024-02-01T00:00:00Z"}
            spec:
              selector: {istio: ingressgateway}
              servers:
              - {port: {number: 443, name: https, protocol: HTTPS}, hosts: [b.example.com], tls: {mode: SIMPLE, credentialName: cert}}
            """;

        var plan = Plan(yaml);

        var a = Applied(plan, "Gateway", "web/a");
        Assert.Equal("""{"name":"a","namespace":"web","resourceVersion":"42","labels":{"team":"web"},"annotations":{"owner":"web-team"}}""", a["metadata"]!.ToJsonString());
        Assert.Null(a["status"]);
        Assert.Equal("first", (string)a["spec"]!["servers"]![0]!["name"]!);
        Assert.Equal(["Gateway default/b"], Deletions(plan));
    }

    [Fact]
    public void A_half_applied_plan_plans_only_what_is_left()
    {
        // The survivor was written (both hosts) and the VirtualService bound to both; the absorbed
        // Gateway is still there.
        var yaml = Gateway("web/a", "istio=ingressgateway", [Simple(443, "a.example.com,b.example.com")])
            + Gateway("web/b", "istio=ingressgateway", [Simple(443, "b.example.com")])
            + VirtualService("web/vs", "b.example.com", gateways: "b,web/a");

        var plan = Plan(yaml);

        Assert.Equal(["VirtualService web/vs"], ApplyOrder(plan));
        Assert.Equal(["Gateway web/b"], Deletions(plan));
        Assert.Equal([StepKind.Unbind, StepKind.Delete], plan.Steps.Select(s => s.Kind));
    }

    [Fact]
    public void A_group_names_its_virtual_services_by_name_and_its_other_gateways_in_istiods_order()
    {
        // Listed in the input against both orders; web/vz also names mesh, which is no Gateway.
        var yaml = Gateway("web/a", "istio=ingressgateway", [Simple(443, "a.example.com")], created: "2024-01-01T00:00:00Z")
            + Gateway("web/c", "istio=ingressgateway", [Simple(443, "c.example.com")], created: "2024-01-03T00:00:00Z")
            + Gateway("web/b", "istio=ingressgateway", [Simple(443, "b.example.com")], created: "2024-01-02T00:00:00Z")
            + Gateway("web/e", "istio=ingressgateway", [Simple(443, "e.example.com"), Server(80, "e.example.com", "", "HTTP")], created: "2024-01-05T00:00:00Z")
            + Gateway("web/d", "istio=ingressgateway", [Simple(443, "d.example.com"), Server(80, "d.example.com", "", "HTTP")], created: "2024-01-04T00:00:00Z")
            + VirtualService("web/vz", "b.example.com", gateways: "mesh,b")
            + VirtualService("web/vy", "c.example.com", gateways: "c");

        var plan = Plan(yaml);

        var group = Assert.Single(plan.Groups);
        Assert.Equal(["web/vy", "web/vz"], group.VirtualServices.Select(v => v.Key));
        Assert.Equal(["web/b", "web/c"], group.Deleted.Select(g => g.Key));
        Assert.Equal(["web/d", "web/e"], group.Updated.Select(g => g.Key));
        Assert.Equal(["Gateway web/a", "VirtualService web/vy", "VirtualService web/vz", "Gateway web/d", "Gateway web/e"], ApplyOrder(plan));
    }

    [Fact]
    public void A_half_applied_plan_does_not_write_a_virtual_service_that_already_names_the_survivor()
    {
        // web/b keeps its port 80 server, so web/vs keeps naming it: nothing left to write there.
        var yaml = Gateway("web/a", "istio=ingressgateway", [Simple(443, "a.example.com,b.example.com")], created: "2024-01-01T00:00:00Z")
            + Gateway("web/b", "istio=ingressgateway", [Server(80, "b.example.com", "", "HTTP"), Simple(443, "b.example.com")], created: "2024-01-02T00:00:00Z")
            + VirtualService("web/vs", "b.example.com", gateways: "b,web/a");

        var plan = Plan(yaml);

        Assert.Equal(["Gateway web/b"], ApplyOrder(plan));
        Assert.Equal(["Absorbed: Gateway web/b: remove server 1 (moved to web/a); keep 1 server"], plan.Steps.Select(s => $"{s.Kind}: {s.Description}"));
    }
}
