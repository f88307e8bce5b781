using IstioTls.Analysis;
using IstioTls.Tests.Support;
using static IstioTls.Tests.Support.Manifests;

namespace IstioTls.Tests;

/// <summary>
/// One row per rule of <c>check</c> and per case the seed's script or istioctl analyze (IST0138)
/// gets wrong. Each row is a set of manifests and the findings it must give, written as
/// "Code severity servers".
/// </summary>
public class RuleTests
{
    private const string Ingress = "istio=ingressgateway";

    public static TheoryData<string, string, string[]> Cases => new()
    {
        {
            "seed example 1: two Gateways, one certificate",
            File.ReadAllText(Path.Combine(Repo.Examples, "seed", "error-1-two-gateways.yaml")),
            ["SharedCertificate error istio-system/default#0,istio-system/default2#0"]
        },
        {
            "seed example 2: one Gateway, two servers, one certificate (the seed script and IST0138 miss it)",
            File.ReadAllText(Path.Combine(Repo.Examples, "seed", "error-2-one-gateway.yaml")),
            ["SharedCertificate error istio-system/error-3#0,istio-system/error-3#1"]
        },
        {
            "seed merged configuration: one server per certificate",
            File.ReadAllText(Path.Combine(Repo.Examples, "seed", "merged.yaml")),
            []
        },
        {
            "one server listing several hosts is the fix, never a finding",
            Gateway("a/gw", Ingress, [Simple(443, "a.example.com,b.example.com,c.example.com")]),
            []
        },
        {
            "different selectors are different workloads (the seed script flags them)",
            Gateway("a/one", Ingress, [Simple(443, "a.example.com")]) + Gateway("b/two", "istio=other", [Simple(443, "b.example.com")]),
            []
        },
        {
            "selector key order does not matter",
            Gateway("a/one", "app=gw,istio=ingressgateway", [Simple(443, "a.example.com")]) + Gateway("b/two", "istio=ingressgateway,app=gw", [Simple(443, "b.example.com")]),
            ["SharedCertificate error a/one#0,b/two#0"]
        },
        {
            "nested selectors are a possible finding (info)",
            Gateway("a/one", Ingress, [Simple(443, "a.example.com")]) + Gateway("b/two", "istio=ingressgateway,app=shop", [Simple(443, "b.example.com")]),
            ["PossibleSharedCertificate info a/one#0,b/two#0"]
        },
        {
            "an empty selector applies to every gateway workload",
            Gateway("a/one", "", [Simple(443, "a.example.com")]) + Gateway("b/two", Ingress, [Simple(443, "b.example.com")]),
            ["SharedCertificate error a/one#0,b/two#0"]
        },
        {
            "different ports never share a connection (the seed script flags them)",
            Gateway("a/one", Ingress, [Simple(443, "a.example.com")]) + Gateway("b/two", Ingress, [Simple(8443, "b.example.com")]),
            []
        },
        {
            "different bind addresses are different listeners",
            Gateway("a/one", Ingress, [Server(443, "a.example.com", "mode: SIMPLE, credentialName: cert", bind: "10.0.0.1")])
                + Gateway("b/two", Ingress, [Server(443, "b.example.com", "mode: SIMPLE, credentialName: cert", bind: "10.0.0.2")]),
            []
        },
        {
            "passthrough does not terminate: no shared certificate (the seed script flags it)",
            Gateway("a/one", Ingress, [Simple(443, "a.example.com")]) + Gateway("b/two", Ingress, [Server(443, "b.example.com", "mode: PASSTHROUGH, credentialName: cert", protocol: "TLS")]),
            []
        },
        {
            "a tls block without mode is PASSTHROUGH",
            Gateway("a/one", Ingress, [Simple(443, "a.example.com")]) + Gateway("b/two", Ingress, [Server(443, "b.example.com", "credentialName: cert")]),
            []
        },
        {
            "AUTO_PASSTHROUGH and ISTIO_MUTUAL carry no browser certificate",
            Gateway("a/one", Ingress, [Server(443, "a.example.com", "mode: AUTO_PASSTHROUGH, credentialName: cert"), Server(443, "b.example.com", "mode: ISTIO_MUTUAL, credentialName: cert")])
                + Gateway("b/two", Ingress, [Simple(443, "c.example.com")]),
            []
        },
        {
            "only protocol HTTPS terminates for HTTP routing; TLS with SIMPLE is TCP after termination",
            Gateway("a/one", Ingress, [Server(443, "a.example.com", "mode: SIMPLE, credentialName: cert", protocol: "TLS")]) + Gateway("b/two", Ingress, [Simple(443, "b.example.com")]),
            []
        },
        {
            "three Gateways on one Secret are one finding of three servers, not three pairs",
            Gateway("a/one", Ingress, [Simple(443, "a.example.com")]) + Gateway("b/two", Ingress, [Simple(443, "b.example.com")]) + Gateway("c/three", Ingress, [Simple(443, "c.example.com")]),
            ["SharedCertificate error a/one#0,c/three#0,b/two#0"]
        },
        {
            "two certificates on one port are two findings",
            Gateway("a/one", Ingress, [Simple(443, "a.example.com", "cert-x"), Simple(443, "b.example.com", "cert-y")]) + Gateway("b/two", Ingress, [Simple(443, "c.example.com", "cert-x"), Simple(443, "d.example.com", "cert-y")]),
            ["SharedCertificate error a/one#0,b/two#0", "SharedCertificate error a/one#1,b/two#1"]
        },
        {
            "all MUTUAL is a warning: Chromium does not pool after sending a client certificate",
            Gateway("a/one", Ingress, [Server(443, "a.example.com", "mode: MUTUAL, credentialName: cert")]) + Gateway("b/two", Ingress, [Server(443, "b.example.com", "mode: MUTUAL, credentialName: cert")]),
            ["SharedCertificate warning a/one#0,b/two#0"]
        },
        {
            "MUTUAL with SIMPLE is an error",
            Gateway("a/one", Ingress, [Server(443, "a.example.com", "mode: MUTUAL, credentialName: cert")]) + Gateway("b/two", Ingress, [Simple(443, "b.example.com")]),
            ["SharedCertificate error a/one#0,b/two#0"]
        },
        {
            "OPTIONAL_MUTUAL pools like SIMPLE: an error",
            Gateway("a/one", Ingress, [Server(443, "a.example.com", "mode: OPTIONAL_MUTUAL, credentialName: cert")]) + Gateway("b/two", Ingress, [Server(443, "b.example.com", "mode: OPTIONAL_MUTUAL, credentialName: cert")]),
            ["SharedCertificate error a/one#0,b/two#0"]
        },
        {
            "kubernetes://name and name are the same Secret (IST0138 compares strings)",
            Gateway("a/one", Ingress, [Simple(443, "a.example.com", "kubernetes://cert")]) + Gateway("b/two", Ingress, [Simple(443, "b.example.com", "cert")]),
            ["SharedCertificate error a/one#0,b/two#0"]
        },
        {
            "mounted certificate files: the same serverCertificate path",
            Gateway("a/one", Ingress, [Server(443, "a.example.com", "mode: SIMPLE, serverCertificate: /etc/certs/tls.crt, privateKey: /etc/certs/tls.key")])
                + Gateway("b/two", Ingress, [Server(443, "b.example.com", "mode: SIMPLE, serverCertificate: /etc/certs/tls.crt, privateKey: /etc/certs/tls.key")]),
            ["SharedCertificate error a/one#0,b/two#0"]
        },
        {
            "mounted certificate files: different paths",
            Gateway("a/one", Ingress, [Server(443, "a.example.com", "mode: SIMPLE, serverCertificate: /etc/a/tls.crt, privateKey: /etc/a/tls.key")])
                + Gateway("b/two", Ingress, [Server(443, "b.example.com", "mode: SIMPLE, serverCertificate: /etc/b/tls.crt, privateKey: /etc/b/tls.key")]),
            []
        },
        {
            "tlsCertificates entries with the same certificate file",
            Gateway("a/one", Ingress, [Server(443, "a.example.com", "mode: SIMPLE, tlsCertificates: [{serverCertificate: /etc/rsa.crt, privateKey: /etc/rsa.key}, {serverCertificate: /etc/ec.crt, privateKey: /etc/ec.key}]")])
                + Gateway("b/two", Ingress, [Server(443, "b.example.com", "mode: SIMPLE, tlsCertificates: [{serverCertificate: /etc/ec.crt, privateKey: /etc/ec.key}]")]),
            ["SharedCertificate error a/one#0,b/two#0"]
        },
        {
            "credentialNames sharing one entry share that certificate",
            Gateway("a/one", Ingress, [Server(443, "a.example.com", "mode: SIMPLE, credentialNames: [rsa, ecdsa]")]) + Gateway("b/two", Ingress, [Server(443, "b.example.com", "mode: SIMPLE, credentialNames: [ecdsa]")]),
            ["SharedCertificate error a/one#0,b/two#0"]
        },
        {
            "credentialNames with nothing in common",
            Gateway("a/one", Ingress, [Server(443, "a.example.com", "mode: SIMPLE, credentialNames: [rsa-a, ecdsa-a]")]) + Gateway("b/two", Ingress, [Server(443, "b.example.com", "mode: SIMPLE, credentialNames: [rsa-b, ecdsa-b]")]),
            []
        },
        {
            "servers linked through a third server form one group",
            Gateway("a/one", Ingress, [Server(443, "a.example.com", "mode: SIMPLE, credentialNames: [cert-x]")])
                + Gateway("b/two", Ingress, [Server(443, "b.example.com", "mode: SIMPLE, credentialNames: [cert-x, cert-y]")])
                + Gateway("c/three", Ingress, [Server(443, "c.example.com", "mode: SIMPLE, credentialNames: [cert-y]")]),
            ["SharedCertificate error a/one#0,c/three#0,b/two#0"]
        },
        {
            "plain HTTP servers share a route table: no certificate, no finding",
            Gateway("a/one", Ingress, [Server(80, "a.example.com", "", protocol: "HTTP")]) + Gateway("b/two", Ingress, [Server(80, "b.example.com", "", protocol: "HTTP")]),
            []
        },
        {
            "the same host on two TLS servers of one port: istiod drops the newer server",
            Gateway("a/old", Ingress, [Simple(443, "shop.example.com", "cert-x")], created: "2024-01-01T00:00:00Z")
                + Gateway("b/new", Ingress, [Simple(443, "shop.example.com,www.example.com", "cert-y")], created: "2025-01-01T00:00:00Z"),
            ["DuplicateHost error a/old#0,b/new#0"]
        },
        {
            "Gateways of one age: istiod keeps the first by name, then namespace (not by namespace first)",
            Gateway("web/a", Ingress, [Simple(443, "shop.example.com", "cert-x")], created: "2024-01-01T00:00:00Z")
                + Gateway("shop/b", Ingress, [Simple(443, "shop.example.com", "cert-y")], created: "2024-01-01T00:00:00Z"),
            ["DuplicateHost error web/a#0,shop/b#0"]
        },
        {
            "hosts that differ only in their namespace part are no duplicates to istiod: two chains match one SNI name, Envoy rejects the listener",
            Gateway("a/one", Ingress, [Simple(443, "ns1/shop.example.com", "cert-x")]) + Gateway("b/two", Ingress, [Simple(443, "./shop.example.com", "cert-y")]),
            ["ListenerRejected error a/one#0,b/two#0"]
        },
        {
            "an empty namespace part (/h) is a prefix of its own to istiod, and no part of the SNI name: Envoy rejects the listener",
            Gateway("a/one", Ingress, [Simple(443, "/shop.example.com", "cert-x")]) + Gateway("b/two", Ingress, [Simple(443, "shop.example.com", "cert-y")]),
            ["ListenerRejected error a/one#0,b/two#0"]
        },
        {
            "*/h and h are the same host to istiod",
            Gateway("a/one", Ingress, [Simple(443, "*/shop.example.com", "cert-x")]) + Gateway("b/two", Ingress, [Simple(443, "shop.example.com", "cert-y")]),
            ["DuplicateHost error a/one#0,b/two#0"]
        },
        {
            "the same host on different ports is fine",
            Gateway("a/one", Ingress, [Simple(443, "shop.example.com", "cert-x")]) + Gateway("b/two", Ingress, [Simple(8443, "shop.example.com", "cert-y")]),
            []
        },
        {
            "the same host and the same certificate: the dropped server shares nothing",
            Gateway("a/one", Ingress, [Simple(443, "shop.example.com")]) + Gateway("b/two", Ingress, [Simple(443, "shop.example.com")]),
            ["DuplicateHost error a/one#0,b/two#0"]
        },
        {
            "pods decide: different selectors that reach the same pods share a workload",
            Gateway("a/one", Ingress, [Simple(443, "a.example.com")]) + Gateway("b/two", "app=istio-ingressgateway", [Simple(443, "b.example.com")])
                + Pod("istio-system/istio-ingressgateway-7d4-abcde", "istio=ingressgateway,app=istio-ingressgateway", owner: "istio-ingressgateway-7d4", hash: "7d4"),
            ["SharedCertificate error a/one#0,b/two#0"]
        },
        {
            "pods decide: equal selectors matching no pod fall back to selector equality",
            Gateway("a/one", "istio=elsewhere", [Simple(443, "a.example.com")]) + Gateway("b/two", "istio=elsewhere", [Simple(443, "b.example.com")])
                + Pod("istio-system/ingress-1", Ingress),
            ["SharedCertificate error a/one#0,b/two#0"]
        },
        {
            "pods decide: nested selectors that reach different pods are not at risk",
            Gateway("a/one", "istio=ingressgateway,tier=public", [Simple(443, "a.example.com")]) + Gateway("b/two", "istio=ingressgateway,tier=private", [Simple(443, "b.example.com")])
                + Pod("istio-system/public-1", "istio=ingressgateway,tier=public") + Pod("istio-system/private-1", "istio=ingressgateway,tier=private"),
            []
        },
        {
            "a Deployment's pod template labels stand for its pods",
            Gateway("a/one", Ingress, [Simple(443, "a.example.com")]) + Gateway("b/two", "app=gw", [Simple(443, "b.example.com")])
                + Deployment("istio-system/gw", "istio=ingressgateway,app=gw"),
            ["SharedCertificate error a/one#0,b/two#0"]
        },
        {
            "suppressed by the ignore annotation on one of the Gateways",
            Gateway("a/one", Ingress, [Simple(443, "a.example.com")], ignore: "SharedCertificate") + Gateway("b/two", Ingress, [Simple(443, "b.example.com")]),
            []
        },
        {
            "the ignore annotation names other codes: still reported",
            Gateway("a/one", Ingress, [Simple(443, "a.example.com")], ignore: "DuplicateHost") + Gateway("b/two", Ingress, [Simple(443, "b.example.com")]),
            ["SharedCertificate error a/one#0,b/two#0"]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Check_gives_the_findings_of_the_rule(string situation, string yaml, string[] expected)
    {
        var report = Check(yaml);

        Assert.True(report.Warnings.Count == 0, $"{situation}: unexpected warnings: {string.Join("; ", report.Warnings)}");
        Assert.Equal(expected, Describe(report.Findings));
    }

    // Not a row of Cases: rule-findings.txt holds every row of it.
    [Fact]
    public void The_ignore_annotation_takes_a_code_after_a_comma_and_a_space()
    {
        var report = Check(Gateway("a/one", Ingress, [Simple(443, "a.example.com")], ignore: "DuplicateHost, SharedCertificate") + Gateway("b/two", Ingress, [Simple(443, "b.example.com")]));

        Assert.Empty(report.Findings);
        Assert.Equal(["SharedCertificate error a/one#0,b/two#0"], Describe(report.Suppressed));
    }

    /// <summary>Shared certificates where nested selectors make a possible group offline. Not in
    /// <see cref="Cases"/>, whose findings the golden file rule-findings.txt holds in full.</summary>
    public static TheoryData<string, string, string[]> PossibleGroupCases => new()
    {
        {
            "a Gateway without a selector is in every group: with nested selectors, the possible group's finding spans three selectors",
            Gateway("web/a", Ingress, [Simple(443, "a.example.com")]) + Gateway("web/b", Ingress + ",app=b", [Simple(443, "b.example.com")]) + Gateway("web/u", "", [Simple(443, "u.example.com")]),
            ["SharedCertificate error web/a#0,web/u#0", "SharedCertificate error web/b#0,web/u#0", "PossibleSharedCertificate info web/a#0,web/b#0,web/u#0"]
        },
        {
            "a possible group's servers of one selector are left to that selector's own group, which names them (with web/a1, which the possible group drops for web/b's h1)",
            Gateway("web/b", Ingress + ",app=b", [Simple(443, "h1.example.com", "cert-b")], created: "2024-01-01T00:00:00Z")
                + Gateway("web/a1", Ingress, [Simple(443, "h1.example.com", "cert-k")], created: "2024-01-02T00:00:00Z")
                + Gateway("web/a2", Ingress, [Simple(443, "x.example.com", "cert-k")], created: "2024-01-03T00:00:00Z")
                + Gateway("web/a3", Ingress, [Simple(443, "y.example.com", "cert-k")], created: "2024-01-04T00:00:00Z"),
            ["SharedCertificate error web/a1#0,web/a2#0,web/a3#0", "DuplicateHost info web/b#0,web/a1#0"]
        },
    };

    [Theory]
    [MemberData(nameof(PossibleGroupCases))]
    public void A_possible_group_reports_what_no_single_selector_does(string situation, string yaml, string[] expected)
    {
        var report = Check(yaml);

        Assert.True(report.Warnings.Count == 0, $"{situation}: unexpected warnings: {string.Join("; ", report.Warnings)}");
        Assert.Equal(expected, Describe(report.Findings));
    }

    [Fact]
    public void Suppressed_findings_are_counted()
    {
        var report = Check(Gateway("a/one", Ingress, [Simple(443, "a.example.com")], ignore: "*") + Gateway("b/two", Ingress, [Simple(443, "b.example.com")]));

        Assert.Empty(report.Findings);
        Assert.Equal(["SharedCertificate error a/one#0,b/two#0"], Describe(report.Suppressed));
    }

    [Fact]
    public void Pods_name_the_workload_and_the_secret_namespace()
    {
        var report = Check(Gateway("a/one", Ingress, [Simple(443, "a.example.com")]) + Gateway("b/two", Ingress, [Simple(443, "b.example.com")])
            + Pod("istio-system/istio-ingressgateway-7d4-abcde", Ingress, owner: "istio-ingressgateway-7d4", hash: "7d4")
            + Pod("istio-system/istio-ingressgateway-7d4-fghij", Ingress, owner: "istio-ingressgateway-7d4", hash: "7d4"));

        var finding = Assert.Single(report.Findings);
        Assert.Equal(["istio-system/istio-ingressgateway"], finding.Workloads);
        Assert.Equal("istio-system/cert", Assert.IsType<SharedCertificateDetail>(finding.Detail).Certificate);
    }

    [Fact]
    public void Workloads_that_the_same_Gateways_reach_are_one_finding_naming_each()
    {
        // Pods without an owner (or a DaemonSet's) are workloads of their own; istiod gives them
        // one configuration, so they are analysed once.
        var report = Check(Gateway("a/one", Ingress, [Simple(443, "a.example.com")]) + Gateway("b/two", Ingress, [Simple(443, "b.example.com")])
            + Pod("istio-system/gateway-a", Ingress) + Pod("istio-system/gateway-b", Ingress));

        var finding = Assert.Single(report.Findings);
        Assert.Equal(["istio-system/gateway-a", "istio-system/gateway-b"], finding.Workloads);
    }

    [Fact]
    public void Objects_are_kept_only_when_asked_and_the_analysis_does_not_need_them()
    {
        var path = Path.Combine(Repo.Examples, "seed", "error-1-two-gateways.yaml");
        var objects = new Documents.ObjectsAsRead();
        var kept = Sources.ManifestFiles.Load([path], keep: objects);
        var light = Sources.ManifestFiles.Load([path]);

        Assert.NotEmpty(Analyzer.Check(light).Findings);
        Assert.Equal(Describe(Analyzer.Check(kept).Findings), Describe(Analyzer.Check(light).Findings));
        // Every Gateway and VirtualService, whole: the file's two Gateways and two VirtualServices.
        Assert.Equal(kept.Gateways.Count + kept.VirtualServices.Count, objects.Count);
        Assert.Equal(4, objects.Count);
        Assert.Equal("testhl", (string?)objects.Of(kept.Gateways[0])["spec"]!["servers"]![0]!["tls"]!["credentialName"]);
    }

    /// <summary>A Service whose target port is a name the input's pods do not show leaves Gateway
    /// port 443 assumed on listener 443, where it sends Gateway port 8443 too: a shared finding on
    /// that listener is established only if every server's port is.</summary>
    [Fact]
    public void A_shared_finding_is_on_an_established_port_only_if_every_server_is()
    {
        var yaml = Gateway("web/a", Ingress, [Simple(443, "a.example.com")]) + Gateway("web/b", Ingress, [Simple(8443, "b.example.com")]);

        var mixed = Assert.Single(Check(Manifests.NamedTargetService + yaml).Findings);
        var established = Assert.Single(Check(Manifests.IngressService + yaml.Replace("8443", "443", StringComparison.Ordinal)).Findings);

        Assert.Equal("SharedCertificate error web/a#0,web/b#0", Describe([mixed])[0]);
        Assert.Equal(new PortBinding(443, null), mixed.Binding);
        Assert.False(mixed.PortEstablished);
        Assert.True(established.PortEstablished);
    }

    [Fact]
    public void The_fix_names_the_oldest_gateway()
    {
        var report = Check(Gateway("z/new", Ingress, [Simple(443, "a.example.com")], created: "2025-06-01T00:00:00Z")
            + Gateway("a/newest", Ingress, [Simple(443, "b.example.com")], created: "2025-07-01T00:00:00Z")
            + Gateway("m/old", Ingress, [Simple(443, "c.example.com")], created: "2024-01-01T00:00:00Z"));

        var finding = Assert.Single(report.Findings);
        Assert.Equal("m/old", finding.Fix?.MergeInto);
        Assert.Contains("apply-421", finding.Fix?.Text, StringComparison.Ordinal);
        Assert.Equal(["m/old#0", "z/new#0", "a/newest#0"], finding.Servers.Select(s => s.Key));
    }

    [Fact]
    public void A_missing_creation_time_sorts_first_as_istiods_zero_time()
    {
        var report = Check(Gateway("z/undated", Ingress, [Simple(443, "a.example.com")])
            + Gateway("a/dated", Ingress, [Simple(443, "b.example.com")], created: "2025-01-01T00:00:00Z"));

        Assert.Equal("z/undated", Assert.Single(report.Findings).Fix?.MergeInto);
    }

    [Fact]
    public void Namespace_filter_limits_the_report_not_the_analysis()
    {
        var yaml = Gateway("team-a/one", Ingress, [Simple(443, "a.example.com")]) + Gateway("team-b/two", Ingress, [Simple(443, "b.example.com")])
            + Gateway("team-c/x", Ingress, [Simple(443, "x.example.com", "other")]) + Gateway("team-c/y", Ingress, [Simple(443, "y.example.com", "other")]);

        Assert.Equal(["SharedCertificate error team-a/one#0,team-b/two#0"], Describe(Analyzer.Check(Snapshot(yaml), new CheckOptions { Namespace = "team-b" }).Findings));
        Assert.Empty(Analyzer.Check(Snapshot(yaml), new CheckOptions { Namespace = "team-z" }).Findings);
    }
}
