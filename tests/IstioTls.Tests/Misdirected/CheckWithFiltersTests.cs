using IstioTls.Analysis;
using IstioTls.Analysis.Misdirected;
using IstioTls.Model;
using IstioTls.Plans.Misdirected;
using IstioTls.Tests.Support;
using static IstioTls.Tests.Support.Manifests;
using static IstioTls.Tests.Support.MisdirectedFixtures;

namespace IstioTls.Tests.Misdirected;

/// <summary>
/// <c>check</c> reads EnvoyFilters: this tool's current filter mitigates the findings of its
/// workload, a precise filter gone stale and a copy of the seed's snippet are findings.
/// </summary>
public class CheckWithFiltersTests
{
    private static readonly string Seed1 = File.ReadAllText(Path.Combine(Repo.Examples, "seed", "error-1-two-gateways.yaml"));
    private static readonly string SeedFilter = File.ReadAllText(Path.Combine(Repo.Cases, "seed-misdirected-filter.yaml"));

    // The seed's example 1 after `merge`: one server with both hosts, on the same workload.
    private static readonly string Merged = Gateway("istio-system/default", Ingress, [Simple(443, "asm1.test.com,asm2.test.com", "testhl")]);

    private const string ForeignFilter = """
        ---
        apiVersion: networking.istio.io/v1alpha3
        kind: EnvoyFilter
        metadata: {name: other-team, namespace: istio-system}
        spec:
          workloadSelector: {labels: {istio: ingressgateway}}
          configPatches:
          - applyTo: HTTP_FILTER
            match: {context: GATEWAY, listener: {filterChain: {filter: {name: envoy.filters.network.http_connection_manager}}}}
            patch: {operation: INSERT_FIRST, value: {name: other-team.lua}}

        """;

    private static string Filters(string manifests, Apply421Options? options = null) =>
        string.Concat(Plan(manifests, options).Filters.Select(f => "---\n" + f.Object.ToJsonString() + "\n"));

    public static NamedRows.Table<Func<string>, string[]> Cases => new()
    {
        // situation, manifests (made when the row runs: Filters plans them), "Code severity mitigatedBy" of each finding
        {
            "a strict filter on the workload mitigates its finding",
            () => Seed1 + Filters(Seed1),
            ["SharedCertificate info istio-system/istio-tls-421-istio-ingressgateway"]
        },
        {
            "a current precise filter mitigates where a Service tells the listener port",
            () => Seed1 + IngressService + Filters(Seed1 + IngressService, new Apply421Options { Mode = MisdirectedMode.Precise }),
            ["SharedCertificate info istio-system/istio-tls-421-istio-ingressgateway"]
        },
        {
            "without a Service the listener port of a precise filter is not known: mitigation unverified, a warning",
            () => Seed1 + Filters(Seed1, new Apply421Options { Mode = MisdirectedMode.Precise }),
            ["SharedCertificate warning -"]
        },
        {
            "a precise filter on the Gateway port, where the Service moves the listener to the target port, matches nothing",
            () => Seed1 + IngressService + Filters(Seed1, new Apply421Options { Mode = MisdirectedMode.Precise }),
            ["SharedCertificate error -", "UnmatchedMisdirectedFilter error -", "StaleMisdirectedFilter warning -"]
        },
        {
            "a strict filter needs no port: with a Service it mitigates",
            () => Seed1 + IngressService + Filters(Seed1),
            ["SharedCertificate info istio-system/istio-tls-421-istio-ingressgateway"]
        },
        {
            "a filter on another workload does not",
            () => Seed1 + Filters(Gateway("web/a", "istio=other", [Simple(443, "a.example.com")]), new Apply421Options { All = true }),
            ["SharedCertificate error -"]
        },
        {
            "a precise filter whose Gateways gained a server is stale and mitigates nothing",
            () => Seed1 + Filters(Seed1, new Apply421Options { Mode = MisdirectedMode.Precise })
                + Gateway("istio-system/third", Ingress, [Simple(443, "asm3.test.com", "testhl")]),
            ["SharedCertificate error -", "StaleMisdirectedFilter warning -"]
        },
        {
            "a precise filter stays current when only another workload changes",
            () => Seed1 + IngressService + Filters(Seed1 + IngressService, new Apply421Options { Mode = MisdirectedMode.Precise })
                + Gateway("web/elsewhere", "istio=other", [Simple(443, "a.example.com", "x"), Simple(443, "b.example.com", "x")]),
            ["SharedCertificate error -", "SharedCertificate info istio-system/istio-tls-421-istio-ingressgateway"]
        },
        {
            "with pods, the filter must be in their namespace (or the root namespace)",
            () => Seed1 + Deployment("gateways/ingress", Ingress) + Filters(Seed1, new Apply421Options { Namespace = "apps", Selector = LabelsOf(Ingress) }),
            ["SharedCertificate error -"]
        },
        {
            "a filter in the root namespace reaches gateway pods in every namespace",
            () => Seed1 + Deployment("gateways/ingress", Ingress) + Filters(Seed1, new Apply421Options { Namespace = "istio-system", Selector = LabelsOf(Ingress) }),
            ["SharedCertificate info istio-system/istio-tls-421-istio-ingressgateway"]
        },
        {
            "without pods, a filter outside the root namespace and the Gateways' namespace reaches nothing they tell",
            () => Seed1 + Filters(Seed1, new Apply421Options { Namespace = "apps", Selector = LabelsOf(Ingress) }),
            ["SharedCertificate error -"]
        },
        {
            "a strict filter left after the merge is unneeded",
            () => Merged + Filters(Seed1),
            ["UnneededMisdirectedFilter info -"]
        },
        {
            "a strict filter is needed while a PossibleSharedCertificate stands",
            () => Gateway("istio-system/a", Ingress, [Simple(443, "a.example.com", "x")])
                + Gateway("istio-system/b", Ingress + ",tier=edge", [Simple(443, "b.example.com", "x")])
                + Filters(Seed1),
            ["PossibleSharedCertificate info -"]
        },
        {
            "a strict filter installed with --all where nothing is shared is there on purpose",
            () => Merged + Filters(Merged, new Apply421Options { All = true }),
            []
        },
        {
            "a strict filter with no Gateway of its workload in the input may still be needed",
            () => Gateway("web/other", "istio=other", [Simple(443, "a.example.com")]) + Filters(Seed1),
            []
        },
        {
            "a precise filter left after the merge is stale, not unneeded",
            () => Merged + Filters(Seed1, new Apply421Options { Mode = MisdirectedMode.Precise }),
            ["StaleMisdirectedFilter warning -"]
        },
        {
            "the seed's snippet is a finding of its own and mitigates nothing",
            () => Seed1 + "---\n" + SeedFilter,
            ["SharedCertificate error -", "SeedMisdirectedFilter warning -"]
        },
    };

    public static TheoryData<string> Situations => Cases.Names;

    [Theory]
    [MemberData(nameof(Situations))]
    public void Filters_change_the_findings(string situation)
    {
        var (manifests, expected) = Cases[situation];
        var report = Check(manifests());

        var actual = report.Findings.Select(f => $"{f.Code} {f.Severity.ToName()} {f.MitigatedBy ?? "-"}").ToList();
        Assert.True(expected.SequenceEqual(actual), $"{situation}: {string.Join("; ", actual)}");
        Assert.All(report.Findings.Where(f => f.MitigatedBy is not null), f => Assert.Contains($"mitigated: EnvoyFilter {f.MitigatedBy}", f.Message, StringComparison.Ordinal));
    }

    /// <summary>Which of several EnvoyFilters mitigates (a table of its own: rule-findings.txt
    /// holds every row of <see cref="Cases"/>).</summary>
    public static NamedRows.Table<Func<string>, string[]> WhichFilter => new()
    {
        // situation, manifests (made when the row runs), "Code severity mitigatedBy" of each finding
        {
            // Both reach the workload; the report names one filter, the same on every run.
            "two current filters on the workload: the first by namespace and name mitigates",
            () => Seed1 + Filters(Seed1) + Filters(Seed1).Replace("\"istio-tls-421-istio-ingressgateway\"", "\"istio-tls-421-a-copy\"", StringComparison.Ordinal),
            ["SharedCertificate info istio-system/istio-tls-421-a-copy"]
        },
        {
            // Another team's EnvoyFilter on the same workload: nothing says it answers 421.
            "an EnvoyFilter that is not this tool's mitigates nothing",
            () => Seed1 + ForeignFilter,
            ["SharedCertificate error -"]
        },
    };

    public static TheoryData<string> WhichFilterSituations => WhichFilter.Names;

    [Theory]
    [MemberData(nameof(WhichFilterSituations))]
    public void Only_this_tools_filters_mitigate_and_the_first_by_name_is_named(string situation)
    {
        var (manifests, expected) = WhichFilter[situation];
        var report = Check(manifests());

        var actual = report.Findings.Select(f => $"{f.Code} {f.Severity.ToName()} {f.MitigatedBy ?? "-"}").ToList();
        Assert.True(expected.SequenceEqual(actual), $"{situation}: {string.Join("; ", actual)}");
    }

    /// <summary>Which risks keep a strict filter from being unneeded: only those of its own
    /// Gateways. Not in <see cref="Cases"/>, whose findings the golden file rule-findings.txt
    /// holds in full.</summary>
    public static NamedRows.Table<Func<string>, string[]> UnneededCases => new()
    {
        {
            "a strict filter whose own workload has nothing at risk is unneeded, whatever another workload's risk",
            () => Merged + Filters(Seed1) + Gateway("web/elsewhere", "istio=other", [Simple(443, "a.example.com", "x"), Simple(443, "b.example.com", "x")]),
            ["SharedCertificate error -", "UnneededMisdirectedFilter info -"]
        },
        {
            "a strict filter outside the Gateways' namespace that one Gateway of a possible finding applies to is misplaced, not unneeded",
            () => Gateway("web/a", Ingress, [Simple(443, "a.example.com", "x")])
                + Gateway("web/b", Ingress + ",tier=edge", [Simple(443, "b.example.com", "x")])
                + Filters(Seed1, new Apply421Options { Namespace = "apps", Selector = LabelsOf(Ingress) }),
            ["PossibleSharedCertificate info -"]
        },
    };

    public static TheoryData<string> UnneededSituations => UnneededCases.Names;

    [Theory]
    [MemberData(nameof(UnneededSituations))]
    public void A_strict_filter_is_unneeded_by_the_risks_of_its_own_Gateways(string situation)
    {
        var (manifests, expected) = UnneededCases[situation];
        var report = Check(manifests());

        var actual = report.Findings.Select(f => $"{f.Code} {f.Severity.ToName()} {f.MitigatedBy ?? "-"}").ToList();
        Assert.True(expected.SequenceEqual(actual), $"{situation}: {string.Join("; ", actual)}");
    }

    /// <summary>Live, a finding of Gateways that reach no pod now is info; a filter whose reach
    /// the input cannot tell says so in the message, and must not raise the finding to a warning.</summary>
    [Fact]
    public void An_unverified_mitigation_leaves_an_info_finding_info()
    {
        var shared = Gateway("web/a", "istio=ingressgateway-2", [Simple(443, "a.example.com")]) + Gateway("web/b", "istio=ingressgateway-2", [Simple(443, "b.example.com")]);
        var filter = Filters(shared, new Apply421Options { Selector = LabelsOf("istio=ingressgateway-2"), Namespace = "web" });
        var pod = Pod("istio-system/istio-ingressgateway-7d4-abcde", Ingress, owner: "istio-ingressgateway-7d4", hash: "7d4");

        var finding = Assert.Single(Analyzer.Check(Snapshot(shared + filter + pod, new ContextOrigin("test"), podsListed: true)).Findings);

        Assert.Equal(Severity.Info, finding.Severity);
        Assert.EndsWith(
            "; selector istio=ingressgateway-2 reaches no gateway pod now, so no browser is at risk yet; mitigation unverified: EnvoyFilter web/istio-tls-421-istio-ingressgateway-2 may answer 421, but it applies only to gateway pods in namespace web (not the root namespace istio-system), and no pods in the input tell where this workload runs",
            finding.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_mitigated_finding_no_longer_fails_the_check()
    {
        Assert.True(Check(Seed1).Fails(Severity.Warning));
        Assert.False(Check(Seed1 + Filters(Seed1)).Fails(Severity.Warning));
    }

    [Fact]
    public void The_unneeded_finding_says_how_to_delete_and_what_was_not_inspected()
    {
        var unneeded = Assert.Single(Check(Merged + Filters(Seed1)).Findings);
        var about = Assert.IsType<MisdirectedFilterDetail>(unneeded.Detail);

        Assert.Null(unneeded.Binding);
        Assert.Equal("istio-system/istio-tls-421-istio-ingressgateway", about.Filter.Key);
        Assert.Equal(["asm1.test.com", "asm2.test.com"], about.Hosts);
        Assert.Equal("delete it: kubectl istio-tls apply-421 --delete --selector istio=ingressgateway --namespace istio-system", unneeded.Fix!.Text);
        Assert.Equal(["certificates were not inspected: a wildcard certificate that covers another server's host needs the filter too; check with --inspect-certs before deleting it"], about.Details);
        Assert.Empty(Assert.IsType<MisdirectedFilterDetail>(Analyzer.Check(Snapshot(Merged + Filters(Seed1), inspectCertificates: true)).Findings.Single().Detail).Details);
    }

    [Fact]
    public void A_filter_installed_where_nothing_is_shared_says_so_and_one_at_risk_does_not()
    {
        var deliberate = Assert.Single(Plan(Merged, new Apply421Options { All = true }).Filters).Object;
        var atRisk = Assert.Single(Plan(Seed1, new Apply421Options { All = true }).Filters).Object;

        Assert.Equal(FindingCodes.UnneededMisdirectedFilter, (string?)deliberate["metadata"]!["annotations"]![Suppression.Annotation]);
        Assert.Null(atRisk["metadata"]!["annotations"]);
        Assert.Single(Check(Merged + Filters(Merged, new Apply421Options { All = true })).Suppressed);
    }

    [Fact]
    public void The_seed_filter_finding_names_its_defects()
    {
        var finding = Assert.Single(Check(SeedFilter).Findings);

        Assert.Equal(FindingCodes.SeedMisdirectedFilter, finding.Code);
        var about = Assert.IsType<MisdirectedFilterDetail>(finding.Detail);
        Assert.Equal("istio-system/misdirected-request", about.Filter.Key);
        Assert.Equal(
            [
                "its wildcard branch is dead code: a client never sends an SNI that starts with \"*.\"",
                "string.find without plain=true reads \".\", \"-\" and \"%\" as pattern characters and finds a substring, not a suffix: example.com.evil.net passes for example.com",
                "it compares hosts case-sensitively: Example.com is not example.com",
                "it cuts the :authority at the first \":\" and keeps a trailing dot: [::1]:443 and example.com. are compared wrongly",
                "a request without :authority raises a Lua error, which Envoy answers with 500 or skips",
                "it answers 421 even between two hosts of the same server, forcing needless new connections",
                "it has no workloadSelector: it applies to every gateway in namespace istio-system (in Istio's root namespace, to every gateway of the mesh)",
                "it is not inserted first in the HTTP filter chain: JWT and RBAC filters before it answer 401/403 first",
                "it uses the deprecated inline_code field instead of default_source_code.inline_string",
            ],
            about.Details);
        Assert.Contains("kubectl istio-tls apply-421 --dry-run", finding.Fix!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_filter_finding_names_its_context_as_every_other_finding()
    {
        var builder = new Sources.SnapshotBuilder();
        foreach (var document in Sources.ManifestReader.Read("cluster", System.Text.Encoding.UTF8.GetBytes(Seed1 + "---\n" + SeedFilter)))
        {
            builder.AddDocument(document, "cluster");
        }

        var live = Analyzer.Check(builder.Build(new Model.ContextOrigin("prod")));
        var files = Check(Seed1 + "---\n" + SeedFilter);

        Assert.Equal(["prod", "prod"], live.Findings.Select(f => f.Context));
        Assert.Equal([FindingCodes.SharedCertificate, FindingCodes.SeedMisdirectedFilter], live.Findings.Select(f => f.Code));
        Assert.All(files.Findings, f => Assert.Null(f.Context));
    }

    [Fact]
    public void The_seed_filter_finding_can_be_ignored_on_the_filter()
    {
        var annotated = SeedFilter.Replace("  namespace: istio-system\n", "  namespace: istio-system\n  annotations:\n    istio-tls.io/ignore: SeedMisdirectedFilter\n", StringComparison.Ordinal);

        var report = Check(annotated);

        Assert.Empty(report.Findings);
        Assert.Single(report.Suppressed);
    }

    [Fact]
    public void Our_own_filter_and_other_lua_filters_are_not_the_seed()
    {
        var other = """
            apiVersion: networking.istio.io/v1alpha3
            kind: EnvoyFilter
            metadata: {name: hello, namespace: web}
            spec:
              configPatches:
              - applyTo: HTTP_FILTER
                patch:
                  operation: INSERT_FIRST
                  value:
                    name: hello
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua
                      default_source_code: {inline_string: "function envoy_on_request(h) h:logInfo(h:headers():get(':authority')) end"}
            """;

        Assert.Empty(Check(other).Findings);
        Assert.Empty(Check(Filters(Seed1)).Findings);
    }

    [Fact]
    public void The_stale_finding_says_how_to_regenerate()
    {
        var manifests = Seed1 + Filters(Seed1, new Apply421Options { Mode = MisdirectedMode.Precise }) + Gateway("istio-system/third", Ingress, [Simple(443, "asm3.test.com", "testhl")]);

        var stale = Assert.Single(Check(manifests).Findings, f => f.Code == FindingCodes.StaleMisdirectedFilter);

        Assert.Equal("regenerate it: kubectl istio-tls apply-421 --mode precise --selector istio=ingressgateway --namespace istio-system", stale.Fix!.Text);
        Assert.Equal(["asm1.test.com", "asm2.test.com", "asm3.test.com"], Assert.IsType<MisdirectedFilterDetail>(stale.Detail).Hosts);
    }

    /// <summary>What an unmatched precise filter says: the port it patches, and where Envoy
    /// really listens, through which Service.</summary>
    [Fact]
    public void An_unmatched_precise_filter_names_the_port_Envoy_listens_on()
    {
        var manifests = Seed1 + IngressService + Filters(Seed1, new Apply421Options { Mode = MisdirectedMode.Precise });

        var unmatched = Assert.Single(Check(manifests).Findings, f => f.Code == FindingCodes.UnmatchedMisdirectedFilter);

        Assert.Equal(
            "EnvoyFilter istio-system/istio-tls-421-istio-ingressgateway matches listener port 443, where its workload has no Envoy listener; Envoy listens on the Service's target port: 443 → 8443 (Service istio-system/istio-ingressgateway port 443→8443): it answers 421 to nothing, and browsers still get 404",
            unmatched.Message);
    }

    /// <summary>A filter made for target port 8443 after the Service moved to 9443: no server's
    /// port was translated to 8443, so the message has no "Envoy listens on" part.</summary>
    [Fact]
    public void An_unmatched_precise_filter_on_a_port_no_server_has_says_only_that()
    {
        var moved = IngressService.Replace("targetPort: 8443", "targetPort: 9443", StringComparison.Ordinal);
        var manifests = Seed1 + moved + Filters(Seed1 + IngressService, new Apply421Options { Mode = MisdirectedMode.Precise });

        var unmatched = Assert.Single(Check(manifests).Findings, f => f.Code == FindingCodes.UnmatchedMisdirectedFilter);

        Assert.Equal(
            "EnvoyFilter istio-system/istio-tls-421-istio-ingressgateway matches listener port 8443, where its workload has no Envoy listener: it answers 421 to nothing, and browsers still get 404",
            unmatched.Message);
    }

    /// <summary>Which precise filters the unmatched rule judges: one whose patch names a listener
    /// Envoy does not have is unmatched even on the right port; one without a selector, or whose
    /// selector reaches no Gateway, is not judged (this tool never writes the first, and the second
    /// has no listener to be measured against).</summary>
    [Theory]
    [InlineData("as generated", "", "", false)]
    [InlineData("the listener's name as Envoy has it", "\"portNumber\":8443", "\"portNumber\":8443,\"name\":\"0.0.0.0_8443\"", false)]
    [InlineData("a listener name Envoy does not have", "\"portNumber\":8443", "\"portNumber\":8443,\"name\":\"0.0.0.0_9443\"", true)]
    [InlineData("on the wrong port", "\"portNumber\":8443", "\"portNumber\":443", true)]
    [InlineData("on the wrong port, without a selector", "\"portNumber\":8443", "\"portNumber\":443", false, true)]
    [InlineData("on the wrong port, its selector reaching no Gateway", "\"portNumber\":8443,", "\"portNumber\":443,", false, false, true)]
    public void An_unmatched_precise_filter_is_one_on_a_listener_its_workload_does_not_have(string situation, string from, string to, bool unmatched, bool noSelector = false, bool noGateway = false)
    {
        var filter = Filters(Seed1 + IngressService, new Apply421Options { Mode = MisdirectedMode.Precise });
        Assert.Contains("\"portNumber\":8443", filter, StringComparison.Ordinal);
        filter = from.Length == 0 ? filter : filter.Replace(from, to, StringComparison.Ordinal);
        if (noSelector)
        {
            filter = RemoveSelector(filter);
        }
        if (noGateway)
        {
            filter = filter.Replace("\"labels\":{\"istio\":\"ingressgateway\"}", "\"labels\":{\"istio\":\"nothing\"}", StringComparison.Ordinal);
            Assert.Contains("\"istio\":\"nothing\"", filter, StringComparison.Ordinal);
        }

        // With the gateway pods, so that a filter without a selector would select them.
        var findings = Check(Seed1 + IngressService + Deployment("istio-system/ingress", Ingress) + filter).Findings;

        Assert.True(unmatched == findings.Any(f => f.Code == FindingCodes.UnmatchedMisdirectedFilter), situation);
    }

    /// <summary>This tool's precise filter as check reads it: the mode label, the selector, and one
    /// patch per listener port (the Lua is not read here).</summary>
    private static string PreciseFilter(params int[] ports) => EnvoyFilter(
        "istio-system/precise",
        Ingress,
        ports.Select(port => $"- applyTo: HTTP_FILTER\n  match: {{context: GATEWAY, listener: {{portNumber: {port}}}}}\n  patch: {{operation: INSERT_FIRST}}"),
        "app.kubernetes.io/managed-by=kubectl-istio-tls,istio-tls.io/misdirected=precise");

    private static readonly string PlainHttp = Gateway("istio-system/plain", Ingress, [Server(80, "plain.test.com", "", protocol: "HTTP")]);

    public static NamedRows.Table<Func<string>, bool> UnmatchedCases => new()
    {
        {
            "a patch on one of the workload's two listeners matches it",
            () => Seed1 + IngressService + PlainHttp + PreciseFilter(8443),
            false
        },
        {
            "a patch on a port no listener of the workload has",
            () => Seed1 + IngressService + PlainHttp + PreciseFilter(443),
            true
        },
        {
            "a workload with a port not established is not judged, even where another port is",
            () => Seed1 + NamedTargetService + Gateway("istio-system/alt", Ingress, [Simple(8443, "alt.test.com", "testhl")]) + PreciseFilter(8443),
            false
        },
    };

    public static TheoryData<string> UnmatchedSituations => UnmatchedCases.Names;

    /// <summary>Which listeners an unmatched precise filter is measured against: every listener of
    /// its workload, and only where every port of it is established.</summary>
    [Theory]
    [MemberData(nameof(UnmatchedSituations))]
    public void A_precise_filter_is_unmatched_only_on_a_port_none_of_its_established_listeners_has(string situation)
    {
        var (manifests, unmatched) = UnmatchedCases[situation];

        var findings = Check(manifests()).Findings;

        Assert.True(unmatched == findings.Any(f => f.Code == FindingCodes.UnmatchedMisdirectedFilter), $"{situation}: {string.Join("; ", Describe(findings))}");
    }

    /// <summary>Several unmatched ports, in order, and every Gateway port the Service moves.</summary>
    [Fact]
    public void An_unmatched_precise_filter_names_every_port_in_order_and_every_move()
    {
        const string Service = """
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: istio-ingressgateway, namespace: istio-system}
            spec:
              selector: {istio: ingressgateway}
              ports:
              - {name: https, port: 443, targetPort: 8443}
              - {name: http, port: 80, targetPort: 8080}

            """;

        var unmatched = Assert.Single(Check(Seed1 + Service + PlainHttp + PreciseFilter(9443, 80, 443)).Findings, f => f.Code == FindingCodes.UnmatchedMisdirectedFilter);

        Assert.Equal(
            "EnvoyFilter istio-system/precise matches listener port 80, 443, 9443, where its workload has no Envoy listener; Envoy listens on the Service's target port: 443 → 8443 (Service istio-system/istio-ingressgateway port 443→8443), 80 → 8080 (Service istio-system/istio-ingressgateway port 80→8080): it answers 421 to nothing, and browsers still get 404",
            unmatched.Message);
    }

    /// <summary>Which strict filters are unneeded: one on a workload with nothing at risk. Not one
    /// without a selector (this tool never writes it), and not one that misses the listener of
    /// Gateways at risk (misplaced: the risk stays reported, unmitigated).</summary>
    [Theory]
    [InlineData("as generated, after the merge", false, false, true)]
    [InlineData("without a selector, after the merge", true, false, false)]
    [InlineData("as generated, before the merge", false, false, false)]
    [InlineData("patched on a listener port Envoy does not have, before the merge", false, true, false)]
    public void An_unneeded_strict_filter_is_one_whose_workload_has_nothing_at_risk(string situation, bool noSelector, bool otherPort, bool unneeded)
    {
        var filter = Filters(Seed1);
        if (noSelector)
        {
            filter = RemoveSelector(filter);
        }
        if (otherPort)
        {
            Assert.Contains("\"listener\":{\"filterChain\"", filter, StringComparison.Ordinal);
            filter = filter.Replace("\"listener\":{\"filterChain\"", "\"listener\":{\"portNumber\":9443,\"filterChain\"", StringComparison.Ordinal);
        }
        var gateways = situation.EndsWith("after the merge", StringComparison.Ordinal) ? Merged : Seed1;

        var findings = Check(gateways + IngressService + Deployment("istio-system/ingress", Ingress) + filter).Findings;

        Assert.True(unneeded == findings.Any(f => f.Code == FindingCodes.UnneededMisdirectedFilter), situation);
        Assert.Equal(otherPort, findings.Any(f => f.Code == FindingCodes.SharedCertificate && f.MitigatedBy is null));
    }

    private static string RemoveSelector(string filter)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(filter.TrimStart('-', '\n'))!;
        Assert.True(node["spec"]!.AsObject().Remove("workloadSelector"));
        return "---\n" + node.ToJsonString() + "\n";
    }

    /// <summary>Where the filter is deleted depends on where it was read: from files, in the
    /// manifests (or on the cluster by apply-421); live, by apply-421.</summary>
    [Fact]
    public void An_unneeded_filter_is_deleted_where_it_was_read()
    {
        ConfigSnapshot Read(SnapshotOrigin origin) => Snapshot(Merged + Filters(Seed1), origin);
        const string Delete = "kubectl istio-tls apply-421 --delete --selector istio=ingressgateway --namespace istio-system";

        var fromFiles = Analyzer.Check(Read(new FilesOrigin(["gitops/"]))).Findings.Single(f => f.Code == FindingCodes.UnneededMisdirectedFilter);
        var live = Analyzer.Check(Read(new ContextOrigin("prod"))).Findings.Single(f => f.Code == FindingCodes.UnneededMisdirectedFilter);

        Assert.Equal($"delete it: remove EnvoyFilter istio-system/istio-tls-421-istio-ingressgateway from the manifests, or run {Delete} on the cluster", fromFiles.Fix!.Text);
        Assert.Equal($"delete it: {Delete}", live.Fix!.Text);
    }

    [Fact]
    public void The_seed_snippet_fails_the_harness_where_the_generated_filter_passes()
    {
        // The harness can fail: the seed's own Lua raises on a request without :authority and
        // answers 421 for the same host in another case.
        var seedLua = Assert.Single(Snapshot(SeedFilter).EnvoyFilters[0].LuaSources);

        var outcomes = LuaHarness.Run(seedLua, [new LuaRequest("example.com", null), new LuaRequest("example.com", "EXAMPLE.com")]);

        Assert.StartsWith("error ", outcomes[0], StringComparison.Ordinal);
        Assert.Equal("421 Misdirected Request", outcomes[1]);
    }
}
