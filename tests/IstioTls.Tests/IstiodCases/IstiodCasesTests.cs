using IstioTls.Analysis.Misdirected;
using IstioTls.Plans.Merge;
using IstioTls.Plans.Misdirected;
using IstioTls.Tests.Support;

namespace IstioTls.Tests.IstiodCases;

/// <summary>
/// The inputs on which the tool and istiod once disagreed (Cases/istiod, copied from the
/// project's shared istiod-cases with the Istio source lines that decide each): every row is
/// what istiod (istio/istio at 86c9f01) builds from the file, as findings
/// (<c>Code severity servers</c>). The Gateway API cases (03-09, 13b) are in
/// GatewayApiCasesTests.
/// </summary>
public sealed class IstiodCasesTests
{
    private static string Case(string file) => File.ReadAllText(Path.Combine(Repo.Cases, "istiod", file));

    public static TheoryData<string, string, string[]> Checks => new()
    {
        { "01-missing-timestamp-order.yaml", "a Gateway without creationTimestamp is istiod's zero time: first, so zeta is dropped", ["DuplicateHost error istio-system/alpha#0,istio-system/zeta#0"] },
        { "02-same-targetport.yaml", "443 → 8443 through the Service and a Gateway port 8443 share listener 8443", ["SharedCertificate error istio-system/a#0,istio-system/b#0"] },
        { "02b-same-targetport-duphost.yaml", "one listener 8443: the host is a duplicate there", ["DuplicateHost error istio-system/a#0,istio-system/b#0"] },
        { "02c-named-targetport.yaml", "a named targetPort resolves through the pod's container ports", ["SharedCertificate error istio-system/a#0,istio-system/b#0"] },
        { "10-star-plus-hosts-sni.yaml", "still one certificate on one listener (the catch-all's table is below)", ["SharedCertificate error istio-system/any#0,istio-system/wild#0"] },
        { "11-star-slash-star-collapse.yaml", "*/* makes the host list *: no duplicate, istiod keeps both", [] },
        { "12-bind-knownhosts-overwrite.yaml", "istiod remembers one bind per host: p3 slips through and Envoy rejects listener 10.0.0.1:443", ["ListenerRejected error istio-system/p1#0,istio-system/p3#0"] },
        { "13-plaintext-first-on-443.yaml", "plain HTTP took 443 first: both HTTPS servers are skipped, no TLS on 443", [] },
        { "14-passthrough-sni-from-vs.yaml", "the terminating servers share a certificate (the passthrough chain is in the table below)", ["SharedCertificate error istio-system/web#0,istio-system/web#1"] },
        { "17-merge-tls-fields-portname.yaml", "control: one certificate per port", ["SharedCertificate error istio-system/g1#0,web/g2#0", "SharedCertificate error istio-system/g1#1,web/g2#1"] },
        { "18-builtin-credential.yaml", "builtin:// is the workload's mesh certificate, not a Secret a browser pools on", [] },
        { "19-consistent-wildcards.yaml", "control: *.a.com and x.a.com are no duplicates; * and * are; an https redirect's tls block counts", ["DuplicateHost error istio-system/g1#2,istio-system/g2#2", "DuplicateHost error istio-system/g1#1,istio-system/g2#1"] },
        { "20-hosttable-bind-blind.yaml", "different binds are different listeners (the table is below)", ["SharedCertificate error istio-system/g#1,istio-system/g#2"] },
        { "22-consistent-tls-modes.yaml", "control: only OPTIONAL_MUTUAL of these terminates for browsers", ["SharedCertificate error istio-system/modes#6,istio-system/modes#7"] },
        { "23-filter-other-namespace.yaml", "a filter outside the root namespace reaches only its own namespace's proxies: not mitigated", ["SharedCertificate error istio-system/default#0,istio-system/default2#0"] },
        { "23b-root-namespace-filter.yaml", "a filter in the root namespace reaches every namespace: mitigated", ["SharedCertificate info store/web#0,store/web#1"] },
        { "25-duplicate-chain.yaml", "a dropped server's hosts are not recorded: c is kept", ["DuplicateHost error istio-system/a#0,istio-system/b#0"] },
        { "26-shared-cert-with-dropped-server.yaml", "a dropped server shares no certificate", ["DuplicateHost error istio-system/a#0,istio-system/b#0"] },
    };

    [Theory]
    [MemberData(nameof(Checks))]
    public void Check_finds_what_istiod_builds(string file, string why, string[] expected)
    {
        var found = Manifests.Describe(Manifests.Check(Case(file)).Findings);

        Assert.True(expected.SequenceEqual(found), $"{file} ({why}): {string.Join("; ", found)}");
    }

    [Fact]
    public void Case_03_an_unmanaged_gateway_api_gateway_runs_on_the_pods_of_its_address_service()
    {
        var without = Manifests.Check(Case("03-gwapi-unmanaged-address.yaml"));
        var with = Manifests.Check(Case("03-gwapi-unmanaged-address.yaml") + Manifests.IngressService);

        // Without the Service its pods are unknown: no finding, and a warning that says so.
        Assert.Empty(without.Findings);
        Assert.Contains(without.Warnings, w => w.Contains("runs on the pods of Service istio-system/istio-ingressgateway (spec.addresses), which is not in the input", StringComparison.Ordinal));
        Assert.Equal(["SharedCertificate error istio-system/legacy#0,istio-system/web#0"], Manifests.Describe(with.Findings));
        Assert.Equal(8443, with.Findings[0].Binding!.Value.Port);
    }

    [Fact]
    public void Case_21_universal_gateways_are_reported_only_on_workloads_a_selective_gateway_reaches()
    {
        // Not modelled yet: istiod applies a Gateway without selector to every gateway workload,
        // here also internal-gateway, which no selective Gateway reaches; the tool cannot tell a
        // gateway pod from an application pod in the input, and names only istio-ingressgateway.
        var finding = Assert.Single(Manifests.Check(Case("21-universal-gateways-all-workloads.yaml")).Findings);

        Assert.Equal(["istio-system/istio-ingressgateway-1"], finding.Workloads);
    }

    public static TheoryData<string, string[], string[]> PreciseTables => new()
    {
        { "10-star-plus-hosts-sni.yaml", ["{\"*\"}", "{\"*.b.example\"}"], ["x.b.example"] },
        { "14-passthrough-sni-from-vs.yaml", ["{\"db.example.com\"}", "{\"a.example.com\"}", "{\"b.example.com\"}"], ["*.example.com"] },
        { "20-hosttable-bind-blind.yaml", ["{\"a.example.com\", \"c.example.com\"}", "{\"b.example.com\"}"], [] },
    };

    [Theory]
    [MemberData(nameof(PreciseTables))]
    public void The_precise_table_holds_the_sni_names_of_envoys_filter_chains(string file, string[] entries, string[] absent)
    {
        var filter = Assert.Single(MisdirectedFixtures.Plan(Case(file), new Apply421Options { Mode = MisdirectedMode.Precise }).Filters).Object.ToJsonString();
        var lua = System.Text.Json.Nodes.JsonNode.Parse(filter)!["spec"]!["configPatches"]!.AsArray()
            .Select(p => (string)p!["patch"]!["value"]!["typed_config"]!["default_source_code"]!["inline_string"]!).Single();

        Assert.All(entries, e => Assert.Contains("  " + e + ",", lua, StringComparison.Ordinal));
        Assert.All(absent, a => Assert.DoesNotContain($"\"{a}\"", lua, StringComparison.Ordinal));
    }

    [Fact]
    public void Case_20_the_filter_names_the_listener_of_its_bind()
    {
        var filter = Assert.Single(MisdirectedFixtures.Plan(Case("20-hosttable-bind-blind.yaml"), new Apply421Options { Mode = MisdirectedMode.Precise }).Filters).Object;

        var listener = Assert.Single(filter["spec"]!["configPatches"]!.AsArray())!["match"]!["listener"]!;
        Assert.Equal("10.0.0.2_443", (string)listener["name"]!);
        Assert.Equal(443, (int)listener["portNumber"]!);
    }

    [Fact]
    public void Case_15_merge_repoints_a_reference_in_the_legacy_fqdn_form_before_deleting()
    {
        var plan = Merging.Plan(Case("15-merge-vs-legacy-fqdn-ref.yaml"));

        Assert.Contains("VirtualService bus-system/asm2", Merging.ApplyOrder(plan));
        Assert.Equal(["Gateway istio-system/default2"], Merging.Deletions(plan));
        Assert.Contains("istio-system/default", Merging.Strings(Merging.Applied(plan, "VirtualService", "bus-system/asm2")["spec"]!["gateways"]));
    }

    [Theory]
    [InlineData("16-merge-wildcard-vs-leak.yaml", false, "merging would also route asm1.test.com (port 443) through VirtualService istio-system/b")]
    [InlineData("16b-merge-wildcard-exposes-vs.yaml", true, "merging would also route admin.test.com (port 443) through VirtualService istio-system/admin")]
    public void Cases_16_a_merge_that_would_change_the_routes_of_a_host_is_skipped(string file, bool wildcard, string reason)
    {
        var plan = Merging.Plan(Case(file), new MergeOptions { Wildcard = wildcard });

        Assert.False(plan.HasChanges);
        Assert.StartsWith(reason, Assert.Single(plan.Skipped).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Case_16b_without_wildcard_merges_the_routes_stay()
    {
        var plan = Merging.Plan(Case("16b-merge-wildcard-exposes-vs.yaml"));

        Assert.Empty(plan.Skipped);
        Assert.Equal(["Gateway istio-system/default2"], Merging.Deletions(plan));
    }

    [Fact]
    public void Case_26_nothing_to_merge_where_istiod_drops_the_server()
    {
        Assert.False(Merging.Plan(Case("26-shared-cert-with-dropped-server.yaml")).HasChanges);
    }
}
